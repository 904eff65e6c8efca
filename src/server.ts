// Starts a mock server from a validated configuration: builds the store and the app, listens, and says where.
import type { AddressInfo } from 'node:net'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { buildApp, createAppControlPlane } from './app.js'
import type { Config } from './config.js'
import type { ControlPlane } from './control/control-plane.js'
import type { SourcedStore } from './data/store.js'
import { createStoreFromConfig } from './data/setup.js'

export interface RunningServer {
  app: FastifyInstance
  /** The control plane, or null when it is off (`--no-admin`). */
  control: ControlPlane | null
  /** `http://host:port` as bound; a wildcard host is written as `localhost`, which reaches it. */
  url: string
}

export interface StartOptions {
  logger: FastifyServerOptions['logger']
  /** A store built some other way than from `config` (the in-process API's fixture objects). */
  store?: SourcedStore
  /** Hears of a configuration that starts but is probably not what was meant (an empty fixture folder). */
  warn?: (message: string) => void
}

const WILDCARDS = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0'])

/** The URL of a bound address: IPv6 in brackets, the port the system chose when asked for 0. */
export function urlOf (address: AddressInfo): string {
  if (WILDCARDS.has(address.address)) return `http://localhost:${address.port}`
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

export async function startServer (config: Config, options: StartOptions): Promise<RunningServer> {
  const store = options.store ?? createStoreFromConfig(config, options.warn)
  // A run's filter columns are left to the first filtered request of that run (a million rows take
  // 55-85 ms): a process that never filters a large run, as most test files do not, never builds them.
  const control = config.admin
    ? createAppControlPlane({ store, contract: config.contract, seed: config.seed, latency: config.latency }, config)
    : null
  const app = buildApp({
    control,
    adminToken: config.adminToken,
    latency: config.latency,
    rateLimit: config.rateLimit,
    slowBodyRate: config.slowBodyRate,
    clock: config.clock,
    store,
    contract: config.contract,
    apiKey: config.apiKey,
    secretKey: config.secretKey,
    accessToken: config.accessToken,
    publicUrl: config.publicUrl,
    cors: config.cors,
    adminOrigins: config.adminOrigins,
    seed: config.seed,
    logger: options.logger
  })
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    await app.close()
    throw error
  }
  return { app, control, url: urlOf(app.server.address() as AddressInfo) }
}
