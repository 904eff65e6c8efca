// The active contract's OpenAPI document as JSON and YAML, and a Swagger UI page, all outside the
// platform's authentication: the routes of the documented app (see buildDocumentedApp), which has
// @fastify/swagger registered. The served app hands these requests to it (routes/openapi.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { formatOpenapiJson, formatOpenapiYaml } from '../openapi/format.js'
import { ownOrigin, publicPath, servedFrom, servedText } from '../openapi/served.js'
import type { OpenapiRoutesOptions } from './openapi.js'

export async function documentRoutes (app: FastifyInstance, options: OpenapiRoutesOptions): Promise<void> {
  // The document does not change while the process runs; it is built on the first request, after
  // every route has been registered. Each copy names the mock at the address it was fetched from (or
  // its public URL) as its first server, so that tools reading it reach this mock, whatever its port.
  const json = servedText((origin) => formatOpenapiJson(servedFrom(app.swagger() as object, origin)))
  const yaml = servedText((origin) => formatOpenapiYaml(servedFrom(app.swagger() as object, origin)))
  const prefix = publicPath(options.publicUrl)

  app.get('/openapi.json', async function openapiJson (request, reply) {
    return reply.type('application/json; charset=utf-8').send(json(ownOrigin(request, options.publicUrl)))
  })

  app.get('/openapi.yaml', async function openapiYaml (request, reply) {
    return reply.type('application/yaml; charset=utf-8').send(yaml(ownOrigin(request, options.publicUrl)))
  })

  // Swagger UI serves its own scripts and styles from the package, so the page works offline. Behind a
  // path prefix (a public URL with a path), the page's assets and both documents are fetched under it:
  // the page names them by absolute paths that start with the prefix, whether it was loaded as /docs or /docs/.
  // Imported as registered, like @fastify/swagger (openapi/documented.ts): it reads its files from its own folder.
  await app.register(import('@fastify/swagger-ui'), {
    routePrefix: '/docs',
    ...(prefix === '' ? {} : { indexPrefix: prefix }),
    uiConfig: {
      deepLinking: true,
      docExpansion: 'list',
      displayOperationId: true,
      // Both documents in the page's selector, the platform's first (the one shown on arrival).
      ...(options.adminDocument === null
        ? {}
        : { urls: [{ url: `${prefix}/docs/json`, name: 'Platform API' }, { url: `${prefix}${options.adminDocument}`, name: 'Control plane' }] })
    },
    theme: { title: 'futureagi-mock API' },
    // The page's copy names this mock first, so that "Try it out" reaches it.
    transformSpecification: (document: Readonly<Record<string, unknown>>, request: FastifyRequest) =>
      servedFrom(document as Record<string, unknown>, ownOrigin(request, options.publicUrl))
  })
}
