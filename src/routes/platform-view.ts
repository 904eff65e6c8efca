// What every action view of the platform does before its own code: the URL, negotiation, authentication, throttling, the method, and reading the body.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify'
import { acceptAny } from '../openapi/operations.js'
import { acceptsJson, formatIsServed } from '../domain/accept.js'
import { validateBody, validateEmptyBody, type SerializerSpec } from '../domain/drf-fields.js'
import { preferredStatus } from '../domain/prefer.js'
import { parseQuery } from '../domain/query.js'
import { readBody } from '../domain/request-body.js'
import { isRunTestId } from '../domain/uuid.js'
import {
  FieldValidationError,
  MockError,
  type PlatformError,
  invalidApiKey,
  jsonParseError,
  methodNotAllowed,
  notAcceptable,
  unknownFormat,
  unsupportedMediaType,
  viewNotFound,
  viewServerError,
  workspaceDenied
} from '../errors.js'
import { createAuthenticator, type Credentials } from '../plugins/auth.js'
import { mayNameFormat, sendJson } from './call-executions.js'

export interface PlatformViewOptions extends Credentials {
  /** DRF's throttle, checked right after authentication. */
  throttle?: ((request: FastifyRequest) => PlatformError | null) | null
}

/** What DRF's `OPTIONS` answers for a view: its name and docstring. */
export interface ViewDescription {
  name: string
  description: string
}

/** The largest body read; nginx in front of the platform refuses a larger one with its own 413 page. */
export const MAX_BODY_BYTES = 1024 * 1024

/** nginx's answer to a body over its limit. */
class BodyTooLarge extends MockError {
  constructor () {
    super(413, 'Request Entity Too Large')
    this.contentType = 'text/html'
  }

  body (): string {
    return PROXY_PAGE_413
  }
}

const PROXY_PAGE_413 = '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n' +
  '<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'

declare module 'fastify' {
  interface FastifyRequest {
    /** The raw body text of an action request, read as it arrived (decoded as UTF-8). */
    mockBodyText?: string
  }
}

function rawQueryOf (url: string): string {
  const mark = url.indexOf('?')
  return mark === -1 ? '' : url.slice(mark + 1)
}

/**
 * Registers, in the plugin `app`, a body parser that keeps every body as text (up to `MAX_BODY_BYTES`),
 * whatever its type: the views read it themselves, after authentication, as DRF does.
 */
export function keepBodiesAsText (app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', function keepText (request, payload, done) {
    const chunks: Buffer[] = []
    let size = 0
    let failed = false
    payload.on('data', (chunk: Buffer) => {
      if (failed) return
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        failed = true
        done(new BodyTooLarge(), undefined)
        return
      }
      chunks.push(chunk)
    })
    payload.on('end', () => {
      if (failed) return
      request.mockBodyText = Buffer.concat(chunks).toString('utf8')
      done(null, request.mockBodyText)
    })
    payload.on('error', (error) => {
      if (!failed) done(error, undefined)
    })
  })
}

const FORCED: Readonly<Record<number, (method: string) => PlatformError>> = {
  401: () => invalidApiKey(),
  403: () => workspaceDenied(),
  404: () => viewNotFound('Not found.'),
  405: (method) => methodNotAllowed(method),
  406: () => notAcceptable(),
  500: () => viewServerError('simulated failure requested with "Prefer: code=500"')
}

/**
 * The checks before a view runs, in the platform's order: the path's id (Django's HTML 404), `format`
 * and `Accept`, `Prefer: code=`, authentication, throttling, then the method (`allow` lists the
 * view's own, as DRF's `Allow` header does).
 */
