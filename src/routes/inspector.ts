// The inspector at /__mock/: a page for a browser (static files from the package), and for an API
// client the control plane's index; the list of sessions and the live journal stream the page reads.
import { readFileSync } from 'node:fs'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ControlPlane } from '../control/control-plane.js'
import type { JournalStreams } from '../control/journal-stream.js'
import type { Session } from '../control/sessions.js'
import { AdminError, MockError } from '../errors.js'
import { acceptAny } from '../openapi/operations.js'
import { INSPECTOR_DIR } from '../package-files.js'
import { leaveOutOfJournal } from '../plugins/sessions.js'
import { AdminErrorSchema, SessionHeaderSchema } from '../schemas/admin.js'
import { ControlPlaneIndexSchema, InspectorPageSchema, JournalStreamSchema, SessionListSchema } from '../schemas/inspector.js'
import { ADMIN_TAG, adminSessionOf, carriesAdminToken } from './admin.js'
import { sendJson } from './call-executions.js'

export interface InspectorRoutesOptions {
  control: ControlPlane
  streams: JournalStreams
  adminToken: string | null
  publicUrl: string | null
  version: string
  /** The control plane's OpenAPI document, as served at an origin. */
  document: (origin: string) => Promise<string>
}

/** The page's assets with their types: part of the package (copied next to the compiled code by the build). */
const FILE_TYPES = new Map<string, string>([
  ['inspector.js', 'text/javascript; charset=utf-8'],
  ['inspector.css', 'text/css; charset=utf-8'],
  ['favicon.svg', 'image/svg+xml']
])

const read = new Map<string, Buffer>()

/** A file of the page (index.html or an asset), read on the first request for it and kept: starting the mock reads none of them. */
function pageFile (name: string): Buffer {
  let body = read.get(name)
  if (body === undefined) {
    body = readFileSync(new URL(name, INSPECTOR_DIR))
    read.set(name, body)
  }
  return body
}

/** Nothing but the mock itself: no CDN, no inline script, no frame. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Whether the `Accept` header prefers HTML: a browser's navigation does; an API client's `*` / `*` or JSON does not. */
export function wantsHtml (accept: string | undefined): boolean {
  if (accept === undefined) return false
  for (const range of accept.split(',')) {
    const type = range.split(';', 1)[0]?.trim().toLowerCase()
    if (type === 'text/html' || type === 'application/xhtml+xml') return true
    if (type === 'application/json') return false
  }
  return false
}

interface OpenapiPaths { paths?: Record<string, Record<string, { operationId?: string; summary?: string }>> }

/** The endpoints of the control plane's document, in its order. */
function endpointsOf (document: string): z.infer<typeof ControlPlaneIndexSchema>['endpoints'] {
  const { paths = {} } = JSON.parse(document) as OpenapiPaths
  const list: z.infer<typeof ControlPlaneIndexSchema>['endpoints'] = []
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue
      list.push({ method: method.toUpperCase(), path, operationId: operation.operationId ?? null, summary: operation.summary ?? null })
    }
  }
  return list
}

function summaryOf (control: ControlPlane, session: Session): z.infer<typeof SessionListSchema>['sessions'][number] {
  const clock = control.clock(session)
  return {
    name: session.name,
    requests: session.behaviour.requests,
    journal: { entries: session.journal.size, capacity: session.journal.capacity, bytes: session.journal.bytes },
    clock: { now: clock.now, running: clock.running },
    latency: control.behaviour(session).effectiveLatency,
    faults: session.behaviour.faults.length,
    createdRuns: session.created.size
  }
}

