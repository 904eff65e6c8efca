// The control plane under /__mock/: a test creates and deletes run tests in its session, resets it, and reads what its client sent.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { journalRecords, viewOf, type ControlPlane } from '../control/control-plane.js'
import { entryOf } from '../control/journal.js'
import { SESSION_HEADER, isSessionName, type Session } from '../control/sessions.js'
import { AdminError, MockError } from '../errors.js'
import { acceptAny } from '../openapi/operations.js'
import { ownOrigin } from '../openapi/served.js'
import { leaveOutOfJournal } from '../plugins/sessions.js'
import {
  AdminErrorSchema,
  BehaviourBodySchema,
  BehaviourSchema,
  ClockBodySchema,
  ClockSchema,
  CreateRunBodySchema,
  FaultListSchema,
  FaultRuleBodySchema,
  FaultRuleSchema,
  CreatedRunSchema,
  JournalSchema,
  RequestFilterSchema,
  RunListSchema,
  SessionHeaderSchema
} from '../schemas/admin.js'
import { UuidSchema } from '../schemas/common.js'
import { z } from 'zod'
import { sendJson } from './call-executions.js'
import { jsonItems, pageStream } from './page-stream.js'

export const ADMIN_TAG = { name: 'Control plane', description: 'Shape the mock from a test, per session: run tests, the request journal, delays, faults and the clock.' }

/** A created run's body may hold many rows written out. */
const CREATE_BODY_LIMIT = 16 * 2 ** 20

/** Every other control-plane body: Fastify's default limit. */
const DEFAULT_BODY_LIMIT = 2 ** 20

export interface AdminRoutesOptions {
  control: ControlPlane
  /** A bearer token every control-plane request must carry; null for none. */
  adminToken: string | null
  /** Scheme, host and path prefix of the listing URLs returned; null uses `http://` and the request's Host. */
  publicUrl: string | null
  /** The control plane's own OpenAPI document, as served at an origin (this mock first among its servers). */
  document: (origin: string) => Promise<string>
}

/** The session an admin request names: a header that is not a session name is refused rather than ignored. */
export function adminSessionOf (request: FastifyRequest, error: (message: string) => Error): Session {
  const header = request.headers[SESSION_HEADER]
  if (header !== undefined && (typeof header !== 'string' || !isSessionName(header))) {
    throw error(`${SESSION_HEADER}: expected 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'`)
  }
  return request.mockSession
}

const digestOf = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()

/**
 * `Authorization: Bearer <token>` when the control plane asks for one, the scheme in any case (RFC 7235
 * section 2.1). The token is compared in constant time, as digests of equal length, so that neither
 * its bytes nor its length can be learnt from the time a refusal takes.
 */
export function carriesAdminToken (request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization
  const match = header === undefined ? null : /^bearer +(.*)$/i.exec(header)
  const given = digestOf(match?.[1] ?? '')
  return timingSafeEqual(given, digestOf(token)) && match !== null
}

/**
 * Reads JSON bodies as the control plane needs them: an empty body is no body (clients send the JSON
 * content type on every request, a DELETE included), a body that is not JSON is the caller's error,
 * and a body of another type is refused (415) rather than read as text.
 */
export function acceptJsonBodies (app: FastifyInstance, error: (message: string) => Error): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, function parseJson (_request, body, done) {
    const text = body as string
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch (problem) {
      done(error(`the body is not JSON: ${(problem as Error).message}`), undefined)
    }
  })
}

