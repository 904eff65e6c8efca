// CORS settings that let a browser app on another origin (say a dev server on another local port) call the mock.
import type { FastifyCorsOptions } from '@fastify/cors'
import type { FastifyRequest } from 'fastify'

const COMMON: FastifyCorsOptions = {
  // Reflect the caller's origin: the mock is a development tool, and any local port should work.
  origin: true,
  // Every method the listing answers, so that browser code sees the platform's 405 envelope as it would live.
  methods: ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: ['X-Api-Key', 'X-Secret-Key', 'Authorization', 'Prefer'],
  // Without this, browser code cannot read the headers the platform's errors carry.
  exposedHeaders: ['Allow', 'WWW-Authenticate'],
  maxAge: 600
}

const PREFLIGHT: FastifyCorsOptions = { ...COMMON, preflight: true }
const NOT_PREFLIGHT: FastifyCorsOptions = { ...COMMON, preflight: false }

/**
 * A CORS preflight is an OPTIONS request with both `Origin` and `Access-Control-Request-Method`
 * (https://fetch.spec.whatwg.org/#cors-preflight-fetch). Only those are answered here, with 204 and
 * before authentication, since browsers send no credentials on a preflight. Any other OPTIONS goes
 * on to the route, which answers it as the platform does (401 without keys, the view's metadata with them).
 */
function isPreflight (request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' &&
    request.headers.origin !== undefined &&
    request.headers['access-control-request-method'] !== undefined
}

export const CORS_OPTIONS: FastifyCorsOptions = {
  delegator: (request, callback) => callback(null, isPreflight(request) ? PREFLIGHT : NOT_PREFLIGHT)
}
