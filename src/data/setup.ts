// Builds the store a configuration describes: the generated runs, resized or added by MOCK_RUNS, and the fixture runs.
import type { Config } from '../config.js'
import { loadFixtureRuns } from './fixtures.js'
import { parseRunsSpec } from './runs.js'
import { createStore, type SourcedStore } from './store.js'

/**
 * Throws a `FixtureError` naming the file, JSON path and reason for a bad fixture, including a fixture
 * run that takes the id of a generated one; `warn` hears of a fixture folder that serves nothing.
 */
export function createStoreFromConfig (
  config: Pick<Config, 'seed' | 'runs' | 'fixturesDir'>,
  warn?: (message: string) => void
): SourcedStore {
  const runs = parseRunsSpec(config.runs)
  const fixtures = loadFixtureRuns(config.fixturesDir, { generatedRuns: new Set(runs.map((run) => run.id)), warn })
  return createStore({
    seed: config.seed,
    runs,
    fixtureRuns: new Map([...fixtures].map(([id, run]) => [id, run.records])),
    fixtureContracts: new Map([...fixtures].map(([id, run]) => [id, run.contract])),
    fixtureFields: new Map([...fixtures].map(([id, run]) => [id, run.fields]))
  })
}
