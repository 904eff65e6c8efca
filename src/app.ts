// Builds the mock's Fastify application from its dependencies; it reads no environment and listens nowhere.
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { createControlPlane, type ControlPlane } from './control/control-plane.js'
import { DEFAULT_JOURNAL_BYTES, Sessions, type Session } from './control/sessions.js'
import { JournalStreams } from './control/journal-stream.js'
import { JournalSearch } from './control/journal-search.js'
import type { Contract } from './data/model.js'
import { DEFAULTS, type ClockMode } from './config.js'
import { createStoreFromConfig } from './data/setup.js'
import { REFERENCE_US, type SourcedStore } from './data/store.js'
import { formatLatencySpec, type LatencySpec } from './domain/latency.js'
import { formatRateLimit, type RateLimit } from './domain/rate-limit.js'
import { Holds, applyBehaviour, createThrottle, releaseOnClose, type Timers } from './plugins/behaviour.js'
import { HTML_NOT_FOUND_PAGE, HTML_SERVER_ERROR_PAGE, MockError } from './errors.js'
import { requestLogger, withRedaction } from './logger.js'
import type * as Documented from './openapi/documented.js'
import { publicPath } from './openapi/served.js'
import { createAuthenticator, decorateAuthentication } from './plugins/auth.js'
import { enableCors, guardControlPlaneOrigin, type CorsOptions } from './plugins/cors.js'
import { drainOnClose } from './plugins/drain-on-close.js'
import { answerClientError, answerFrameworkError } from './plugins/malformed-requests.js'
import { journalWriter, leaveOutOfJournal, recordRequests, resolveSessions } from './plugins/sessions.js'
import { ADMIN_TAG, adminRoutes, documentRefusals } from './routes/admin.js'
import { appendSlashRoutes } from './routes/append-slash.js'
import { actionRoutes } from './routes/actions.js'
import { callExecutionsRoutes, sendJson } from './routes/call-executions.js'
import { chatLoopRoutes } from './routes/chat-loop.js'
import { healthRoutes } from './routes/health.js'
import { inspectorRoutes } from './routes/inspector.js'
import { runTestRoutes } from './routes/run-tests.js'
import { openapiRoutes, type DocumentedApp } from './routes/openapi.js'
import { WIREMOCK_TAG, wiremockRoutes } from './routes/wiremock.js'
import { VERSION } from './version.js'

export interface AppOptions {
  /** The run tests served; by default the well-known runs and the bundled fixtures, generated with `seed`. */
  store?: SourcedStore
  /** Row shape served (default `docs`). */
  contract?: Contract
  /** Default `test-api-key`. */
  apiKey?: string
  /** Default `test-secret-key`. */
  secretKey?: string
  /** A bearer token accepted in `Authorization`; none by default. */
  accessToken?: string | null
  logger?: FastifyServerOptions['logger']
  /** Scheme, host and path prefix of `next`/`previous` links; by default `http://` and the request's Host. */
  publicUrl?: string | null
  /** Answers browsers on other origins on the platform's API. Off unless asked for here; the CLI and `startMockServer` turn it on by default. */
  cors?: boolean
  /** Origins of web pages the control plane answers besides the mock's own (`*` for any); none by default. */
  adminOrigins?: readonly string[]
  /** Reported by `/health`; the package version unless given. */
  version?: string
  /** The seed the store was built with, reported by `/health` (null there when not given). */
  seed?: number | null
  /**
   * The control plane (sessions, `/__mock/`, `/__admin/`): one made with `createAppControlPlane`, or
   * null for none. By default, one with the default limits.
   */
  control?: ControlPlane | null
  /** A bearer token the control plane requires; none by default. */
  adminToken?: string | null
  /** The delay of every answer of the platform's API (`--latency`); none by default. */
  latency?: LatencySpec | null
  /** Requests per key pair (or token), every session together, before the platform's 429 (`--rate-limit`); no limit by default. */
  rateLimit?: RateLimit | null
  /** Bytes a second of the `slow-body` fault (default 1024). */
  slowBodyRate?: number
  /** Without a control plane, whether live runs are seen at the reference instant or from it at wall-clock pace. */
  clock?: ClockMode
  /** Timers of delays and held connections; injected by tests that must not wait. */
  timers?: Timers
  /** Wall time, epoch milliseconds, for the rate limit and running clocks; injected by tests. */
  wallMs?: () => number
}

