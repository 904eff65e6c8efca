// The run test model agrees with the listing's rows: executions, their counts and statuses, their calls and every call's lookup.
import fc from 'fast-check'
import t from 'tap'
import { CALL_STATUSES, type CallRecord } from '../../src/data/model.js'
import { LIVE_RUN_START } from '../../src/data/run-plan.js'
import { executionStatus, emptyCounts, addRecord } from '../../src/data/run-tests.js'
import { RUN_PROFILES, WELL_KNOWN_RUNS, type RunSpec } from '../../src/data/runs.js'
import { REFERENCE_US, createStore, createStoreCaches, heldCopyOf, heldRunSource, storeOf } from '../../src/data/store.js'
import { propertyRuns } from '../property-runs.js'

const MINUTE = 60_000_000

const specs: fc.Arbitrary<RunSpec> = fc.record({
  id: fc.uuid({ version: 4 }),
  rows: fc.integer({ min: 0, max: 120 }),
  profile: fc.constantFrom(...RUN_PROFILES),
  callType: fc.constantFrom('voice' as const, 'text' as const, undefined)
}).map(({ callType, ...spec }) => (callType === undefined ? spec : { ...spec, callType }))

const instants = fc.integer({ min: LIVE_RUN_START - MINUTE, max: REFERENCE_US + 10 * MINUTE })

function allRows (store: ReturnType<typeof createStore>, runId: string): CallRecord[] {
  return [...store.page({ runId, search: '', status: '', offset: 0, limit: 1_000_000 }).rows]
}

t.test('every execution counts exactly its live rows by status, and its snapshot rows, at any instant', async () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), specs, instants, (seed, spec, at) => {
    const now = { us: at }
    const store = createStore({ seed, runs: [spec], fixtureRuns: new Map() }, undefined, () => now.us)
    const rows = allRows(store, spec.id)
    const model = store.runTest(spec.id)
    if (model === null) return false
    const expected = new Map<string, ReturnType<typeof emptyCounts>>()
    for (const record of rows) {
      const counts = expected.get(record.testExecution.id) ?? emptyCounts()
      addRecord(counts, record)
      expected.set(record.testExecution.id, counts)
    }
    const views = model.executions(now.us)
    if (views.length !== expected.size) return false
    for (const view of views) {
      const counts = expected.get(view.id)
      if (counts === undefined) return false
      if (view.counts.total !== counts.total || view.counts.snapshots !== counts.snapshots) return false
      for (const status of CALL_STATUSES) if (view.counts.byStatus[status] !== counts.byStatus[status]) return false
      if (view.counts.connected !== counts.connected || view.counts.responseTimeMsCount !== counts.responseTimeMsCount) return false
      if (view.counts.customerMessages !== counts.customerMessages) return false
      if (view.status !== executionStatus(counts, false)) return false
      const page = model.executionCalls(view.id, { search: '', offset: 0, limit: 1_000_000 }, now.us)
      const live = rows.filter((record) => !record.isSnapshot && record.testExecution.id === view.id)
      if (page === null || page.count !== live.length) return false
      if (page.rows.map((record) => record.id).join() !== live.map((record) => record.id).join()) return false
    }
    for (let i = 1; i < views.length; i++) if ((views[i - 1]?.createdAt ?? 0) < (views[i]?.createdAt ?? 0)) return false
    return true
  }), { numRuns: propertyRuns(60) })
})

t.test('every row is found by its id, the same row the listing shows, and snapshots hang off their call', async () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), specs, instants, (seed, spec, at) => {
    const store = createStore({ seed, runs: [spec], fixtureRuns: new Map() }, undefined, () => at)
    const model = store.runTest(spec.id)
    if (model === null) return false
    const rows = allRows(store, spec.id)
    for (const record of rows) {
      const found = model.findCall(record.id, at)
      if (found === null || JSON.stringify(found) !== JSON.stringify(record)) return false
      if (record.isSnapshot) {
        const parent = record.originalCallId as string
        if (!model.snapshotsOf(parent, at).some((snapshot) => snapshot.id === record.id)) return false
      }
    }
    const snapshots = rows.filter((record) => !record.isSnapshot).reduce((sum, record) => sum + model.snapshotsOf(record.id, at).length, 0)
    return snapshots === rows.filter((record) => record.isSnapshot).length
  }), { numRuns: propertyRuns(40) })
})

t.test('the run test lists every scenario and eval config its rows show, and the agent they ran', async () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), specs, (seed, spec) => {
    const store = createStore({ seed, runs: [spec], fixtureRuns: new Map() })
    const identity = store.runTest(spec.id)?.identity
    if (identity === undefined) return false
    const scenarioIds = new Set(identity.scenarios.map((scenario) => scenario.id))
    const evalIds = new Set(identity.evalConfigs.map((config) => config.id))
    return allRows(store, spec.id).every((record) =>
      (record.scenario === null || scenarioIds.has(record.scenario.id)) &&
      record.evals.every((result) => evalIds.has(result.configId)) &&
      (record.testExecution.agentDefinition?.id ?? null) === (identity.agentDefinition?.id ?? null) &&
      record.testExecution.simulationCallType === identity.simulationType)
  }), { numRuns: propertyRuns(60) })
})

