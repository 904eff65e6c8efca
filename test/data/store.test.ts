// The store pages and filters generated and fixture runs with the platform's search and status rules.
import t from 'tap'
import fc from 'fast-check'
import { generateRecords } from '../../src/data/generator.js'
import { CALL_STATUSES, CONTRACTS, type CallRecord, type PageQuery } from '../../src/data/model.js'
import { planRun } from '../../src/data/run-plan.js'
import { WELL_KNOWN_RUNS, type RunSpec } from '../../src/data/runs.js'
import { presentRow } from '../../src/data/present.js'
import { createStore } from '../../src/data/store.js'
import { compileLikeSearch } from '../../src/domain/like-pattern.js'
import { propertyRuns } from '../property-runs.js'

const DEMO = '11111111-1111-4111-8111-111111111111'
const VOICE_RUN: RunSpec = { id: 'c0ffee00-0000-4000-8000-000000000001', rows: 400, profile: 'in-progress', callType: 'voice' }
const TEXT_RUN: RunSpec = { id: 'c0ffee00-0000-4000-8000-000000000002', rows: 300, profile: 'finished', callType: 'text' }
const FIXTURE_RUN = '44444444-4444-4444-8444-444444444444'

const query = (runId: string, filter: Partial<PageQuery> = {}): PageQuery => ({ runId, search: '', status: '', offset: 0, limit: 10, ...filter })
const ids = (rows: readonly CallRecord[]): string[] => rows.map((row) => row.id)

/** The platform's WHERE clause, applied record by record. */
function reference (records: readonly CallRecord[], search: string, status: string): CallRecord[] {
  const matches = compileLikeSearch(search)
  return records.filter((record) => {
    const phone = record.testExecution.phoneNumber
    const found = search === '' || (phone !== null && matches(phone)) || (record.scenario !== null && matches(record.scenario.name))
    return found && (status === '' || record.status === status)
  })
}

t.test('an unfiltered page holds the rows at its positions and counts the whole run', async (t) => {
  const store = createStore({ seed: 5, runs: [VOICE_RUN], fixtureRuns: new Map() })
  const all = generateRecords(planRun(5, VOICE_RUN), 0, VOICE_RUN.rows)
  t.same(store.page(query(VOICE_RUN.id, { offset: 390, limit: 25 })), { count: 400, rows: all.slice(390) })
  t.same(store.page(query(VOICE_RUN.id, { limit: 0 })), { count: 400, rows: [] })
  t.same(store.page(query(VOICE_RUN.id, { offset: 400 })), { count: 400, rows: [] })
})

t.test('filtered pages equal the platform\'s filter applied to every row, for any search and status', async (t) => {
  const store = createStore({ seed: 9, runs: [VOICE_RUN, TEXT_RUN], fixtureRuns: new Map() })
  for (const spec of [VOICE_RUN, TEXT_RUN]) {
    const plan = planRun(9, spec)
    const all = generateRecords(plan, 0, spec.rows)
    const words = [
      ...plan.executions.flatMap((execution) => (execution.phoneNumber === null ? [] : [execution.phoneNumber])),
      ...plan.scenarios.map((scenario) => scenario.name),
      '%', '_', 'zzz', 'a%e', 'x\\%'
    ]
    const term = fc.tuple(fc.constantFrom(...words), fc.nat(), fc.nat(), fc.boolean())
      .map(([word, from, length, upper]) => {
        const start = from % word.length
        const piece = word.slice(start, start + 1 + (length % word.length))
        return upper ? piece.toUpperCase() : piece
      })
    const status = fc.constantFrom('', ...CALL_STATUSES, 'Completed', 'COMPLETED', 'completed,failed', 'foo')
    fc.assert(
      fc.property(fc.oneof(term, fc.constant('')), status, fc.nat({ max: 450 }), fc.nat({ max: 60 }), (search, status, offset, limit) => {
        const expected = reference(all, search, status)
        const page = store.page({ runId: spec.id, search, status, offset, limit })
        t.equal(page.count, expected.length, `${spec.callType} run, search "${search}", status "${status}": count`)
        t.same(ids(page.rows), ids(expected.slice(offset, offset + limit)), 'rows')
      }),
      { numRuns: propertyRuns(150) }
    )
  }
})

