// The call-executions listing: the platform's request pipeline, in its order, and the page it answers with.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BoundedLru } from '../data/lru.js'
import type { Contract, JsonPage, Store } from '../data/model.js'
import { acceptsJson, formatIsServed } from '../domain/accept.js'
import { preferredStatus } from '../domain/prefer.js'
import { preferenceApplied } from '../plugins/preferences.js'
import { buildPageLinks } from '../domain/links.js'
import { paginate, resolvePaging } from '../domain/pagination.js'
import { parseQuery, stripPython, type ParsedQuery } from '../domain/query.js'
import { isRunTestId } from '../domain/uuid.js'
import {
  type PlatformError,
  invalidApiKey,
  methodNotAllowed,
  notAcceptable,
  runTestNotFound,
  serverError,
  unknownFormat,
  workspaceDenied
} from '../errors.js'
import { acceptAny, listOperationSchema } from '../openapi/operations.js'
import { createAuthenticator, type Credentials } from '../plugins/auth.js'
import { pageStream } from './page-stream.js'

export interface CallExecutionsOptions extends Credentials {
  /** The store a request reads: the one of its session when the control plane is on. */
  storeOf: (request: FastifyRequest) => Store
  /** DRF's throttle, checked right after authentication: the platform's 429 for a request over its rate, else null. */
  throttle?: ((request: FastifyRequest) => PlatformError | null) | null
  contract: Contract
  /** Scheme, host and path prefix of the page links; null uses `http://` and the request's Host. */
  publicUrl?: string | null
}

const LIST_PATH = '/simulate/run-tests/:run_test_id/call-executions/'
const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']

/** What the framework sends on every response of the view, errors included. */
const ALLOW = 'GET, HEAD, OPTIONS'
const VARY = 'Accept'
const ORIGIN_VARY = `Origin, ${VARY}`

/**
 * Pages already answered, as the bytes sent: a page is a pure function of the run's version (see
 * `Store.version`), the request target and the origin its links start with, so a repeated request
 * skips the store and the serialisation. At most 1024 pages and 24 MB, none over 4 MB.
 */
const PAGE_ENTRIES = 1024
const PAGE_BYTES = 24 * 2 ** 20
const PAGE_ENTRY_BYTES = 4 * 2 ** 20

/**
 * A page of more rows than this is streamed as it is written instead of being built whole: the platform
 * has no maximum `limit`, and a million-row page is over a gigabyte of JSON.
 */
const STREAM_ROWS = 1000

/** The framework's answer to an authenticated OPTIONS: the view's name, docstring, renderers and parsers. */
const OPTIONS_BODY = Buffer.from(JSON.stringify({
  name: 'Run Test Call Executions',
  description: 'API View to retrieve all call executions for a specific run test with pagination and search',
  renders: ['application/json'],
  parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']
}))

const FORCED_ERRORS: Readonly<Record<number, (method: string) => PlatformError>> = {
  401: () => invalidApiKey(),
  403: () => workspaceDenied(),
  404: () => runTestNotFound(),
  405: (method) => methodNotAllowed(method),
  406: () => notAcceptable(),
  500: () => serverError('simulated failure requested with "Prefer: code=500"')
}

interface RunTestParams {
  run_test_id: string
}

function rawQueryOf (url: string): string {
  const mark = url.indexOf('?')
  return mark === -1 ? '' : url.slice(mark + 1)
}

/**
 * Whether a request target's query string could hold a `format` key: it has the word, or a percent
 * escape that could spell it. Without either, the query need not be parsed to know there is none.
 */
export function mayNameFormat (url: string): boolean {
  const mark = url.indexOf('?')
  return mark !== -1 && (url.includes('format', mark) || url.includes('%', mark))
}

