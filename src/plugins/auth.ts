// Authentication in the platform's order: access token first, then the API key pair.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { invalidAccessToken, invalidApiKey, notAuthenticated, type PlatformError } from '../errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether the request's credentials were accepted, once a view has checked them; null before. The journal reads it. */
    mockKeysAccepted: boolean | null
  }
}

/** Gives every request `mockKeysAccepted`, so that a view's check is not made again to journal the request. */
export function decorateAuthentication (app: FastifyInstance): void {
  app.decorateRequest('mockKeysAccepted', null)
}

export interface Credentials {
  apiKey: string
  secretKey: string
  /** The one bearer token the mock accepts, or null for none. */
  accessToken: string | null
}

const bytesOf = (value: string): Buffer => Buffer.from(value, 'utf8')

/**
 * Compares a secret in constant time: `timingSafeEqual` over buffers of equal length. A value of
 * another length is refused after comparing the secret with itself, so the work done is the same;
 * the time taken tells at most whether the lengths match, as with Python's `hmac.compare_digest`.
 * Hashing both sides first would hide even that, but SHA-256 through OpenSSL cost about 17 µs a
 * request under load: a third of the time of a cached page.
 */
function sameSecret (expected: Buffer, actual: string): boolean {
  const given = bytesOf(actual)
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected)
    return false
  }
  return timingSafeEqual(expected, given)
}

function headerValue (headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  return typeof value === 'string' ? value : ''
}

/**
 * Returns a checker answering null for an authenticated request or the platform's 401.
 * The platform reads `Authorization` before the key pair: any value left after removing every
 * "Bearer" and every space is taken as one of its access tokens, even when valid keys are also
 * sent, and anything it cannot decrypt fails with the same message.
 */
export function createAuthenticator (credentials: Credentials): (headers: IncomingHttpHeaders) => PlatformError | null {
  const apiKey = bytesOf(credentials.apiKey)
  const secretKey = bytesOf(credentials.secretKey)
  const accessToken = credentials.accessToken === null ? null : bytesOf(credentials.accessToken)

  return function authenticate (headers) {
    const token = headerValue(headers, 'authorization').replaceAll('Bearer', '').replaceAll(' ', '')
    if (token !== '') {
      return accessToken !== null && sameSecret(accessToken, token) ? null : invalidAccessToken()
    }
    const givenKey = headerValue(headers, 'x-api-key')
    const givenSecret = headerValue(headers, 'x-secret-key')
    if (givenKey === '' || givenSecret === '') return notAuthenticated()
    // Both comparisons always run, so the time taken does not tell which of the two was wrong.
    const keyMatches = sameSecret(apiKey, givenKey)
    const secretMatches = sameSecret(secretKey, givenSecret)
    return keyMatches && secretMatches ? null : invalidApiKey()
  }
}
