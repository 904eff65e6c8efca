// Rate limits as `N/s` (or `N/min`), enforced with a token bucket: N requests at once, then N a second.

export interface RateLimit {
  /** Requests allowed in a burst, and refilled each `periodMs`. */
  requests: number
  periodMs: number
}

/** Reads `20/s`, `5/sec`, `100/min`; returns the limit or the reason it cannot be read. */
export function parseRateLimit (text: string): RateLimit | string {
  const match = /^\s*(\d+)\s*\/\s*(s|sec|second|m|min|minute)\s*$/.exec(text)
  if (match === null) return 'expected N/s or N/min, such as 20/s'
  const requests = Number(match[1])
  if (requests < 1 || requests > 1_000_000) return 'expected from 1 to 1000000 requests'
  return { requests, periodMs: match[2]?.startsWith('m') === true ? 60_000 : 1000 }
}

export function formatRateLimit (limit: RateLimit): string {
  return `${limit.requests}/${limit.periodMs === 1000 ? 's' : 'min'}`
}

/**
 * The bucket an authenticated request draws from: its token when `Authorization` carries one (what is
 * left once every "Bearer" and space is removed, as the platform reads it), else its key pair. The
 * throttle runs after authentication, so these are the credentials the mock accepts, never what a
 * client happened to send: a header written another way cannot make a bucket of its own.
 */
export function bucketKeyOf (authorization: string | string[] | undefined): 'token' | 'keys' {
  const value = typeof authorization === 'string' ? authorization : ''
  return value.replaceAll('Bearer', '').replaceAll(' ', '') === '' ? 'keys' : 'token'
}

/** A bucket of `limit.requests` tokens refilled continuously; `nowMs` comes from the caller, so it can be tested without waiting. */
export class TokenBucket {
  readonly #limit: RateLimit
  #tokens: number
  #updatedMs: number

  constructor (limit: RateLimit, nowMs: number) {
    this.#limit = limit
    this.#tokens = limit.requests
    this.#updatedMs = nowMs
  }

  /** Takes a token: null when there was one, otherwise the whole seconds until there is (at least 1). */
  take (nowMs: number): number | null {
    const { requests, periodMs } = this.#limit
    this.#tokens = Math.min(requests, this.#tokens + ((nowMs - this.#updatedMs) * requests) / periodMs)
    this.#updatedMs = nowMs
    if (this.#tokens >= 1) {
      this.#tokens -= 1
      return null
    }
    return Math.max(1, Math.ceil(((1 - this.#tokens) * periodMs) / requests / 1000))
  }
}
