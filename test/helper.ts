// Builds a fresh app for one test, with the default keys, and closes it when the test ends.
import type { Test } from 'tap'
import { buildApp, type AppOptions } from '../src/app.js'
import { DEFAULTS } from '../src/config.js'
import { createStoreFromConfig } from '../src/data/setup.js'

export const API_KEY = DEFAULTS.apiKey
export const SECRET_KEY = DEFAULTS.secretKey
export const AUTH = { 'x-api-key': API_KEY, 'x-secret-key': SECRET_KEY }

export const DEMO_RUN = '11111111-1111-4111-8111-111111111111'
export const EMPTY_RUN = '22222222-2222-4222-8222-222222222222'
export const FIXTURE_RUN = '44444444-4444-4444-8444-444444444444'
export const MILLION_RUN = '55555555-5555-4555-8555-555555555555'
export const UNKNOWN_RUN = '99999999-9999-4999-8999-999999999999'

export const listPath = (runId: string, query = ''): string =>
  `/simulate/run-tests/${runId}/call-executions/${query}`

export function build (t: Test, overrides: Partial<AppOptions> & { seed?: number } = {}) {
  const { seed, ...appOverrides } = overrides
  const store = createStoreFromConfig({ ...DEFAULTS, seed: seed ?? DEFAULTS.seed })
  const app = buildApp({
    store,
    contract: DEFAULTS.contract,
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
    accessToken: null,
    ...appOverrides
  })
  t.teardown(() => app.close())
  return app
}