export function guardView (options: PlatformViewOptions, param: string, allow: readonly string[], view: ViewDescription): onRequestHookHandler {
  const authenticate = createAuthenticator(options)
  const allowHeader = [...allow, 'OPTIONS'].join(', ')
  const optionsBody = Buffer.from(JSON.stringify({
    name: view.name,
    description: view.description,
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']
  }))
  /** The checks; true when the request has been answered (the 404 page, OPTIONS). */
  function checkRequest (request: FastifyRequest, reply: FastifyReply): boolean {
    const id = (request.params as Record<string, string>)[param] ?? ''
    if (!isRunTestId(id)) {
      reply.callNotFound()
      return true
    }
    reply.header('allow', allowHeader)
    const vary = reply.getHeader('vary')
    reply.header('vary', vary === undefined ? 'Accept' : vary === 'Origin' ? 'Origin, Accept' : `${String(vary)}, Accept`)
    if (mayNameFormat(request.url) && !formatIsServed(parseQuery(rawQueryOf(request.url)).get('format'))) throw unknownFormat()
    if (!acceptsJson(request.headers.accept)) throw notAcceptable()
    const forced = preferredStatus(request.headers.prefer as string | undefined)
    if (forced !== null && FORCED[forced] !== undefined) throw FORCED[forced](request.method)
    const failure = authenticate(request.headers)
    request.mockKeysAccepted = failure === null
    if (failure !== null) throw failure
    const throttled = options.throttle?.(request) ?? null
    if (throttled !== null) throw throttled
    if (request.method === 'OPTIONS') {
      sendJson(reply, 200, optionsBody)
      return true
    }
    if (!allow.includes(request.method)) throw methodNotAllowed(request.method)
    return false
  }
  // A callback hook, not an async one: it runs on every request of the view, and this spares a promise each time.
  return function guardPlatformView (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    let answered: boolean
    try {
      answered = checkRequest(request, reply)
    } catch (error) {
      done(error as Error)
      return
    }
    if (!answered) done()
  }
}

/** The request's body as DRF reads it; throws the platform's 400 (parse error) or 415. */
export function bodyOf (request: FastifyRequest): unknown {
  const text = request.mockBodyText ?? ''
  const reading = readBody(text, request.headers['content-type'])
  if (reading.ok) return reading.value
  if (reading.kind === 'parse') throw jsonParseError(reading.reason)
  throw unsupportedMediaType(reading.mediaType)
}

/** The body read by a view's serializer; throws the platform's 400 with the serializer's errors. */
export function validated<T> (request: FastifyRequest, spec: SerializerSpec<T>): T {
  const result = validateBody(spec, bodyOf(request))
  if (!result.ok) throw new FieldValidationError(result.errors)
  return result.data
}

/** A body read by `EmptyRequestSerializer`: none is accepted. */
export function noBody (request: FastifyRequest): void {
  const result = validateEmptyBody(bodyOf(request))
  if (!result.ok) throw new FieldValidationError(result.errors)
}

/** Every method a view route answers (the others get the platform's 405 from the guard). */
export const VIEW_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * A view's route: the documented method with its schema, and every other method on an undocumented
 * route with the same guard, which answers OPTIONS and the platform's 405 (or the view, for the
 * view's other methods registered elsewhere, such as the call detail's GET).
 */
export function viewRoute<P> (app: FastifyInstance, spec: {
  url: string
  method: 'POST' | 'PATCH'
  /** Methods other routes serve on this URL: left to them. */
  servedElsewhere?: readonly string[]
  schema: FastifySchema
  guard: onRequestHookHandler
  handler: (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => Promise<unknown>
}): void {
  app.route<{ Params: P }>({
    method: spec.method,
    url: spec.url,
    schema: spec.schema,
    validatorCompiler: acceptAny,
    onRequest: spec.guard,
    handler: spec.handler
  })
  const others = VIEW_METHODS.filter((method) => method !== spec.method && !(spec.servedElsewhere ?? []).includes(method))
  if (others.length === 0) return
  app.route({
    method: others,
    url: spec.url,
    exposeHeadRoute: false,
    onRequest: spec.guard,
    handler: async function otherMethod (request) {
      throw methodNotAllowed(request.method)
    }
  })
}

/** A 200 with `value` as JSON, as the platform renders it (`application/json`, no charset). */
export function sendBody (reply: FastifyReply, value: unknown, status = 200): FastifyReply {
  return sendJson(reply, status, JSON.stringify(value))
}
