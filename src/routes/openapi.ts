// The active contract's OpenAPI document as JSON and YAML, and a Swagger UI page, all outside the platform's authentication.
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { formatOpenapiJson, formatOpenapiYaml } from '../openapi/format.js'

export interface OpenapiRoutesOptions {
  /** The address clients reach the mock at (`--public-url`), or null to use the request's own origin. */
  publicUrl: string | null
  /** Where the control plane's document is served, listed on the docs page next to the platform's; null without one. */
  adminDocument: string | null
}

/**
 * The page's copy of the document names this mock as its first server, so that "Try it out" reaches it
 * whatever port it listens on: at its public URL when one is set (behind a proxy, the request's Host is
 * the upstream's name), else at the origin the page was loaded from. The files keep the default address.
 */
function withOwnOrigin (publicUrl: string | null) {
  return function transformSpecification (document: Readonly<Record<string, unknown>>, request: FastifyRequest): Record<string, unknown> {
    const origin = publicUrl ?? `${request.protocol}://${request.host}`
    const servers = (document.servers ?? []) as Array<{ url: string }>
    return {
      ...document,
      servers: [{ url: origin, description: 'This mock' }, ...servers.filter((server) => server.url !== origin)]
    }
  }
}

export async function openapiRoutes (app: FastifyInstance, options: OpenapiRoutesOptions): Promise<void> {
  // The document does not change while the process runs; it is built on the first request, after
  // every route has been registered.
  let json: string | undefined
  let yaml: string | undefined

  app.get('/openapi.json', async function openapiJson (_request, reply) {
    json ??= formatOpenapiJson(app.swagger())
    return reply.type('application/json; charset=utf-8').send(json)
  })

  app.get('/openapi.yaml', async function openapiYaml (_request, reply) {
    yaml ??= formatOpenapiYaml(app.swagger())
    return reply.type('application/yaml; charset=utf-8').send(yaml)
  })

  // Swagger UI serves its own scripts and styles from the package, so the page works offline.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: {
      deepLinking: true,
      docExpansion: 'list',
      displayOperationId: true,
      // Both documents in the page's selector, the platform's first (the one shown on arrival).
      ...(options.adminDocument === null
        ? {}
        : { urls: [{ url: './json', name: 'Platform API' }, { url: options.adminDocument, name: 'Control plane' }] })
    },
    theme: { title: 'futureagi-mock API' },
    transformSpecification: withOwnOrigin(options.publicUrl)
  })
}