t.test('status is compared exactly and case-sensitively; an unknown status matches nothing', async (t) => {
  const store = createStore({ seed: 1, runs: WELL_KNOWN_RUNS, fixtureRuns: new Map() })
  t.ok(store.page(query(DEMO, { status: 'completed' })).count > 0, 'completed')
  for (const status of ['Completed', 'COMPLETED', ' completed', 'completed,failed', 'done']) {
    t.same(store.page(query(DEMO, { status })), { count: 0, rows: [] }, status)
  }
})

t.test('snapshot rows are counted, found through their parent\'s phone and scenario, filtered by their own status', async (t) => {
  const store = createStore({ seed: 3, runs: WELL_KNOWN_RUNS, fixtureRuns: new Map() })
  const all = store.page(query(DEMO, { limit: 100 }))
  t.equal(all.count, 23, 'live and snapshot rows together')
  const snapshot = all.rows.find((row) => row.isSnapshot)
  const parent = all.rows.find((row) => row.id === snapshot?.originalCallId)
  if (snapshot === undefined || parent === undefined) throw new Error('the demo run has a snapshot with its parent')
  const phone = parent.testExecution.phoneNumber as string
  for (const search of [phone, phone.slice(-6), (parent.scenario?.name as string).toUpperCase()]) {
    t.ok(ids(store.page(query(DEMO, { search, limit: 100 })).rows).includes(snapshot.id), `search "${search}" finds the snapshot`)
  }
  t.ok(ids(store.page(query(DEMO, { status: snapshot.status as string, limit: 100 })).rows).includes(snapshot.id), 'its own status finds it')
  const otherStatus = CALL_STATUSES.find((status) => status !== snapshot.status) as string
  t.notOk(ids(store.page(query(DEMO, { status: otherStatus, limit: 100 })).rows).includes(snapshot.id), 'another status leaves it out')
})

t.test('a search for "+1" finds every call of the demo run by its agent\'s phone number', async (t) => {
  const store = createStore({ seed: 1, runs: WELL_KNOWN_RUNS, fixtureRuns: new Map() })
  t.equal(store.page(query(DEMO, { search: '+1' })).count, 23)
  t.equal(store.page(query(DEMO, { search: 'no such scenario' })).count, 0)
})

t.test('the million-row run pages at any offset and filters it whole', async (t) => {
  const store = createStore({ seed: 1, runs: WELL_KNOWN_RUNS, fixtureRuns: new Map() })
  const million = '55555555-5555-4555-8555-555555555555'
  const last = store.page(query(million, { offset: 999_995 }))
  t.equal(last.count, 1_000_000)
  t.equal(last.rows.length, 5)
  const counts = CALL_STATUSES.map((status) => store.page(query(million, { status })).count)
  t.equal(counts.reduce((a, b) => a + b, 0), 1_000_000, 'the statuses partition the run')
  const started = performance.now()
  const failed = store.page(query(million, { search: 'a', status: 'failed', offset: 5000 }))
  t.ok(performance.now() - started < 3000, 'a new filter answers in seconds, not a scan of the whole run')
  t.ok(failed.rows.every((row) => row.status === 'failed'))
})

/** Fixture-like rows: taken from a generated run, shuffled in time, one with its scenario deleted. */
function fixtureRows (): CallRecord[] {
  const rows = generateRecords(planRun(1, { id: FIXTURE_RUN, rows: 6, profile: 'finished', callType: 'voice' }), 0, 6)
  return rows.map((row, i) => ({
    ...row,
    timestamp: [30, 10, 60, 20, 50, 40][i] as number,
    scenario: i === 2 ? null : row.scenario,
    testExecution: { ...row.testExecution, phoneNumber: i === 2 ? '+15550001111' : '+15559990000' }
  }))
}

