// Builds the store a configuration describes: the generated runs, resized or added by MOCK_RUNS, and the fixture runs.
import type { Config } from '../config.js'
import { loadFixtures } from './fixtures.js'
import type { Store } from './model.js'
import { parseRunsSpec } from './runs.js'
import { createStore } from './store.js'

export function createStoreFromConfig (config: Pick<Config, 'seed' | 'runs' | 'fixturesDir'>): Store {
  return createStore({
    seed: config.seed,
    runs: parseRunsSpec(config.runs),
    fixtureRuns: loadFixtures(config.fixturesDir)
  })
}
