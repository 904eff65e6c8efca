// WireMock's request-journal API under /__admin/, so that tests written with a WireMock client verify calls to this mock unchanged.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ControlPlane } from '../control/control-plane.js'
import { entryOf, seqOfId, type JournalEntry, type JournalRecord } from '../control/journal.js'
import { SearchError, type JournalSearch } from '../control/journal-search.js'
import type { Session } from '../control/sessions.js'
import { PatternError, queryValues } from '../domain/recorded-request.js'
import { MockError, WireMockError } from '../errors.js'
import { acceptAny } from '../openapi/operations.js'
import { leaveOutOfJournal } from '../plugins/sessions.js'
import { SessionHeaderSchema } from '../schemas/admin.js'
import {
  CountResultSchema,
  FindRequestsResultSchema,
  RequestPatternSchema,
  ServeEventSchema,
  ServeEventsSchema,
  WireMockErrorsSchema,
  WireMockHealthSchema
} from '../schemas/wiremock.js'
import { acceptJsonBodies, adminSessionOf, carriesAdminToken } from './admin.js'
import { sendJson } from './call-executions.js'
import { jsonItems, pageStream } from './page-stream.js'

export const WIREMOCK_TAG = {
  name: 'WireMock-compatible journal',
  description: 'The request journal in WireMock\'s admin API shapes. Stub mappings, recordings and scenarios are not offered.'
}

export interface WireMockRoutesOptions {
  control: ControlPlane
  adminToken: string | null
  version: string
  /** Matches request patterns off the event loop, one query at a time, within a time budget. */
  search: JournalSearch
}

/**
 * The body of a count or find: a request pattern, which needs far less than this (64 KB). A larger one
 * is refused with 413 before it is read.
 */
export const QUERY_BODY_LIMIT = 64 * 1024

/** Why the search did not answer, as the status WireMock clients read. */
const SEARCH_STATUS = { budget: 422, busy: 429, closed: 503 } as const

/** What WireMock offers that this journal does not: answered with a JSON error rather than a 404 page. */
const NOT_OFFERED: ReadonlyArray<[RegExp, string]> = [
  [/^\/mappings/, 'stub mappings: the mock answers as the platform does, shaped through /__mock/ instead'],
  [/^\/recordings/, 'recordings: use `futureagi-mock record` to turn a real run into a fixture'],
  [/^\/scenarios/, 'scenarios'],
  [/^\/near-misses|^\/requests\/(unmatched\/)?near-misses/, 'near misses'],
  [/^\/settings/, 'global settings'],
  [/^\/files/, 'body files'],
  [/^\/shutdown/, 'shutdown: stop the process with a signal']
]

/**
 * A list of the journal as `{"requests":[…]` and `tail`, each item written as the answer is sent, a few
 * milliseconds of work at a time: a journal of long entries never holds the event loop while it is
 * written, and no copy of it is made in memory.
 */
function sendList<T> (reply: FastifyReply, items: readonly T[], json: (item: T) => string, tail: string): FastifyReply {
  return reply.code(200).header('content-type', 'application/json').send(pageStream('{"requests":[', jsonItems(items, json), `]${tail}`))
}

/** Fastify's own errors (a body too large, a content type it cannot read, bad JSON) as WireMock's. */
function asWireMockError (error: FastifyError): WireMockError {
  if (error.statusCode === 413) return new WireMockError(413, `the body is larger than ${QUERY_BODY_LIMIT / 1024} KB, the bound of a request pattern`)
  if (error.statusCode === 415) return new WireMockError(415, 'bodies are JSON: send Content-Type: application/json')
  return new WireMockError(400, error.message)
}

