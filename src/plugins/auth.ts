// Authentication in the platform's order: access token first, then the API key pair.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { invalidAccessToken, invalidApiKey, notAuthenticated, type PlatformError } from '../errors.js'

export interface Credentials {
  apiKey: string
  secretKey: string
  /** The one bearer token the mock accepts, or null for none. */
  accessToken: string | null
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

/** Compares two secrets in constant time: hashing first makes the buffers the same length. */
function sameSecret (expected: Buffer, actual: string): boolean {
  return timingSafeEqual(expected, digest(actual))
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
  const apiKey = digest(credentials.apiKey)
  const secretKey = digest(credentials.secretKey)
  const accessToken = credentials.accessToken === null ? null : digest(credentials.accessToken)

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
