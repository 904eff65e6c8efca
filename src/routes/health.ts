// GET /health: an unauthenticated liveness answer for container probes, outside the platform's /simulate/ tree.
import type { FastifyInstance } from 'fastify'
import type { Contract, Store } from '../data/model.js'
import { HealthSchema, type Health } from '../schemas/health.js'
import { sendJson } from './call-executions.js'

export interface HealthOptions {
  store: Store
  contract: Contract
  version: string
  seed: number | null
  settings: Health['settings']
}

export async function healthRoutes (app: FastifyInstance, options: HealthOptions): Promise<void> {
  // Nothing in the answer changes while the process runs, so it is written once: a probe every few
  // seconds then costs no more than sending a constant string.
  const body = JSON.stringify(HealthSchema.parse({
    status: 'ok',
    version: options.version,
    contract: options.contract,
    seed: options.seed,
    runs: options.store.runIds(),
    settings: options.settings
  }))

  app.get('/health', { schema: { response: { 200: HealthSchema } } }, async function health (_request, reply) {
    return sendJson(reply.header('cache-control', 'no-store'), 200, body)
  })
}
