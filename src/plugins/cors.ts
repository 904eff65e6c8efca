// CORS: a browser app on another origin (say a dev server on another local port) may call the platform's API; only origins the user allows may call the control plane.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AdminError } from '../errors.js'

// Every method the listing answers, so that browser code sees the platform's 405 envelope as it would live.
const ALLOW_METHODS = 'GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE'
// What the platform's clients and the mock's own features send: the credentials, a JSON body, a session, a fault or delay.
const ALLOW_HEADERS = 'Content-Type, X-Api-Key, X-Secret-Key, Authorization, Prefer, X-Mock-Session'
// Without this, browser code cannot read the headers the platform's errors carry, or which of its preferences the mock applied.
const EXPOSE_HEADERS = 'Allow, WWW-Authenticate, Preference-Applied'
const MAX_AGE_SECONDS = '600'

/** Any origin, as `--admin-origin '*'` asks. */
export const ANY_ORIGIN = '*'

export interface CorsOptions {
  /** Whether browsers on any origin may call the platform's API (`--cors`). */
  platform: boolean
  /** Origins (`scheme://host[:port]`, or `*`) allowed on the control plane besides the mock's own (`--admin-origin`). */
  adminOrigins: readonly string[]
  /** Scheme, host and path prefix the mock is reached at (`--public-url`); its origin is the mock's own. */
  publicUrl: string | null
}

/**
 * A CORS preflight is an OPTIONS request with both `Origin` and `Access-Control-Request-Method`
 * (https://fetch.spec.whatwg.org/#cors-preflight-fetch). Only those are answered here, with 204 and
 * before authentication, since browsers send no credentials on a preflight. Any other OPTIONS goes
 * on to the route, which answers it as the platform does (401 without keys, the view's metadata with them).
 */
function isPreflight (request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' &&
    request.headers.origin !== undefined && request.headers.origin !== '' &&
    request.headers['access-control-request-method'] !== undefined
}

/**
 * Whether a request target is the control plane's (`/__mock/…`, `/__admin/…`), percent-escapes read as
 * the router reads them. Only chooses the CORS headers: what a control-plane route answers a foreign
 * origin is decided by `guardControlPlaneOrigin`, on the route itself.
 */
export function isControlPlanePath (url: string): boolean {
  // Most targets are told apart by their second character: `/_` or the start of a percent-escape.
  const second = url.charCodeAt(1)
  if (second !== 0x5f && second !== 0x25) return false
  const mark = url.indexOf('?')
  let path = mark === -1 ? url : url.slice(0, mark)
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path)
    } catch {
      return false
    }
  }
  return /^\/__(mock|admin)(\/|$)/.test(path)
}

/** The origin of `--public-url`, once, to compare with. */
function publicOrigin (publicUrl: string | null): string | null {
  return publicUrl === null ? null : new URL(publicUrl).origin
}

/**
 * Whether the control plane answers a request from `origin`: one the user allows, or the mock's own
 * (the origin of `--public-url`, or one whose host is the Host the request was sent to: a page the
 * mock serves).
 */
export function createOriginCheck (options: CorsOptions): (request: FastifyRequest, origin: string) => boolean {
  const own = publicOrigin(options.publicUrl)
  const allowed = new Set(options.adminOrigins)
  const any = allowed.has(ANY_ORIGIN)
  return function allowedOrigin (request, origin) {
    if (any || allowed.has(origin) || origin === own) return true
    let host: string
    try {
      host = new URL(origin).host
    } catch {
      return false
    }
    return host !== '' && host === request.headers.host
  }
}

const refusal = (origin: string): string =>
  `the control plane does not answer pages from ${origin}: start the mock with --admin-origin ${origin} (MOCK_ADMIN_ORIGIN) to allow it`

/** A foreign preflight on the control plane: refused, with no CORS headers, so that the browser never sends the request. */
function refusePreflight (reply: FastifyReply, origin: string): void {
  reply.code(403).type('application/json; charset=utf-8').send(JSON.stringify({ error: refusal(origin) }))
}

/**
 * Adds the CORS headers to every answer and answers preflights, for any path. On the platform's API
 * (with `--cors`) the caller's origin is reflected: the mock is a development tool, and any local
 * port should work. On the control plane only allowed origins get them. This is a hook on the
 * instance itself (like `drainOnClose`) rather than `@fastify/cors`: with the per-request choice of
 * options that preflights need, that plugin copies and normalises its options on every request,
 * which cost several microseconds of every cached page. The headers are the ones it sent.
 */
export function enableCors (app: FastifyInstance, options: CorsOptions): void {
  const allowedOrigin = createOriginCheck(options)
  app.addHook('onRequest', function cors (request, reply, done) {
    const origin = request.headers.origin
    const control = isControlPlanePath(request.url)
    if (!control && !options.platform) {
      done()
      return
    }
    // Set before any route hook runs, which extends it (the listing adds Accept).
    reply.header('vary', 'Origin')
    const given = origin !== undefined && origin !== ''
    const allowed = given && (!control || allowedOrigin(request, origin))
    if (allowed) reply.header('access-control-allow-origin', origin)
    reply.header('access-control-expose-headers', EXPOSE_HEADERS)
    if (!isPreflight(request)) {
      done()
      return
    }
    if (!allowed) {
      refusePreflight(reply, origin as string)
      return
    }
    reply
      .header('access-control-allow-methods', ALLOW_METHODS)
      .header('access-control-allow-headers', ALLOW_HEADERS)
      .header('access-control-max-age', MAX_AGE_SECONDS)
      // Some browsers wait for a body on a 204 unless told its length.
      .code(204)
      .header('content-length', '0')
      .send()
  })
}

/**
 * For the control plane's context: a request from a page on an origin the user has not allowed is
 * refused with a 403 before anything else (the admin token included), so that a web page the developer
 * happens to visit can neither read the journal nor reset a session. Browsers send `Origin` on every
 * cross-origin request and on every POST; tools (curl, SDKs, test code) send none and are not concerned.
 */
export function guardControlPlaneOrigin (app: FastifyInstance, options: CorsOptions): void {
  const allowedOrigin = createOriginCheck(options)
  app.addHook('onRequest', function checkOrigin (request, reply, done) {
    const origin = request.headers.origin
    if (origin === undefined || origin === '' || allowedOrigin(request, origin)) {
      done()
      return
    }
    reply.removeHeader('access-control-allow-origin')
    done(new AdminError(403, refusal(origin)))
  })
}
