// Every error the mock answers with, declared once in the platform's envelope and rendered in one place.
import { envelopeParts, type FieldErrors as SerializerErrors } from './domain/drf-fields.js'

/** The `type` the platform derives from the status code (unmapped statuses are `api_error`). */
const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'validation_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found',
  429: 'rate_limit',
  500: 'server_error'
}

/** The view's own 500s all start with this prefix, followed by the exception's text. */
export const SERVER_ERROR_PREFIX = 'Failed to retrieve call executions: '

/** An error the mock answers with a JSON body of its own making: its status, headers and bytes. */
export abstract class MockError extends Error {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string>>
  /** The body's media type: JSON unless an error says otherwise (a proxy's HTML page). */
  contentType = 'application/json'

  constructor (statusCode: number, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.statusCode = statusCode
    this.headers = headers
  }

  abstract body (): string
}

/**
 * An error answered with the platform's JSON envelope. Framework errors (auth, method, negotiation)
 * carry `details`; the view's own helpers (not found, server error) pass a plain string and do not.
 */
export class PlatformError extends MockError {
  readonly code: string
  readonly withDetails: boolean

  constructor (
    statusCode: number,
    code: string,
    message: string,
    options: { withDetails: boolean; headers?: Record<string, string> }
  ) {
    super(statusCode, message, options.headers)
    this.name = 'PlatformError'
    this.code = code
    this.withDetails = options.withDetails
  }

  /** The envelope's bytes: key order `status, type, code, detail, message, error, result[, details]`. */
  body (): string {
    const m = this.message
    const envelope: Record<string, unknown> = {
      status: false,
      type: TYPE_BY_STATUS[this.statusCode] ?? 'api_error',
      code: this.code,
      detail: m,
      message: m,
      error: m,
      result: m
    }
    if (this.withDetails) envelope.details = { detail: [m] }
    return JSON.stringify(envelope)
  }
}

// DRF sets `WWW-Authenticate` from the authenticator's `authenticate_header` on every 401.
const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'ApiKey' }

export const notAuthenticated = (): PlatformError =>
  new PlatformError(401, 'not_authenticated', 'Authentication credentials were not provided.', {
    withDetails: true,
    headers: UNAUTHORIZED_HEADERS
  })

export const authenticationFailed = (message: string): PlatformError =>
  new PlatformError(401, 'authentication_failed', message, { withDetails: true, headers: UNAUTHORIZED_HEADERS })

export const invalidApiKey = (): PlatformError => authenticationFailed('Invalid API key or secret key')

/** What the platform says for any `Authorization` value that is not one of its own access tokens. */
export const invalidAccessToken = (): PlatformError =>
  authenticationFailed('Invalid Token parsed: Invalid Token parsed: Invalid token encryption')

export const workspaceDenied = (): PlatformError =>
  new PlatformError(403, 'permission_denied', 'Access denied to this workspace', { withDetails: true })

export const runTestNotFound = (): PlatformError =>
  new PlatformError(404, 'not_found', 'Run test not found', { withDetails: false })

/** DRF's answer to a `format` query parameter naming a renderer the view does not have. */
export const unknownFormat = (): PlatformError =>
  new PlatformError(404, 'error', 'Not found.', { withDetails: true })

export const methodNotAllowed = (method: string): PlatformError =>
  new PlatformError(405, 'method_not_allowed', `Method "${method}" not allowed.`, { withDetails: true })

export const notAcceptable = (): PlatformError =>
  new PlatformError(406, 'not_acceptable', 'Could not satisfy the request Accept header.', { withDetails: true })

/**
 * DRF's `Throttled`, as the platform's exception handler renders it: the framework's message with the
 * wait in whole seconds, and `Retry-After` set to the same number.
 */
export const throttled = (waitSeconds: number): PlatformError =>
  new PlatformError(
    429,
    'throttled',
    `Request was throttled. Expected available in ${waitSeconds} second${waitSeconds === 1 ? '' : 's'}.`,
    { withDetails: true, headers: { 'retry-after': String(waitSeconds) } }
  )

/** Any exception inside the view: the platform answers 500 with the exception's text after a fixed prefix. */
export const serverError = (reason: string): PlatformError =>
  new PlatformError(500, 'server_error', SERVER_ERROR_PREFIX + reason, { withDetails: false })

/** A view's own `bad_request(message)`: code `invalid`, no `details`. */
export const badRequest = (message: string): PlatformError =>
  new PlatformError(400, 'invalid', message, { withDetails: false })

/** A view's own `not_found(message)`, with the view's wording (each view words it its own way). */
export const viewNotFound = (message: string): PlatformError =>
  new PlatformError(404, 'not_found', message, { withDetails: false })

/** A view's own `internal_server_error_response(message)`. */
export const viewServerError = (message: string): PlatformError =>
  new PlatformError(500, 'server_error', message, { withDetails: false })

/**
 * A request body the view's serializer refused (see domain/drf-fields.ts): the envelope
 * `build_error_envelope` makes of a serializer's errors, with `attr` (the first field named) when there
 * is one and `details` (every field's messages).
 */
export class FieldValidationError extends MockError {
  readonly errors: SerializerErrors

  constructor (errors: SerializerErrors) {
    super(400, envelopeParts(errors).message)
    this.name = 'FieldValidationError'
    this.errors = errors
  }