t.test('fixture rows are listed newest first and filtered by the same rules', async (t) => {
  const rows = fixtureRows()
  const store = createStore({ seed: 1, runs: [], fixtureRuns: new Map([[FIXTURE_RUN, rows]]) })
  t.same(store.page(query(FIXTURE_RUN)).rows.map((row) => row.timestamp), [60, 50, 40, 30, 20, 10])
  t.same(ids(store.page(query(FIXTURE_RUN, { search: '0001111' })).rows), [rows[2]?.id], 'a row without scenario matches on its phone')
  const name = rows[0]?.scenario?.name as string
  t.notOk(ids(store.page(query(FIXTURE_RUN, { search: name, limit: 100 })).rows).includes(rows[2]?.id as string), 'but never on a scenario')
  t.equal(store.page(query(FIXTURE_RUN, { status: 'Completed' })).count, 0, 'status is case-sensitive')
  t.equal(store.page(query(FIXTURE_RUN, { offset: 4 })).rows.length, 2, 'pages')
})

t.test('the store knows generated and fixture runs and nothing else', async (t) => {
  const store = createStore({ seed: 1, runs: WELL_KNOWN_RUNS, fixtureRuns: new Map([[FIXTURE_RUN, fixtureRows()]]) })
  t.same(store.runIds().sort(), [...WELL_KNOWN_RUNS.map((run) => run.id), FIXTURE_RUN].sort())
  t.ok(store.has(DEMO) && store.has(FIXTURE_RUN))
  t.notOk(store.has('99999999-9999-4999-8999-999999999999'))
  t.throws(() => store.page(query('99999999-9999-4999-8999-999999999999')), { message: 'unknown run test 99999999-9999-4999-8999-999999999999' })
})

t.test('a run both generated and loaded from fixtures, or listed twice, stops the store', async (t) => {
  t.throws(
    () => createStore({ seed: 1, runs: [{ id: FIXTURE_RUN, rows: 5, profile: 'finished' }], fixtureRuns: new Map([[FIXTURE_RUN, []]]) }),
    { message: `run ${FIXTURE_RUN} is both generated and loaded from fixtures` }
  )
  t.throws(() => createStore({ seed: 1, runs: [VOICE_RUN, VOICE_RUN], fixtureRuns: new Map() }), { message: `run ${VOICE_RUN.id} is listed twice` })
})

t.test('pageJson writes each row of a page as the contract presents it, kept or not, from the cache as on first writing', async (t) => {
  const store = createStore({ seed: 3, runs: [VOICE_RUN, TEXT_RUN], fixtureRuns: new Map([[FIXTURE_RUN, fixtureRows()]]) })
  const queries = [
    query(VOICE_RUN.id, { offset: 15, limit: 12 }),
    query(VOICE_RUN.id, { status: 'completed', search: 'a', offset: 3 }),
    query(TEXT_RUN.id, { limit: 40 }),
    query(FIXTURE_RUN),
    query(FIXTURE_RUN, { search: '555', offset: 1, limit: 3 })
  ]
  // Both contracts, twice each and interleaved: a row cached for one contract is never served for the other.
  for (const round of ['written', 'cached']) {
    for (const contract of CONTRACTS) {
      for (const q of queries) {
        const page = store.page(q)
        const expected = { count: page.count, rows: page.rows.map((row) => JSON.stringify(presentRow(contract, row))) }
        const json = store.pageJson(q, contract)
        const rows = Array.from({ length: json.length }, (_, index) => json.rowJson(index, round === 'cached'))
        t.same({ count: json.count, rows }, expected, `${round}: ${contract} rows of ${JSON.stringify(q)}`)
      }
    }
  }
})

t.test('warm() builds the filter columns ahead and changes no answer', async (t) => {
  const cold = createStore({ seed: 4, runs: [VOICE_RUN, TEXT_RUN], fixtureRuns: new Map() })
  const warm = createStore({ seed: 4, runs: [VOICE_RUN, TEXT_RUN], fixtureRuns: new Map() })
  warm.warm()
  warm.warm()
  for (const spec of [VOICE_RUN, TEXT_RUN]) {
    for (const filter of [{}, { status: 'failed' }, { search: 'e', offset: 7 }, { search: 'zzz' }]) {
      t.same(warm.page(query(spec.id, filter)), cold.page(query(spec.id, filter)), `${spec.id} ${JSON.stringify(filter)}`)
    }
  }
})
