// A generated call's id leads back to its listing position, for every run and position, without a scan.
import fc from 'fast-check'
import t from 'tap'
import { candidatePositions } from '../../src/data/call-id.js'
import { callIdAt, planRun } from '../../src/data/run-plan.js'
import { propertyRuns } from '../property-runs.js'

const CALL_ID_SALT = 1000

t.test('every call id of a run names exactly its own position', async () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.uuid({ version: 4 }), fc.integer({ min: 1, max: 10_000_000 }), fc.nat(), (seed, id, rows, pick) => {
    const plan = planRun(seed, { id, rows, profile: 'finished' })
    const position = pick % rows
    const found = candidatePositions(plan.key, CALL_ID_SALT, callIdAt(plan, position), rows)
      .filter((candidate) => callIdAt(plan, candidate) === callIdAt(plan, position))
    return found.length === 1 && found[0] === position
  }), { numRuns: propertyRuns(300) })
})

t.test('an id that is no call of the run, or not an id, names no position', async (t) => {
  const plan = planRun(1, { id: '55555555-5555-4555-8555-555555555555', rows: 1_000_000, profile: 'finished' })
  const other = planRun(1, { id: '11111111-1111-4111-8111-111111111111', rows: 23, profile: 'finished' })
  const foreign = callIdAt(other, 3)
  t.same(candidatePositions(plan.key, CALL_ID_SALT, foreign, 1_000_000).filter((p) => callIdAt(plan, p) === foreign), [])
  t.same(candidatePositions(plan.key, CALL_ID_SALT, 'not-a-uuid', 1_000_000), [])
  t.same(candidatePositions(plan.key, CALL_ID_SALT, callIdAt(plan, 999_999), 999_999), [])
})
