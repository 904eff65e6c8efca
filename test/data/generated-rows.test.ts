// Generated rows, over many seeds, runs and positions, are valid rows of both contracts; the contract changes no id or order.
import t from 'tap'
import fc from 'fast-check'
import { loadFixtures } from '../../src/data/fixtures.js'
import { generateRecord } from '../../src/data/generator.js'
import { CONTRACTS } from '../../src/data/model.js'
import { presentPlatformRow, presentRow } from '../../src/data/present.js'
import { planRun } from '../../src/data/run-plan.js'
import { RUN_PROFILES, WELL_KNOWN_RUNS, type RunSpec } from '../../src/data/runs.js'
import { createStore } from '../../src/data/store.js'
import { parseIsoToMicros } from '../../src/domain/datetime.js'
import { rowSchemaFor } from '../../src/schemas/row.js'
import { propertyRuns } from '../property-runs.js'

const FIXTURES_DIR = new URL('../../fixtures/', import.meta.url).pathname

const specArbitrary: fc.Arbitrary<RunSpec> = fc.record({
  id: fc.uuid({ version: 4 }),
  rows: fc.integer({ min: 1, max: 100_000 }),
  profile: fc.constantFrom(...RUN_PROFILES),
  callType: fc.constantFrom('voice' as const, 'text' as const, undefined),
  showcase: fc.boolean()
}).map(({ callType, ...spec }) => (callType === undefined ? spec : { ...spec, callType }))

t.test('every generated row parses with the strict row schema of both contracts', async () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      specArbitrary,
      fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
      (seed, spec, picks) => {
        const plan = planRun(seed, spec)
        // The first positions hold the showcase statuses and the first snapshots; the rest anywhere.
        const positions = [...picks.map((pick) => pick % spec.rows), ...Array.from({ length: Math.min(spec.rows, 24) }, (_, i) => i)]
        for (const position of positions) {
          const record = generateRecord(plan, position)
          for (const contract of CONTRACTS) {
            const result = rowSchemaFor(contract).safeParse(presentRow(contract, record))
            if (!result.success) {
              throw new Error(`seed ${seed}, run ${spec.id}, position ${position}, ${contract}: ${JSON.stringify(result.error.issues)}`)
            }
          }
        }
      }
    ),
    { numRuns: propertyRuns(150) }
  )
})

t.test('the docs and platform contracts list the same ids in the same order, newest first', async (t) => {
  const runs = WELL_KNOWN_RUNS.filter((run) => run.rows <= 100)
  for (const seed of [1, 2, 77, 123456789]) {
    const store = createStore({ seed, runs, fixtureRuns: loadFixtures(FIXTURES_DIR) })
    for (const runId of store.runIds()) {
      const { rows } = store.page({ runId, search: '', status: '', offset: 0, limit: 100 })
      const docs = rows.map((row) => presentRow('docs', row))
      const platform = rows.map(presentPlatformRow)
      t.same(docs.map((row) => row.id), platform.map((row) => row.id), `seed ${seed}, run ${runId}`)
      const times = platform.map((row) => parseIsoToMicros(row.timestamp))
      t.ok(times.every((time, i) => i === 0 || (times[i - 1] as number) >= time), `seed ${seed}, run ${runId}: newest first`)
    }
  }
})