/** A body limit as it is written in the docs: `1 MB`, `64 KB`. */
export function formatBytes (bytes: number): string {
  if (bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MB`
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`
  return `${bytes} bytes`
}

/**
 * Fastify's own errors in the control plane (a body too large, a content type it cannot read) as the
 * control plane's errors; a body too large names the limit of the route it was sent to.
 */
function asAdminError (error: FastifyError, request: FastifyRequest): AdminError {
  if (error.statusCode === 413) return new AdminError(413, `the body is larger than ${formatBytes(request.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT)}`)
  if (error.statusCode === 415) return new AdminError(415, 'bodies are JSON: send Content-Type: application/json')
  return new AdminError(400, error.message)
}

/**
 * For the context of both control planes: documents on every route the refusals any of them may give,
 * whatever it does: a page on an origin not allowed (403) and a session the mock cannot make (409).
 * The schema is changed in place as the route is added, before the documents are built from it.
 */
export function documentRefusals (app: FastifyInstance): void {
  app.addHook('onRoute', function addRefusals (route) {
    const response = route.schema?.response as Record<string, unknown> | undefined
    if (response === undefined) return
    response[403] ??= AdminErrorSchema
    response[409] ??= AdminErrorSchema
  })
}

export async function adminRoutes (app: FastifyInstance, options: AdminRoutesOptions): Promise<void> {
  const { control } = options
  const refuse = (message: string): AdminError => new AdminError(400, message)
  leaveOutOfJournal(app)
  acceptJsonBodies(app, refuse)
  // The schemas document the routes; the control plane validates what it is given, so that the HTTP
  // routes and the in-process API refuse the same things with the same messages.
  app.setValidatorCompiler(acceptAny)

  app.setErrorHandler(function renderAdminError (error: FastifyError, request, reply) {
    const known = error instanceof MockError ? error : error.statusCode !== undefined && error.statusCode < 500 ? asAdminError(error, request) : null
    if (known !== null) return sendJson(reply.headers(known.headers), known.statusCode, known.body())
    request.log.error({ err: error }, 'unexpected error in the control plane')
    return sendJson(reply, 500, JSON.stringify({ error: 'internal error' }))
  })

  if (options.adminToken !== null) {
    const token = options.adminToken
    app.addHook('onRequest', async function requireAdminToken (request) {
      if (!carriesAdminToken(request, token)) throw new AdminError(401, 'the control plane needs Authorization: Bearer <admin token>')
    })
  }

  const sessionOf = (request: FastifyRequest): Session => adminSessionOf(request, refuse)
  const originOf = (request: FastifyRequest): string => options.publicUrl ?? `http://${request.headers.host ?? request.hostname}`
  const errors = { 400: AdminErrorSchema, 401: AdminErrorSchema }
  /** A route that reads a body: one too large (over the route's limit) is a 413, one not JSON a 415. */
  const bodyErrors = { ...errors, 413: AdminErrorSchema, 415: AdminErrorSchema }
  const documented = (summary: string, rest: Record<string, unknown>) => ({
    schema: { tags: [ADMIN_TAG.name], summary, headers: SessionHeaderSchema, ...rest }
  })

  app.get('/runs', documented('List the run tests the session sees', {
    operationId: 'listRuns',
    response: { 200: RunListSchema, ...errors }
  }), async function listRuns (request) {
    const session = sessionOf(request)
    return { session: session.name, runs: control.listRuns(session) }
  })

  app.post('/runs', {
    bodyLimit: CREATE_BODY_LIMIT,
    ...documented('Create a run test in the session', {
      operationId: 'createRun',
      description: 'Generated (`calls`) or written out (`rows`, in the served contract, checked as fixture rows are). ' +
        'An id the session already lists is a 409, and so is a 101st created run; rows written out past their bound ' +
        '(64 MB in memory for all sessions) are a 413. Nothing is created on any error.',
      body: CreateRunBodySchema,
      response: { 201: CreatedRunSchema, 413: AdminErrorSchema, 415: AdminErrorSchema, ...errors }
    })
  }, async function createRun (request, reply: FastifyReply) {
    const session = sessionOf(request)
    const run = control.createRun(session, request.body)
    const url = `${originOf(request)}/simulate/run-tests/${run.id}/call-executions/`
    return reply.code(201).send({ ...run, url, session: session.name })
  })

  app.delete<{ Params: { id: string } }>('/runs/:id', documented('Delete a run test created in the session', {
    operationId: 'deleteRun',
    params: z.object({ id: UuidSchema }),
    response: { 204: z.null().describe('Deleted.'), 404: AdminErrorSchema, ...errors }
  }), async function deleteRun (request, reply) {
    control.deleteRun(sessionOf(request), request.params.id)
    return reply.code(204).send()
  })

  app.post('/reset', documented('Put the session back to its start-up state', {
    operationId: 'resetSession',
    description: 'Its created runs and its journal are gone.',
    response: { 204: z.null().describe('Reset.'), ...errors }
  }), async function resetSession (request, reply) {
    control.reset(sessionOf(request))
    return reply.code(204).send()
  })

  app.get<{ Querystring: Record<string, string> }>('/requests', documented('Read the session\'s request journal, newest first', {
    operationId: 'listRequests',
    querystring: RequestFilterSchema,
    response: { 200: JournalSchema, ...errors }
  }), async function listRequests (request, reply) {
    const session = sessionOf(request)
    // Written as it is sent, a few milliseconds at a time: a journal of long entries never holds the event loop.
    const { total, records } = journalRecords(session, { ...request.query })
    const head = `{"session":${JSON.stringify(session.name)},"total":${total},"requests":[`
    return reply.code(200).header('content-type', 'application/json').send(pageStream(head, jsonItems(records, (record) => JSON.stringify(viewOf(entryOf(record)))), ']}'))
  })

  app.delete('/requests', documented('Empty the session\'s request journal', {
    operationId: 'clearRequests',
    response: { 204: z.null().describe('Emptied.'), ...errors }
  }), async function clearRequests (request, reply) {
    control.clearRequests(sessionOf(request))
    return reply.code(204).send()
  })

  app.get('/behaviour', documented('Read how the session\'s answers are delayed', {
    operationId: 'getBehaviour',
    response: { 200: BehaviourSchema, ...errors }
  }), async function getBehaviour (request) {
    const session = sessionOf(request)
    return { session: session.name, ...control.behaviour(session) }
  })

  app.put('/behaviour', documented('Set the delay of the session\'s answers', {
    operationId: 'setBehaviour',
    body: BehaviourBodySchema,
    response: { 200: BehaviourSchema, ...bodyErrors }
  }), async function setBehaviour (request) {
    const session = sessionOf(request)
    return { session: session.name, ...control.setBehaviour(session, request.body) }
  })

  app.get('/faults', documented('List the session\'s fault rules', {
    operationId: 'listFaults',
    response: { 200: FaultListSchema, ...errors }
  }), async function listFaults (request) {
    const session = sessionOf(request)
    return { session: session.name, faults: control.faults(session) }
  })

  app.post('/faults', documented('Add a fault rule to the session', {
    operationId: 'addFault',
    description: 'Matching requests of the platform\'s API get the fault instead of their answer: after `after` of them, ' +
      'at most `times` times, on a `probability` share drawn from the seed. The first rule that fires wins. ' +
      'A session holds at most 100 rules and 64 KB of them, all sessions 16 MB: past that, a 409 (a 413 for one rule larger than 64 KB).',
    body: FaultRuleBodySchema,
    response: { 201: FaultRuleSchema, 409: AdminErrorSchema, ...bodyErrors }
  }), async function addFault (request, reply) {
    return reply.code(201).send(control.addFault(sessionOf(request), request.body))
  })

  app.delete('/faults', documented('Remove every fault rule of the session', {
    operationId: 'clearFaults',
    response: { 204: z.null().describe('Removed.'), ...errors }
  }), async function clearFaults (request, reply) {
    control.clearFaults(sessionOf(request))
    return reply.code(204).send()
  })

  app.get('/clock', documented('Read the session\'s clock', {
    operationId: 'getClock',
    response: { 200: ClockSchema, ...errors }
  }), async function getClock (request) {
    const session = sessionOf(request)
    return { session: session.name, ...control.clock(session) }
  })

  app.post('/clock', documented('Advance, set, run or freeze the session\'s clock', {
    operationId: 'moveClock',
    description: 'Live runs are seen at this instant: their calls move on as it advances. Frozen at the reference ' +
      'instant (2026-04-06T12:00:00Z) until told otherwise (or running from it with `--clock realtime`). ' +
      'It can show instants from 1970-01-01T00:00:00Z to 2199-12-31T23:59:59.999999Z: a move outside them is a 400 and changes nothing.',
    body: ClockBodySchema,
    response: { 200: ClockSchema, ...bodyErrors }
  }), async function moveClock (request) {
    const session = sessionOf(request)
    return { session: session.name, ...control.moveClock(session, request.body) }
  })

  app.get('/openapi.json', { schema: { hide: true } }, async function adminDocument (request, reply) {
    return reply.type('application/json; charset=utf-8').send(await options.document(ownOrigin(request, options.publicUrl)))
  })
}
