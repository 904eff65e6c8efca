// Live runs: at every instant each row follows the rules of its status, statuses only move forward, and paging at a frozen clock is exact.
import fc from 'fast-check'
import t from 'tap'
import { CALL_STATUSES, type CallStatus } from '../../src/data/model.js'
import { presentDocsRow, presentPlatformRow } from '../../src/data/present.js'
import { LIVE_RUN_START } from '../../src/data/run-plan.js'
import type { RunSpec } from '../../src/data/runs.js'
import { REFERENCE_US, createStore } from '../../src/data/store.js'
import { docsRowProblems, platformRowProblems } from '../../src/kit/row-invariants.js'
import { DocsCallExecutionSchema } from '../../src/schemas/docs-row.js'
import { PlatformRowSchema } from '../../src/schemas/platform-row.js'
import { propertyRuns } from '../property-runs.js'

const MINUTE = 60_000_000

const specs: fc.Arbitrary<RunSpec> = fc.record({
  id: fc.uuid({ version: 4 }),
  rows: fc.integer({ min: 1, max: 60 }),
  profile: fc.constant('live' as const),
  callType: fc.constantFrom('voice' as const, 'text' as const)
})

/** Before any call of a live run starts, until well after the last one ends. */
const instants = fc.integer({ min: LIVE_RUN_START - MINUTE, max: REFERENCE_US + 10 * MINUTE })

/** Lifecycle order: a status may only be followed by itself or one further along. */
const RANK: Readonly<Record<CallStatus, number>> = { pending: 0, queued: 0, ongoing: 1, analyzing: 2, completed: 3, failed: 3, cancelled: 3 }

function storeAt (seed: number, spec: RunSpec, now: { us: number }) {
  return createStore({ seed, runs: [spec], fixtureRuns: new Map() }, undefined, () => now.us)
}

t.test('every row of a live run, at any instant, follows the rules of its status in both contracts', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), specs, instants, (seed, spec, at) => {
      const store = storeAt(seed, spec, { us: at })
      const { rows } = store.page({ runId: spec.id, search: '', status: '', offset: 0, limit: 100 })
      for (const record of rows) {
        const platform = presentPlatformRow(record)
        const docs = presentDocsRow(record)
        const problems = [
          ...platformRowProblems(PlatformRowSchema.parse(platform)),
          ...docsRowProblems(DocsCallExecutionSchema.parse(docs))
        ]
        if (record.timestamp > at) problems.push(`updated after the clock: ${record.timestamp} > ${at}`)
        if (problems.length > 0) throw new Error(`seed ${seed}, run ${spec.id}, ${record.status} at ${at}: ${problems.join('; ')}`)
      }
    }),
    { numRuns: propertyRuns(150) }
  )
})

t.test('statuses only move forward as the clock advances, and every call ends', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), specs, fc.array(instants, { minLength: 2, maxLength: 8 }), (seed, spec, times) => {
      const now = { us: 0 }
      const store = storeAt(seed, spec, now)
      const seen = new Map<string, number>()
      for (const at of [...times.sort((a, b) => a - b), REFERENCE_US + 10 * MINUTE]) {
        now.us = at
        for (const record of store.page({ runId: spec.id, search: '', status: '', offset: 0, limit: 100 }).rows) {
          const rank = RANK[record.status as CallStatus]
          if (rank < (seen.get(record.id) ?? 0)) throw new Error(`${record.id} moved back to ${record.status} at ${at}`)
          seen.set(record.id, rank)
        }
      }
      if ([...seen.values()].some((rank) => rank !== 3) || seen.size !== spec.rows) throw new Error('not every call ended')
    }),
    { numRuns: propertyRuns(60) }
  )
})

t.test('paging at a frozen clock yields exactly count distinct rows, newest change first, for every filter', async () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }), specs, instants,
      fc.constantFrom('', ...CALL_STATUSES), fc.constantFrom('', 'a', 'order', '+1', 'zzz'), fc.integer({ min: 1, max: 9 }),
      (seed, spec, at, status, search, limit) => {
        const store = storeAt(seed, spec, { us: at })
        const ids: string[] = []
        const stamps: number[] = []
        let count = -1
        for (let offset = 0; count === -1 || offset < count; offset += limit) {
          const page = store.page({ runId: spec.id, search, status, offset, limit })
          if (count === -1) count = page.count
          if (page.count !== count) throw new Error('count changed between pages')
          for (const record of page.rows) {
            if (status !== '' && record.status !== status) throw new Error(`a ${record.status} row in a ${status} filter`)
            ids.push(record.id)
            stamps.push(record.timestamp)
          }
          if (page.rows.length === 0) break
        }
        if (ids.length !== count || new Set(ids).size !== count) throw new Error(`${ids.length} rows, ${new Set(ids).size} distinct, count ${count}`)
        if (!stamps.every((stamp, i) => i === 0 || (stamps[i - 1] as number) >= stamp)) throw new Error('not newest first')
      }
    ),
    { numRuns: propertyRuns(150) }
  )
})

t.test('at the reference instant the well-known live run is still executing, and four minutes later it is done', async (t) => {
  const run: RunSpec = { id: '66666666-6666-4666-8666-666666666666', rows: 40, profile: 'live', callType: 'voice' }
  const now = { us: REFERENCE_US }
  const store = storeAt(1, run, now)
  const statuses = () => store.page({ runId: run.id, search: '', status: '', offset: 0, limit: 40 }).rows.map((row) => row.status as CallStatus)
  const early = statuses()
  t.equal(early.length, 40, 'every call was created when the run started')
  for (const status of ['pending', 'ongoing', 'analyzing'] as const) t.ok(early.includes(status), `some ${status}`)
  t.ok(early.filter((status) => RANK[status] === 3).length < 20, 'fewer than half done')
  now.us = REFERENCE_US + 5 * MINUTE
  t.ok(statuses().every((status) => RANK[status] === 3), 'all done')
})

t.test('a row is the same whichever page holds it and whatever was asked before', async (t) => {
  const run: RunSpec = { id: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd', rows: 30, profile: 'live' }
  const at = { us: REFERENCE_US + MINUTE }
  const whole = storeAt(9, run, at).page({ runId: run.id, search: '', status: '', offset: 0, limit: 30 }).rows
  const store = storeAt(9, run, at)
  store.page({ runId: run.id, search: 'a', status: 'ongoing', offset: 0, limit: 5 })
  const pieces = [0, 10, 20].flatMap((offset) => store.page({ runId: run.id, search: '', status: '', offset, limit: 10 }).rows)
  t.same(pieces, whole)
})
