// What the documents need, loaded only when an app with documents is built: @fastify/swagger with the
// documents' options, Swagger UI and the YAML writer. The served app never imports this module itself.
import type { FastifyInstance } from 'fastify'
import type { Contract } from '../data/model.js'
import { ADMIN_DOCUMENT_DECORATOR, adminSwaggerOptions, swaggerOptions } from './document.js'
import { formatOpenapiJson } from './format.js'
import { servedFrom, servedText } from './served.js'

export { documentRoutes } from '../routes/openapi-documents.js'

export interface DocumentSettings {
  contract: Contract
  version: string
  /** The tags of the control plane's routes, or null for an app without one (no document of its own). */
  adminTags: ReadonlyArray<{ name: string; description: string }> | null
}

/**
 * Registers @fastify/swagger for the platform's document (`app.swagger()`) and, with a control plane,
 * for its own (`app.adminSwagger()`). Call it before any route is added: it collects routes as they
 * are. Returns the control plane's document as served at an origin, or null without one.
 */
export function registerDocuments (app: FastifyInstance, settings: DocumentSettings): ((origin: string) => string) | null {
  // Imported as registered (Fastify awaits a plugin's module), as the command's single-file build
  // leaves @fastify/swagger out and loads it only here.
  app.register(import('@fastify/swagger'), swaggerOptions(settings.contract, settings.version))
  if (settings.adminTags === null) return null
  app.register(import('@fastify/swagger'), adminSwaggerOptions(settings.version, settings.adminTags))
  const document = (): object => (app as unknown as Record<string, () => object>)[ADMIN_DOCUMENT_DECORATOR]?.() ?? {}
  return servedText((origin) => formatOpenapiJson(servedFrom(document(), origin)))
}