export interface ControlPlaneSettings {
  maxSessions: number
  journalSize: number
  /** The bounds below have their documented defaults unless given; tests make them small. */
  journalBytes?: number
  heldRowBytes?: number
  faultBytesPerSession?: number
  faultBytes?: number
  /** A session used within this many milliseconds is never dropped for a new one. */
  activeMs?: number
  /** Session clocks start frozen at the reference instant, or follow wall time from it. */
  clock: ClockMode
  /** Wall time in epoch milliseconds, for the clocks; injected by tests that must not wait. */
  wallMs?: () => number
}

/** The control plane of an app serving `store`, with its sessions; `buildApp` takes it as `control`. */
export function createAppControlPlane (
  options: Required<Pick<AppOptions, 'store' | 'contract'>> & Pick<AppOptions, 'latency'> & { seed: number },
  settings: ControlPlaneSettings = { maxSessions: 1000, journalSize: 1000, clock: 'frozen' }
): ControlPlane {
  const sessions = new Sessions({
    base: options.store,
    caches: options.store.caches,
    maxSessions: settings.maxSessions,
    journalSize: settings.journalSize,
    journalBytes: settings.journalBytes ?? DEFAULT_JOURNAL_BYTES,
    heldRowBytes: settings.heldRowBytes,
    faultBytesPerSession: settings.faultBytesPerSession,
    faultBytes: settings.faultBytes,
    activeMs: settings.activeMs,
    clockStartUs: REFERENCE_US,
    clockRunning: settings.clock === 'realtime',
    wallMs: settings.wallMs
  })
  return createControlPlane({ sessions, seed: options.seed, contract: options.contract, latency: options.latency ?? null })
}

/**
 * The one world of an app without a control plane: a default session alone, with no journal, whose
 * clock is frozen at the reference instant or follows wall time from it (`clock`).
 */
function processWorld (options: Pick<AppOptions, 'clock' | 'wallMs'> & { store: SourcedStore }): Session {
  return new Sessions({
    base: options.store,
    caches: options.store.caches,
    maxSessions: 0,
    journalSize: 0,
    journalBytes: 0,
    clockStartUs: REFERENCE_US,
    clockRunning: options.clock === 'realtime',
    wallMs: options.wallMs
  }).default
}

/**
 * The mock as a Fastify application, for `app.inject()` tests: nothing listens until `app.listen()`.
 * Every option has the command line's default, so `buildApp()` serves what `futureagi-mock` serves.
 *
 * Its OpenAPI documents and Swagger UI page come from a second app built from the same options with
 * @fastify/swagger registered (`buildDocumentedApp`): built on the first request for one of them, so
 * that starting the mock neither loads nor builds anything a client of the platform's API never asks for.
 */
export function buildApp (given: AppOptions = {}): FastifyInstance {
  return assemble(given, null)
}

/**
 * The same app with @fastify/swagger registered ahead of every route, so that it builds the documents
 * from the route schemas: `app.swagger()` is the platform's document. The served documents, the Swagger
 * UI page and the committed files under openapi/ all come from one of these.
 */
export async function buildDocumentedApp (given: AppOptions = {}): Promise<FastifyInstance> {
  return assemble(given, await import('./openapi/documented.js'))
}

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>

/** Fastify's factories of compilers, typed for Ajv's; the zod provider's compilers take every schema here. */
const ZOD_COMPILERS = { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler } as unknown as CompilersFactory

/** The control plane's document as a documented app serves it at an origin. */
const adminDocuments = new WeakMap<FastifyInstance, (origin: string) => string>()

/**
 * The documented twin of the app `given` builds, made on first use and closed with `served`. It shares
 * the store and the control plane, so its routes are the served app's; it only ever answers the requests
 * for documents handed to it.
 */
function documentedTwin (served: FastifyInstance, given: AppOptions): () => Promise<DocumentedApp> {
  let pending: Promise<DocumentedApp> | null = null
  served.addHook('onClose', async function closeDocumentedApp () {
    const twin = await pending?.catch(() => null)
    await twin?.app.close()
  })
  return () => (pending ??= buildDocumentedApp({ ...given, logger: false }).then(
    async (app) => {
      await app.ready()
      return { app, adminDocument: adminDocuments.get(app) ?? null }
    },
    (error: unknown) => {
      pending = null
      throw error
    }
  ))
}