  body (): string {
    const { message, code, attr, details } = envelopeParts(this.errors)
    const envelope: Record<string, unknown> = {
      status: false,
      type: TYPE_BY_STATUS[400],
      code,
      detail: message,
      message,
      error: message,
      result: message
    }
    if (attr !== null) envelope.attr = attr
    envelope.details = details
    return JSON.stringify(envelope)
  }
}

/**
 * The scenario gate's answer when a chat execution has no scenario to run (`check_scenarios_incomplete`
 * in `simulate/utils/scenario_completeness.py`): a dict passed to `bad_request`, which the envelope keeps
 * whole as `result`, with `attr` and `details` made from its keys.
 */
export class NoScenariosError extends MockError {
  constructor () {
    super(400, 'At least one scenario is required to execute the test.')
    this.name = 'NoScenariosError'
  }

  body (): string {
    const m = this.message
    return JSON.stringify({
      status: false,
      type: TYPE_BY_STATUS[400],
      code: 'invalid',
      detail: m,
      message: m,
      error: m,
      result: { error: 'No scenarios', detail: m, scenarios: [] },
      attr: 'scenarios',
      details: { error: ['No scenarios'], detail: [m], scenarios: [] }
    })
  }
}

/** DRF's `ParseError` for a body that is not JSON, through the platform's exception handler. */
export const jsonParseError = (reason: string): PlatformError =>
  new PlatformError(400, 'parse_error', `JSON parse error - ${reason}`, { withDetails: true })

/** DRF's `UnsupportedMediaType` for a body in a type the view has no parser for. */
export const unsupportedMediaType = (type: string): PlatformError =>
  new PlatformError(415, 'unsupported_media_type', `Unsupported media type "${type}" in request.`, { withDetails: true })

/**
 * What a view's own helpers answer (`GeneralMethods.not_found`, `bad_request`,
 * `internal_server_error_response`): a plain message, no `details`; a 400's code is `invalid`.
 */
export const viewError = (statusCode: 400 | 404 | 500, message: string): PlatformError =>
  new PlatformError(statusCode, statusCode === 400 ? 'invalid' : statusCode === 404 ? 'not_found' : 'server_error', message, { withDetails: false })

/** One field's errors as a serializer reports them: its messages, and the code of the first (none for "Unknown field."). */
export interface FieldError {
  field: string
  messages: string[]
  code: string | null
}

/**
 * A request serializer's errors (`validated_request` with `reject_unknown_fields`), as `bad_request`
 * renders a dict: the message `field: msg` (several fields joined by `; `), the first field as `attr`,
 * every field's messages as `details`, and the code of the first error that has one (else `invalid`).
 */
export class FieldErrors extends MockError {
  readonly errors: readonly FieldError[]

  constructor (errors: readonly FieldError[]) {
    super(400, errors.map((error) => `${error.field}: ${error.messages.join(', ')}`).join('; '))
    this.name = 'FieldErrors'
    this.errors = errors
  }

  body (): string {
    const m = this.message
    const details: Record<string, string[]> = {}
    for (const error of this.errors) details[error.field] = error.messages
    const attr = this.errors.find((error) => !['detail', 'error', 'message', 'non_field_errors'].includes(error.field))?.field
    return JSON.stringify({
      status: false,
      type: 'validation_error',
      code: this.errors.find((error) => error.code !== null)?.code ?? 'invalid',
      detail: m,
      message: m,
      error: m,
      result: m,
      ...(attr === undefined ? {} : { attr }),
      details
    })
  }
}

/**
 * Django's default 404 page (DEBUG off, no custom template): what the platform sends for any URL
 * that does not match a route, including a run test id that is not a lowercase hyphenated UUID.
 */
export const HTML_NOT_FOUND_PAGE =
  '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n' +
  '  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n'

/**
 * The HTML pages nginx, as the reverse proxy in front of the platform's server, answers with when the
 * server cannot: the server down (502), overloaded or restarting (503), or too slow (504).
 */
export const PROXY_PAGES: Readonly<Record<502 | 503 | 504, string>> = {
  502: proxyPage('502 Bad Gateway'),
  503: proxyPage('503 Service Temporarily Unavailable'),
  504: proxyPage('504 Gateway Time-out')
}

function proxyPage (title: string): string {
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}

/** Django's own page for an exception that escapes every handler; nothing internal is shown. */
export const HTML_SERVER_ERROR_PAGE =
  '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n' +
  '  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n'

/**
 * An error of the mock's control plane (`/__mock/`): `{"error": "<message>", "path": "<JSON path>"}`,
 * the path naming the part of the request body at fault when there is one.
 */
export class AdminError extends MockError {
  readonly path: string | null

  constructor (statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 503, message: string, path: string | null = null) {
    super(statusCode, message, statusCode === 401 ? { 'www-authenticate': 'Bearer' } : {})
    this.name = 'AdminError'
    this.path = path
  }

  body (): string {
    return JSON.stringify(this.path === null ? { error: this.message } : { error: this.message, path: this.path })
  }
}

/**
 * An error of the WireMock-compatible journal (`/__admin/`), in WireMock's own shape:
 * `{"errors": [{"code": 10, "title": "<message>"}]}`.
 */
export class WireMockError extends MockError {
  constructor (statusCode: 400 | 401 | 404 | 413 | 415 | 422 | 429 | 501 | 503, message: string) {
    super(statusCode, message, statusCode === 401 ? { 'www-authenticate': 'Bearer' } : {})
    this.name = 'WireMockError'
  }

  body (): string {
    return JSON.stringify({ errors: [{ code: 10, title: this.message }] })
  }
}