function loggedRequestOf (entry: JournalEntry) {
  const headers: Record<string, string> = {}
  for (const [name, value] of entry.headers) headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  const queryParams: Record<string, { key: string; values: string[] }> = {}
  for (const [key, values] of queryValues(entry.query)) queryParams[key] = { key, values }
  const url = entry.query === '' ? entry.path : `${entry.path}?${entry.query}`
  return {
    url,
    absoluteUrl: entry.url,
    method: entry.method,
    clientIp: '127.0.0.1',
    headers,
    cookies: {},
    browserProxyRequest: false,
    loggedDate: entry.time,
    loggedDateString: new Date(entry.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    body: '',
    bodyAsBase64: '',
    queryParams
  }
}

function serveEventOf (entry: JournalEntry) {
  const ms = Math.round(entry.durationMs)
  return {
    id: entry.id,
    request: loggedRequestOf(entry),
    responseDefinition: { status: entry.status },
    response: { status: entry.status },
    wasMatched: entry.matched,
    timing: { totalTime: ms, serveTime: ms, processTime: ms, responseSendTime: 0, addedDelay: 0 }
  }
}

export async function wiremockRoutes (app: FastifyInstance, options: WireMockRoutesOptions): Promise<void> {
  const { control } = options
  const refuse = (message: string): WireMockError => new WireMockError(400, message)
  const startedAt = Date.now()
  leaveOutOfJournal(app)
  acceptJsonBodies(app, refuse)
  app.setValidatorCompiler(acceptAny)

  app.setErrorHandler(function renderWireMockError (error: FastifyError, request, reply) {
    const known = error instanceof MockError
      ? error
      : error.statusCode !== undefined && error.statusCode < 500 ? asWireMockError(error) : null
    if (known !== null) return sendJson(reply.headers(known.headers), known.statusCode, known.body())
    request.log.error({ err: error }, 'unexpected error in the WireMock journal')
    return sendJson(reply, 500, JSON.stringify({ errors: [{ code: 10, title: 'internal error' }] }))
  })

  if (options.adminToken !== null) {
    const token = options.adminToken
    app.addHook('onRequest', async function requireAdminToken (request) {
      if (!carriesAdminToken(request, token)) throw new WireMockError(401, 'the journal needs Authorization: Bearer <admin token>')
    })
  }

  const sessionOf = (request: FastifyRequest): Session => adminSessionOf(request, refuse)
  /** The session's journal, newest first, restricted to what `pattern` matches. */
  const matching = async (session: Session, pattern: unknown): Promise<JournalRecord[]> => {
    try {
      return await options.search.matching(pattern, () => session.journal.newestRecords())
    } catch (error) {
      if (error instanceof PatternError) throw new WireMockError(422, error.message)
      if (error instanceof SearchError) throw new WireMockError(SEARCH_STATUS[error.kind], error.message)
      throw error
    }
  }
  const errors = { 400: WireMockErrorsSchema, 401: WireMockErrorsSchema }
  const searchErrors = { ...errors, 413: WireMockErrorsSchema, 415: WireMockErrorsSchema, 422: WireMockErrorsSchema, 429: WireMockErrorsSchema, 503: WireMockErrorsSchema }
  const documented = (operationId: string, summary: string, rest: Record<string, unknown> = {}) => ({
    schema: { tags: [WIREMOCK_TAG.name], operationId, summary, headers: SessionHeaderSchema, ...rest }
  })

  app.get('/health', documented('wiremockHealth', 'WireMock\'s health check', { response: { 200: WireMockHealthSchema, ...errors } }), async function health () {
    return {
      status: 'healthy' as const,
      message: 'futureagi-mock is ok',
      version: options.version,
      uptimeInSeconds: Math.floor((Date.now() - startedAt) / 1000),
      timestamp: new Date().toISOString()
    }
  })

  app.get<{ Querystring: Record<string, string | undefined> }>('/requests', documented('wiremockRequests', 'The session\'s journal, newest first', {
    querystring: z.object({ limit: z.string().optional(), since: z.string().optional() }),
    response: { 200: ServeEventsSchema, ...errors }
  }), async function listRequests (request, reply) {
    const records = sessionOf(request).journal.newestRecords()
    const since = request.query.since === undefined ? null : Date.parse(request.query.since)
    if (since !== null && Number.isNaN(since)) throw new WireMockError(400, 'since: expected an ISO-8601 date and time')
    const limit = request.query.limit === undefined ? null : Number(request.query.limit)
    if (limit !== null && !(Number.isSafeInteger(limit) && limit >= 0)) throw new WireMockError(400, 'limit: expected a whole number')
    const shown = records.filter((record) => since === null || record.time >= since).slice(0, limit ?? undefined)
    return sendList(reply, shown, (record) => JSON.stringify(serveEventOf(entryOf(record))), `,"meta":{"total":${records.length}},"requestJournalDisabled":false}`)
  })

  const clear = async function clearRequests (request: FastifyRequest) {
    control.clearRequests(sessionOf(request))
    return {}
  }
  app.delete('/requests', documented('wiremockDeleteRequests', 'Empty the session\'s journal', { response: { 200: z.object({}), ...errors } }), clear)
  app.post('/requests/reset', documented('wiremockResetRequests', 'Empty the session\'s journal', { response: { 200: z.object({}), ...errors } }), clear)

  app.post('/requests/count', { bodyLimit: QUERY_BODY_LIMIT, ...documented('wiremockCountRequests', 'Count the requests a pattern matches', {
    body: RequestPatternSchema,
    response: { 200: CountResultSchema, ...searchErrors }
  }) }, async function countRequests (request) {
    return { count: (await matching(sessionOf(request), request.body)).length, requestJournalDisabled: false }
  })

  app.post('/requests/find', { bodyLimit: QUERY_BODY_LIMIT, ...documented('wiremockFindRequests', 'Find the requests a pattern matches', {
    body: RequestPatternSchema,
    response: { 200: FindRequestsResultSchema, ...searchErrors }
  }) }, async function findRequests (request, reply) {
    const found = await matching(sessionOf(request), request.body)
    return sendList(reply, found, (record) => JSON.stringify(loggedRequestOf(entryOf(record))), ',"requestJournalDisabled":false}')
  })

  app.get('/requests/unmatched', documented('wiremockUnmatchedRequests', 'Requests that matched no route of the platform\'s API', {
    response: { 200: FindRequestsResultSchema, ...errors }
  }), async function unmatchedRequests (request, reply) {
    const records = sessionOf(request).journal.newestRecords().filter((record) => !record.matched)
    return sendList(reply, records, (record) => JSON.stringify(loggedRequestOf(entryOf(record))), ',"requestJournalDisabled":false}')
  })

  app.get<{ Params: { id: string } }>('/requests/:id', documented('wiremockRequest', 'One request of the journal', {
    params: z.object({ id: z.string() }),
    response: { 200: ServeEventSchema, 404: WireMockErrorsSchema, ...errors }
  }), async function oneRequest (request) {
    const session = sessionOf(request)
    const seq = seqOfId(request.params.id)
    const record = seq === null ? undefined : session.journal.newestRecords().find((candidate) => candidate.seq === seq)
    if (record === undefined) throw new WireMockError(404, `no request ${request.params.id} in the journal`)
    return serveEventOf(entryOf(record))
  })

  app.post('/reset', documented('wiremockReset', 'Put the session back to its start-up state (its runs and its journal)', {
    response: { 200: z.object({}), ...errors }
  }), async function resetAll (request) {
    control.reset(sessionOf(request))
    return {}
  })

  app.all('/*', { schema: { hide: true } }, async function notOffered (request) {
    const path = request.url.slice('/__admin'.length).split('?')[0] ?? ''
    const feature = NOT_OFFERED.find(([pattern]) => pattern.test(path))?.[1]
    throw new WireMockError(501, feature === undefined
      ? `${request.method} /__admin${path} is not part of the WireMock API this mock offers (the request journal, reset and health)`
      : `futureagi-mock does not offer WireMock's ${feature}`)
  })
}