export async function inspectorRoutes (app: FastifyInstance, options: InspectorRoutesOptions): Promise<void> {
  const { control, streams } = options
  const refuse = (message: string): AdminError => new AdminError(400, message)
  leaveOutOfJournal(app)
  app.setValidatorCompiler(acceptAny)
  app.setErrorHandler(function renderInspectorError (error: FastifyError, request, reply) {
    if (error instanceof MockError) return sendJson(reply.headers(error.headers), error.statusCode, error.body())
    request.log.error({ err: error }, 'unexpected error in the control plane')
    return sendJson(reply, 500, JSON.stringify({ error: 'internal error' }))
  })
  const guard = (request: FastifyRequest): void => {
    if (options.adminToken !== null && !carriesAdminToken(request, options.adminToken)) {
      throw new AdminError(401, 'the control plane needs Authorization: Bearer <admin token>')
    }
  }
  const originOf = (request: FastifyRequest): string => options.publicUrl ?? `http://${request.headers.host ?? request.hostname}`
  const errors = { 400: AdminErrorSchema, 401: AdminErrorSchema }
  let endpoints: ReturnType<typeof endpointsOf> | undefined

  // The page itself asks for nothing secret: it loads without the token, then asks for it.
  app.get('/', {
    schema: {
      tags: [ADMIN_TAG.name],
      summary: 'The control plane\'s index, or the inspector page for a browser',
      operationId: 'controlPlaneIndex',
      description: 'With `Accept: text/html` (a browser), the inspector page: sessions, the live journal, runs and controls, ' +
        'all read and changed through this API. Otherwise this index of the endpoints and the link to the OpenAPI document.',
      response: {
        200: {
          description: 'The index (JSON), or the page (HTML) for a client that prefers HTML.',
          content: { 'application/json': { schema: ControlPlaneIndexSchema }, 'text/html': { schema: InspectorPageSchema } }
        },
        308: z.null().describe('From `/__mock` to `__mock/`: the page\'s links are relative.'),
        401: AdminErrorSchema
      }
    }
  }, async function controlPlaneIndex (request, reply: FastifyReply) {
    reply.header('vary', 'Accept')
    if (request.url === '/__mock') {
      // Relative links on the page need the trailing slash; a relative Location keeps a proxy's prefix.
      return reply.code(308).header('location', '__mock/').send()
    }
    if (wantsHtml(request.headers.accept)) {
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('cache-control', 'no-cache')
        .send(pageFile('index.html'))
    }
    guard(request)
    const origin = originOf(request)
    endpoints ??= endpointsOf(await options.document(origin))
    return {
      name: 'futureagi-mock control plane',
      version: options.version,
      openapi: `${origin}/__mock/openapi.json`,
      inspector: `${origin}/__mock/`,
      endpoints
    }
  })

  app.get<{ Params: { file: string } }>('/inspector/:file', { schema: { hide: true } }, async function inspectorFile (request, reply) {
    const type = FILE_TYPES.get(request.params.file)
    if (type === undefined) throw new AdminError(404, `no file ${request.params.file} in the inspector`)
    return reply.type(type).header('cache-control', 'no-cache').send(pageFile(request.params.file))
  })

  app.get('/sessions', {
    schema: {
      tags: [ADMIN_TAG.name],
      summary: 'List the live sessions',
      operationId: 'listSessions',
      response: { 200: SessionListSchema, 401: AdminErrorSchema }
    }
  }, async function listSessions (request) {
    guard(request)
    return { sessions: control.sessions.list().map((session) => summaryOf(control, session)) }
  })

  app.get('/requests/stream', {
    schema: {
      tags: [ADMIN_TAG.name],
      summary: 'Follow the session\'s request journal live, as Server-Sent Events',
      operationId: 'streamRequests',
      description: 'Each request journaled in the session from now on, as a `request` event. Read it with any SSE client ' +
        'that can send headers (`fetch` in a browser, since `EventSource` cannot send `X-Mock-Session` or the admin token). ' +
        'A client that reads too slowly misses entries and is told how many in a `gap` event; at most 8 streams are open ' +
        'at once, over all sessions, and one more is a 503.',
      headers: SessionHeaderSchema,
      response: {
        200: { description: 'The stream.', content: { 'text/event-stream': { schema: JournalStreamSchema } } },
        503: AdminErrorSchema,
        ...errors
      }
    }
  }, async function streamRequests (request, reply) {
    guard(request)
    const session = adminSessionOf(request, refuse)
    if (streams.size >= streams.maxClients) {
      throw new AdminError(503, `${streams.maxClients} journal streams are open already: close one first`)
    }
    reply.hijack()
    const headers: Record<string, string | number | string[]> = {}
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value
    streams.open(session, reply.raw, headers)
  })
}
