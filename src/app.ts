// Builds the mock's Fastify application from its dependencies; it reads no environment and listens nowhere.
import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { Contract, Store } from './data/model.js'
import { HTML_NOT_FOUND_PAGE, HTML_SERVER_ERROR_PAGE, PlatformError } from './errors.js'
import { withRedaction } from './logger.js'
import { swaggerOptions } from './openapi/document.js'
import { enableCors } from './plugins/cors.js'
import { drainOnClose } from './plugins/drain-on-close.js'
import { answerClientError, answerFrameworkError } from './plugins/malformed-requests.js'
import { appendSlashRoutes } from './routes/append-slash.js'
import { callExecutionsRoutes, sendJson } from './routes/call-executions.js'
import { healthRoutes } from './routes/health.js'
import { openapiRoutes } from './routes/openapi.js'
import { VERSION } from './version.js'

export interface AppOptions {
  store: Store
  contract: Contract
  apiKey: string
  secretKey: string
  accessToken: string | null
  logger?: FastifyServerOptions['logger']
  /** Scheme, host and path prefix of `next`/`previous` links; by default `http://` and the request's Host. */
  publicUrl?: string | null
  /** Answers browsers on other origins. Off unless asked for here; the CLI and `startMockServer` turn it on by default. */
  cors?: boolean
  /** Reported by `/health`; the package version unless given. */
  version?: string
  /** The seed the store was built with, reported by `/health` (null there when not given). */
  seed?: number | null
}

export function buildApp (options: AppOptions): FastifyInstance {
  // 'idle' closes keep-alive connections that carry no request as soon as close() is called, so a
  // client's pooled connection cannot hold a shutdown open; requests in flight still finish.
  const app = Fastify({
    logger: withRedaction(options.logger),
    forceCloseConnections: 'idle',
    // The platform's router has no length limit on a path segment: a long run test id is its HTML 404
    // (the id check), not Fastify's 414. The request head's own size limit still bounds it.
    routerOptions: { maxParamLength: 65_536 },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError
  })
  drainOnClose(app)
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  // One place renders every error: the platform's envelope for its own errors, Django's HTML 500
  // for anything unexpected (logged, never shown).
  app.setErrorHandler(function renderError (error, request, reply) {
    if (error instanceof PlatformError) {
      return sendJson(reply.headers(error.headers), error.statusCode, error.body())
    }
    request.log.error({ err: error }, 'unexpected error')
    return reply.code(500).type('text/html; charset=utf-8').send(HTML_SERVER_ERROR_PAGE)
  })

  // Django answers every URL that matches no route with its plain HTML page, whatever the method.
  app.setNotFoundHandler(function htmlNotFound (_request, reply) {
    return reply.code(404).type('text/html; charset=utf-8').send(HTML_NOT_FOUND_PAGE)
  })

  // First, so that it sees every route as it is added: it builds the document from the route schemas.
  app.register(swagger, swaggerOptions(options.contract, options.version ?? VERSION))

  // A hook on the instance, added before the routes' own: it answers a preflight before the
  // platform's authentication would refuse it.
  if (options.cors === true) enableCors(app)

  // Django's APPEND_SLASH: a path that matches only with a trailing slash is redirected, with its
  // query string, before any authentication.
  app.register(appendSlashRoutes)

  // The document, its YAML form and the docs page, outside the platform's authentication.
  app.register(openapiRoutes, { publicUrl: options.publicUrl ?? null })

  app.register(healthRoutes, {
    store: options.store,
    contract: options.contract,
    version: options.version ?? VERSION,
    seed: options.seed ?? null
  })

  app.register(callExecutionsRoutes, {
    store: options.store,
    contract: options.contract,
    apiKey: options.apiKey,
    secretKey: options.secretKey,
    accessToken: options.accessToken,
    publicUrl: options.publicUrl ?? null
  })
  return app
}
