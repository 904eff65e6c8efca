// The platform's fixed answers, written out from the contract rather than taken from the mock, so that the kit can catch the mock too.
//
// Error bodies are compact JSON with the keys `status, type, code, detail, message, error, result[, details]`
// (contract §6): framework errors (authentication) carry `details`, the view's own errors (not found,
// server error) do not.

export const SERVER_ERROR_PREFIX = 'Failed to retrieve call executions: '

function errorBody (type: string, code: string, message: string, withDetails: boolean): string {
  return JSON.stringify({
    status: false,
    type,
    code,
    detail: message,
    message,
    error: message,
    result: message,
    ...(withDetails ? { details: { detail: [message] } } : {})
  })
}

export const NOT_AUTHENTICATED_BODY = errorBody('authentication_error', 'not_authenticated', 'Authentication credentials were not provided.', true)

export const WRONG_KEYS_BODY = errorBody('authentication_error', 'authentication_failed', 'Invalid API key or secret key', true)

export const INVALID_TOKEN_BODY = errorBody(
  'authentication_error',
  'authentication_failed',
  'Invalid Token parsed: Invalid Token parsed: Invalid token encryption',
  true
)

export const RUN_NOT_FOUND_BODY = errorBody('not_found', 'not_found', 'Run test not found', false)

/** Any exception inside the view: the fixed prefix and the exception's text. */
export function serverErrorBody (reason: string): string {
  return errorBody('server_error', 'server_error', SERVER_ERROR_PREFIX + reason, false)
}

/** Python's `int()` on a malformed `limit` or `page`; the literal is the raw value, quoted with `repr`. */
export function invalidIntBody (raw: string): string {
  return serverErrorBody(`invalid literal for int() with base 10: '${raw}'`)
}

/** Every 401 names the authentication scheme (DRF's `authenticate_header`). */
export const WWW_AUTHENTICATE = 'ApiKey'

/** What identifies Django's default HTML 404 page (DEBUG off, no template). */
export const HTML_NOT_FOUND_MARK = '<h1>Not Found</h1>'

/** The envelope's keys, in the order the view writes them (contract §3). */
export const ENVELOPE_KEYS = ['count', 'next', 'previous', 'results', 'total_pages', 'current_page'] as const