function assemble (given: AppOptions, documents: typeof Documented | null): FastifyInstance {
  const options = {
    ...given,
    store: given.store ?? createStoreFromConfig({ ...DEFAULTS, seed: given.seed ?? DEFAULTS.seed }),
    contract: given.contract ?? DEFAULTS.contract,
    apiKey: given.apiKey ?? DEFAULTS.apiKey,
    secretKey: given.secretKey ?? DEFAULTS.secretKey,
    accessToken: given.accessToken ?? null
  }
  const version = options.version ?? VERSION
  const control = options.control === undefined
    ? createAppControlPlane(
      { store: options.store, contract: options.contract, seed: options.seed ?? 1, latency: options.latency },
      { maxSessions: 1000, journalSize: 1000, clock: options.clock ?? 'frozen', wallMs: options.wallMs }
    )
    : options.control
  const publicUrl = options.publicUrl ?? null
  // Without a control plane there are no sessions: one process-wide world, as if every request were
  // the default session's, which the actions change and every read endpoint reads (its live runs seen
  // at one process-wide clock). Nothing of it can be reset but by a restart.
  const world = control === null ? processWorld(options) : null
  // 'idle' closes keep-alive connections that carry no request as soon as close() is called, so a
  // client's pooled connection cannot hold a shutdown open; requests in flight still finish.
  const app = Fastify({
    logger: withRedaction(options.logger),
    childLoggerFactory: requestLogger,
    forceCloseConnections: 'idle',
    // The platform's router has no length limit on a path segment: a long run test id is its HTML 404
    // (the id check), not Fastify's 414. The request head's own size limit still bounds it.
    routerOptions: { maxParamLength: 65_536 },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Every schema is zod's: given here, Fastify never loads Ajv and fast-json-stringify, its defaults.
    schemaController: { compilersFactory: ZOD_COMPILERS }
  })
  // Delays and held connections are let go first when the server closes, then the answers in flight drain.
  const holds = new Holds(options.timers)
  releaseOnClose(app, holds)
  // The inspector's live streams never end on their own: they are ended before close() waits for answers to drain.
  const streams = control === null ? null : new JournalStreams(control.sessions)
  if (streams !== null) app.addHook('preClose', async function endJournalStreams () { streams.closeAll() })
  // Journal queries still matching are refused too: none of them holds a shutdown either.
  const search = new JournalSearch()
  app.addHook('preClose', async function refuseSearches () {
    search.close()
  })
  drainOnClose(app)
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // No route of the platform's API (nor its 404, the redirect or /health) reads a body: it is left
  // unread whatever its type, size or content, so that routing alone decides the answer (404, 301,
  // 405). The control plane's routes read JSON with parsers of their own.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', function leaveBodyUnread (_request, _payload, done) {
    done(null, undefined)
  })

  // One place renders every error: the platform's envelope for its own errors (the control plane's
  // for its routes), Django's HTML 500 for anything unexpected (logged, never shown).
  app.setErrorHandler(function renderError (error, request, reply) {
    if (error instanceof MockError) {
      if (error.contentType !== 'application/json') {
        return reply.code(error.statusCode).headers(error.headers).header('content-type', error.contentType).send(Buffer.from(error.body()))
      }
      return sendJson(reply.headers(error.headers), error.statusCode, error.body())
    }
    request.log.error({ err: error }, 'unexpected error')
    return reply.code(500).type('text/html; charset=utf-8').send(HTML_SERVER_ERROR_PAGE)
  })

  // Django answers every URL that matches no route with its plain HTML page, whatever the method.
  app.setNotFoundHandler(function htmlNotFound (_request, reply) {
    return reply.code(404).type('text/html; charset=utf-8').send(HTML_NOT_FOUND_PAGE)
  })

  // The documents: in the documented app, @fastify/swagger first of all, so that it sees every route as
  // it is added and builds the documents from the route schemas; in the served app, its documented twin.
  let documented: () => Promise<DocumentedApp>
  let adminDocument: (origin: string) => Promise<string>
  if (documents === null) {
    documented = documentedTwin(app, { ...given, store: options.store, control })
    adminDocument = async (origin) => {
      const { adminDocument: document } = await documented()
      if (document === null) throw new Error('the documented app has no control plane document')
      return document(origin)
    }
  } else {
    const text = documents.registerDocuments(app, { contract: options.contract, version, adminTags: control === null ? null : [ADMIN_TAG, WIREMOCK_TAG] })
    if (text !== null) adminDocuments.set(app, text)
    documented = async () => ({ app, adminDocument: text })
    adminDocument = async (origin) => {
      if (text === null) throw new Error('no control plane document without a control plane')
      return text(origin)
    }
  }

  // The session is resolved as a request arrives, and the request journaled as its answer leaves:
  // hooks on the instance, so that every route (and the 404 page) is seen. First of all, so that a
  // request answered by an earlier hook (a CORS preflight) is journaled in its session too.
  const journal = control === null || control.sessions.default.journal.capacity === 0
    ? null
    : journalWriter({ sessions: control.sessions, authenticate: createAuthenticator(options), publicUrl })
  if (control !== null) {
    resolveSessions(app, control.sessions)
    if (journal !== null) recordRequests(app, journal)
  }

  // A hook on the instance, added before the routes' own: it answers a preflight before the
  // platform's authentication would refuse it.
  const cors: CorsOptions = { platform: options.cors === true, adminOrigins: options.adminOrigins ?? [], publicUrl }
  if (cors.platform || cors.adminOrigins.length > 0) enableCors(app, cors)

  // Delays and faults, from the request's Prefer header, its session or the process, after the session is known.
  const sessionOf = control === null ? () => null : (request: FastifyRequest) => request.mockSession
  decorateAuthentication(app)
  applyBehaviour(app, {
    latency: options.latency ?? null,
    slowBodyRate: options.slowBodyRate ?? 1024,
    seed: options.seed ?? 1,
    sessionOf,
    holds,
    journal
  })

  // Django's APPEND_SLASH: a path that matches only with a trailing slash is redirected, with its
  // query string, before any authentication.
  app.register(appendSlashRoutes, { pathPrefix: publicPath(publicUrl) })

  // The mock's own routes: the documents, the docs page and the health check, outside the platform's
  // authentication and left out of the journals.
  app.register(async function ownRoutes (own) {
    leaveOutOfJournal(own)
    own.register(documents === null ? openapiRoutes : documents.documentRoutes, {
      publicUrl,
      adminDocument: control === null ? null : '/__mock/openapi.json',
      documented
    })
    own.register(healthRoutes, {
      store: options.store,
      contract: options.contract,
      version,
      seed: options.seed ?? null,
      settings: {
        admin: control !== null,
        latency: options.latency === null || options.latency === undefined ? null : formatLatencySpec(options.latency),
        rateLimit: options.rateLimit === null || options.rateLimit === undefined ? null : formatRateLimit(options.rateLimit),
        clock: options.clock ?? 'frozen',
        slowBodyRate: options.slowBodyRate ?? 1024
      }
    })
  })

  // The listing and the read endpoints around it read the store of the request's session: the start-up
  // runs and the session's own, one world seen through every endpoint.
  const apiOptions = {
    storeOf: world === null ? (request: FastifyRequest) => request.mockSession.store : () => world.store,
    throttle: options.rateLimit === null || options.rateLimit === undefined ? null : createThrottle(options.rateLimit, options.wallMs),
    contract: options.contract,
    apiKey: options.apiKey,
    secretKey: options.secretKey,
    accessToken: options.accessToken,
    publicUrl
  }
  app.register(callExecutionsRoutes, apiOptions)
  app.register(runTestRoutes, apiOptions)

  // The actions change the world of the request's session, or the process-wide one without a control plane.
  const actionOptions = {
    apiKey: options.apiKey,
    secretKey: options.secretKey,
    accessToken: options.accessToken,
    throttle: options.rateLimit === null || options.rateLimit === undefined ? null : createThrottle(options.rateLimit, options.wallMs),
    sessionOf: world === null ? (request: FastifyRequest) => request.mockSession : () => world
  }
  app.register(actionRoutes, actionOptions)
  app.register(chatLoopRoutes, actionOptions)

  if (control !== null) {
    // Both control planes, and the inspector page, behind one check of the page a browser request comes from.
    app.register(async function controlPlanes (plane) {
      guardControlPlaneOrigin(plane, cors)
      documentRefusals(plane)
      plane.register(adminRoutes, { prefix: '/__mock', control, adminToken: options.adminToken ?? null, publicUrl, document: adminDocument })
      plane.register(inspectorRoutes, { prefix: '/__mock', control, streams: streams as JournalStreams, adminToken: options.adminToken ?? null, publicUrl, version, document: adminDocument })
      plane.register(wiremockRoutes, { prefix: '/__admin', control, adminToken: options.adminToken ?? null, version, search })
    })
  }
  return app
}