export async function callExecutionsRoutes (app: FastifyInstance, options: CallExecutionsOptions): Promise<void> {
  const { storeOf, contract, throttle } = options
  const authenticate = createAuthenticator(options)
  const bodies = new BoundedLru<Buffer>(PAGE_ENTRIES, PAGE_BYTES, (body) => body.length)

  /** Scheme, host and path prefix that the page's links start with. */
  const originOf = (request: FastifyRequest): string =>
    options.publicUrl ?? `http://${request.headers.host ?? request.hostname}`

  /** A page's cache key; a newline can be in neither a request target nor a header value, so it is unambiguous. */
  const pageKey = (version: string, origin: string, url: string): string => `${version}\n${origin}\n${url}`

  /**
   * The page a request target asks for, as the envelope's text around its rows and the rows themselves,
   * written when asked for; throws the platform's 500 for a `limit` or `page` it cannot use.
   */
  function pageOf (store: Store, runId: string, query: ParsedQuery, origin: string): { head: string; rows: JsonPage; tail: string } {
    const paging = resolvePaging(query.get('limit'), query.get('page'))
    if (typeof paging === 'string') throw serverError(paging)
    const { limit, page, offset } = paging
    const rows = store.pageJson({
      runId,
      search: stripPython(query.get('search') ?? ''),
      status: stripPython(query.get('status') ?? ''),
      offset,
      limit
    }, contract)
    const pages = paginate(rows.count, limit, page)
    const base = `${origin}/simulate/run-tests/${runId}/call-executions/`
    const links = buildPageLinks({ base, query, page, hasNext: pages.hasNext, hasPrevious: pages.hasPrevious })
    return {
      head: `{"count":${rows.count},"next":${JSON.stringify(links.next)},"previous":${JSON.stringify(links.previous)},"results":[`,
      rows,
      tail: `],"total_pages":${pages.totalPages},"current_page":${page}}`
    }
  }

  // Everything before the view runs here, in the platform's order: URL match, content negotiation,
  // authentication, throttling (DRF checks throttles after permissions), then the method check. Auth
  // lives in onRequest so that no schema validation can turn a missing key into a 400 first. A
  // callback hook, not an async one: it runs on every request, and this spares a promise each time.
  app.addHook('onRequest', function guardView (request: FastifyRequest<{ Params: RunTestParams }>, reply, done) {
    let answered: boolean
    try {
      answered = checkRequest(request, reply)
    } catch (error) {
      done(error as Error)
      return
    }
    // An answer sent here ends the request: the rest of its lifecycle is not run.
    if (!answered) done()
  })

  /** The checks before the view; true when the request has been answered (the 404 page, a cached page). */
  function checkRequest (request: FastifyRequest<{ Params: RunTestParams }>, reply: FastifyReply): boolean {
    if (!isRunTestId(request.params.run_test_id)) {
      reply.callNotFound()
      return true
    }
    reply.header('allow', ALLOW)
    // Vary is extended, not replaced: CORS, when on, has already varied the answer on Origin.
    const vary = reply.getHeader('vary')
    reply.header('vary', vary === undefined ? VARY : vary === 'Origin' ? ORIGIN_VARY : `${String(vary)}, ${VARY}`)
    // Parsed again by the handler only when the page is not cached, which is when it costs least.
    if (mayNameFormat(request.url) && !formatIsServed(parseQuery(rawQueryOf(request.url)).get('format'))) throw unknownFormat()
    if (!acceptsJson(request.headers.accept)) throw notAcceptable()
    const prefer = request.headers.prefer as string | undefined
    if (prefer !== undefined) {
      const forced = preferredStatus(prefer)
      if (forced !== null && FORCED_ERRORS[forced] !== undefined) {
        preferenceApplied(request, reply, 'code', String(forced))
        throw FORCED_ERRORS[forced](request.method)
      }
    }
    const failure = authenticate(request.headers)
    request.mockKeysAccepted = failure === null
    if (failure !== null) throw failure
    const throttled = throttle?.(request) ?? null
    if (throttled !== null) throw throttled
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') {
      throw methodNotAllowed(request.method)
    }
    // Every check is done, so a page answered before is sent from here: the rest of the lifecycle
    // (validation, the handler) has nothing left to decide for it, and skipping it saves a few
    // microseconds of every cached page.
    if (request.method === 'OPTIONS') return false
    const version = storeOf(request).version(request.params.run_test_id)
    const cached = version === null ? undefined : bodies.get(pageKey(version, originOf(request), request.url))
    if (cached === undefined) return false
    sendJson(reply, 200, cached)
    return true
  }

  app.route<{ Params: RunTestParams }>({
    method: ALL_METHODS,
    url: LIST_PATH,
    exposeHeadRoute: false,
    // The schema documents the route (see openapi/operations.ts); it validates nothing, and the
    // handler sends finished bytes, so no serializer runs either.
    schema: listOperationSchema(contract),
    validatorCompiler: acceptAny,
    handler: async function listCallExecutions (request, reply) {
      if (request.method === 'OPTIONS') return sendJson(reply, 200, OPTIONS_BODY)
      const runId = request.params.run_test_id
      const store = storeOf(request)
      // The run test is looked up before the query is read, so an unknown run wins over a bad limit.
      const version = store.version(runId)
      if (version === null) throw runTestNotFound()
      // Not cached (guardView sends cached pages): written now, and kept for the next request when small.
      const origin = originOf(request)
      const { head, rows, tail } = pageOf(store, runId, parseQuery(rawQueryOf(request.url)), origin)
      if (rows.length > STREAM_ROWS) {
        // A HEAD answer has no body, and this one's length is not known without writing every row.
        if (request.method === 'HEAD') return reply.code(200).header('content-type', 'application/json').send()
        return reply.code(200).header('content-type', 'application/json').send(pageStream(head, rows, tail))
      }
      let text = head
      for (let index = 0; index < rows.length; index++) text += (index === 0 ? '' : ',') + rows.rowJson(index)
      const body = Buffer.from(text + tail)
      if (body.length <= PAGE_ENTRY_BYTES) bodies.set(pageKey(version, origin, request.url), body)
      return sendJson(reply, 200, body)
    }
  })
}

/**
 * Sends a body that is already JSON, as bytes: Fastify would add a charset to a JSON string's
 * content type, and the platform sends `application/json` without one.
 */
export function sendJson (reply: FastifyReply, status: number, body: string | Buffer): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(typeof body === 'string' ? Buffer.from(body) : body)
}