t.test('an execution is pending, then running, evaluating and completed as its calls move, and cancelled once cancelled', async (t) => {
  const counts = emptyCounts()
  t.equal(executionStatus(counts, false), 'pending')
  counts.total = 3
  counts.byStatus.pending = 2
  counts.byStatus.queued = 1
  t.equal(executionStatus(counts, false), 'pending')
  counts.byStatus.pending = 1
  counts.byStatus.ongoing = 1
  t.equal(executionStatus(counts, false), 'running')
  counts.byStatus.pending = 0
  counts.byStatus.queued = 0
  counts.byStatus.ongoing = 0
  counts.byStatus.analyzing = 1
  counts.byStatus.completed = 2
  t.equal(executionStatus(counts, false), 'evaluating')
  counts.byStatus.analyzing = 0
  counts.byStatus.failed = 1
  t.equal(executionStatus(counts, false), 'completed')
  t.equal(executionStatus(counts, true), 'cancelled')
})

t.test('the live run\'s executions move from running to completed as the clock advances', async (t) => {
  const live = WELL_KNOWN_RUNS.find((run) => run.profile === 'live') as RunSpec
  const now = { us: REFERENCE_US }
  const store = createStore({ seed: 1, runs: [live], fixtureRuns: new Map() }, undefined, () => now.us)
  const model = store.runTest(live.id)
  t.ok(model?.executions(now.us).some((view) => view.status === 'running'), 'running at the reference instant')
  now.us = REFERENCE_US + 10 * MINUTE
  t.ok(model?.executions(now.us).every((view) => view.status === 'completed' && view.completedAt !== null), 'completed ten minutes later')
})

t.test('the million-call run counts its executions without generating a row per call', async (t) => {
  const million = WELL_KNOWN_RUNS.find((run) => run.rows === 1_000_000) as RunSpec
  const store = createStore({ seed: 1, runs: [million], fixtureRuns: new Map() })
  store.warm()
  const model = store.runTest(million.id)
  const views = model?.executions(REFERENCE_US) ?? []
  t.equal(views.reduce((sum, view) => sum + view.counts.total + view.counts.snapshots, 0), 1_000_000)
  t.ok(views.every((view) => view.counts.estimated), 'contents figures are estimated in a run this large')
  const first = views[0]
  const page = first === undefined ? null : model?.executionCalls(first.id, { search: '', offset: 200_000, limit: 10 }, REFERENCE_US)
  t.equal(page?.rows.length, 10)
  const call = page?.rows[3]
  t.equal(call === undefined ? null : model?.findCall(call.id, REFERENCE_US)?.id, call?.id)
})

t.test('a held run\'s executions follow the changes made to it', async (t) => {
  const store = createStore({ seed: 3, runs: [{ id: '11111111-1111-4111-8111-111111111111', rows: 23, profile: 'finished', callType: 'voice' }], fixtureRuns: new Map() })
  const records = allRows(store, '11111111-1111-4111-8111-111111111111')
  const source = heldRunSource('abababab-abab-4bab-8bab-abababababab', records, 'created', 'platform', { name: 'Held' })
  const held = storeOf([source], createStoreCaches())
  const model = held.runTest(source.info.id)
  t.equal(model?.identity.name, 'Held')
  const before = held.version(source.info.id)
  const te = model?.executions(REFERENCE_US)[0]
  if (te === undefined) throw new Error('no execution')
  const call = model?.executionCalls(te.id, { search: '', offset: 0, limit: 1 }, REFERENCE_US)?.rows[0] as CallRecord
  source.held.putCall({ ...call, status: 'ongoing', timestamp: call.timestamp + 1 })
  t.not(held.version(source.info.id), before, 'the listing\'s version changes')
  t.equal(model?.executions(REFERENCE_US).find((view) => view.id === te.id)?.status, 'running')
  source.held.updateExecution(te.id, { cancelledAt: REFERENCE_US })
  t.equal(model?.executions(REFERENCE_US).find((view) => view.id === te.id)?.status, 'cancelled')
})

t.test('a held copy of a generated run shows the same run test, executions and rows, and can then be changed', async (t) => {
  const spec: RunSpec = { id: '11111111-1111-4111-8111-111111111111', rows: 23, profile: 'finished', callType: 'voice', name: 'Copied' }
  const store = createStore({ seed: 1, runs: [spec], fixtureRuns: new Map() })
  const source = store.source(spec.id)
  if (source === null) throw new Error('no source')
  const copy = heldCopyOf(source, store.caches, REFERENCE_US)
  const copied = storeOf([copy], createStoreCaches())
  t.same(copy.runTest.identity, source.runTest.identity)
  t.same(JSON.stringify(copy.runTest.executions(REFERENCE_US)), JSON.stringify(source.runTest.executions(REFERENCE_US)))
  t.same(allRows(copied as ReturnType<typeof createStore>, spec.id).map((record) => record.id), allRows(store, spec.id).map((record) => record.id))
  const te = copy.runTest.executions(REFERENCE_US)[0]
  if (te === undefined) throw new Error('no execution')
  copy.held.updateExecution(te.id, { cancelledAt: REFERENCE_US })
  t.equal(copy.runTest.executions(REFERENCE_US)[0]?.status, 'cancelled')
  t.not(source.runTest.executions(REFERENCE_US)[0]?.status, 'cancelled', 'the generated run is unchanged')
})
