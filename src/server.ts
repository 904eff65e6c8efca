#!/usr/bin/env node
// Starts the mock: reads the configuration once, loads the data, listens, and closes cleanly on a signal.
import { buildApp } from './app.js'
import { ConfigError, configFromEnv, type Config } from './config.js'
import { createStoreFromConfig } from './data/setup.js'

function fail (message: string): never {
  process.stderr.write(`futureagi-mock: ${message}\n`)
  process.exit(1)
}

async function main (): Promise<void> {
  let config: Config
  let store
  try {
    config = configFromEnv(process.env)
    store = createStoreFromConfig(config)
  } catch (error) {
    if (error instanceof Error && error.name !== 'Error') fail(error.message)
    throw error
  }

  const app = buildApp({
    store,
    contract: config.contract,
    apiKey: config.apiKey,
    secretKey: config.secretKey,
    accessToken: config.accessToken,
    logger: { level: config.logLevel }
  })

  // On a signal: stop accepting connections, finish the requests in flight, then exit.
  let closing = false
  const close = (signal: NodeJS.Signals): void => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'closing')
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while closing')
        process.exit(1)
      }
    )
  }
  process.once('SIGINT', close)
  process.once('SIGTERM', close)

  await app.listen({ port: config.port, host: config.host })
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)))
