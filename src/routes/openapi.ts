// The paths of the OpenAPI documents and the Swagger UI page in the served app: each request is handed
// to the documented app (see buildDocumentedApp), built on the first of them, and its answer sent back
// as it is. Starting the mock loads neither @fastify/swagger nor Swagger UI nor the YAML writer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** The documented twin of an app, and its control plane's document as served at an origin (null without one). */
export interface DocumentedApp {
  app: FastifyInstance
  adminDocument: ((origin: string) => string) | null
}

export interface OpenapiRoutesOptions {
  /** The address clients reach the mock at (`--public-url`), or null to use the request's own origin. */
  publicUrl: string | null
  /** Where the control plane's document is served, listed on the docs page next to the platform's; null without one. */
  adminDocument: string | null
  /** The documented app these routes' requests are answered by. */
  documented: () => Promise<DocumentedApp>
}

/** The request headers an answer of these routes depends on: the Host names the mock in the document, the rest are Swagger UI's conditional requests for its assets. */
const HANDED_ON = ['host', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'range', 'if-range'] as const

/** Headers of the documented app's answer that the served app writes itself, for its own connection. */
const OWN_HEADERS = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'])

/** Each route Swagger UI adds under `/docs` (with HEAD beside each GET), so that routing, 404s and redirects stay the same. */
const SWAGGER_UI_ROUTES = ['/', '/static/index.html', '/static/swagger-initializer.js', '/static/*', '/json', '/yaml'] as const

export async function openapiRoutes (app: FastifyInstance, options: OpenapiRoutesOptions): Promise<void> {
  async function handOn (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { app: documented } = await options.documented()
    const headers: Record<string, string> = {}
    for (const name of HANDED_ON) {
      const value = request.headers[name]
      if (typeof value === 'string') headers[name] = value
    }
    // HEAD is asked as GET, so that the served app answers it as it answers any HEAD: the GET's headers, no body.
    const answer = await documented.inject({ method: 'GET', url: request.url, headers })
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!OWN_HEADERS.has(name) && value !== undefined) reply.header(name, value)
    }
    // No body (a redirect, a 304) is sent as none, so that no content type is given to it.
    return reply.code(answer.statusCode).send(answer.rawPayload.length === 0 ? undefined : answer.rawPayload)
  }

  app.get('/openapi.json', handOn)
  app.get('/openapi.yaml', handOn)
  app.register(async function swaggerUiPaths (docs) {
    for (const url of SWAGGER_UI_ROUTES) docs.get(url, { schema: { hide: true } }, handOn)
  }, { prefix: '/docs' })
}
