// CORS, so that a browser app on another origin (say a dev server on another local port) can call the mock.
import type { FastifyInstance, FastifyRequest } from 'fastify'

// Every method the listing answers, so that browser code sees the platform's 405 envelope as it would live.
const ALLOW_METHODS = 'GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE'
const ALLOW_HEADERS = 'X-Api-Key, X-Secret-Key, Authorization, Prefer'
// Without this, browser code cannot read the headers the platform's errors carry, or which of its preferences the mock applied.
const EXPOSE_HEADERS = 'Allow, WWW-Authenticate, Preference-Applied'
const MAX_AGE_SECONDS = '600'

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
 * Adds the CORS headers to every answer and answers preflights, for any path. The caller's origin is
 * reflected: the mock is a development tool, and any local port should work. This is a hook on the
 * instance itself (like `drainOnClose`) rather than `@fastify/cors`: with the per-request choice of
 * options that preflights need, that plugin copies and normalises its options on every request,
 * which cost several microseconds of every cached page. The headers are the ones it sent.
 */
export function enableCors (app: FastifyInstance): void {
  app.addHook('onRequest', function cors (request, reply, done) {
    // Set before any route hook runs, which extends it (the listing adds Accept).
    reply.header('vary', 'Origin')
    const origin = request.headers.origin
    if (origin !== undefined && origin !== '') reply.header('access-control-allow-origin', origin)
    reply.header('access-control-expose-headers', EXPOSE_HEADERS)
    if (!isPreflight(request)) {
      done()
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
