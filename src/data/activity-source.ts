// A run test's listing with what a session's actions added: their calls and snapshot rows, then the run's own rows.
//
// The actions' rows are the run's newest (they happen at the session's clock, which starts where the
// generated rows end), so they are listed first, most recently changed first, and the run's own rows
// follow unchanged. Rows are named by negative numbers (-1 for the first of the actions' rows) so that
// the run's own positions keep their names, and their cache keys carry the activity's version and the
// clock, so a changed row is never served from the row cache.
import { compileLikeSearch } from '../domain/like-pattern.js'
import type { ActivityExecution, RunActivity } from './activity.js'
import type { CallRecord, PageQuery } from './model.js'
import { addRecord, containsFolded, emptyCounts, isFinalExecutionStatus, wholeSeconds, type ExecutionView, type RunTestModel } from './run-tests.js'
import type { RunSource } from './store.js'

function keeps (query: PageQuery): (record: CallRecord) => boolean {
  const matches = query.search === '' ? null : compileLikeSearch(query.search)
  return (record) => {
    if (query.status !== '' && record.status !== query.status) return false
    if (matches === null) return true
    const phone = record.testExecution.phoneNumber
    return (phone !== null && matches(phone)) || (record.scenario !== null && matches(record.scenario.name))
  }
}

export function withActivity (source: RunSource, activity: RunActivity): RunSource {
  /** The actions' rows at an instant, newest change first; built once per (version, instant). */
  let cached: { at: string; rows: CallRecord[] } | null = null
  const rowsAt = (now: number): CallRecord[] => {
    const at = `${activity.version}@${now}`
    if (cached?.at !== at) {
      const rows = activity.rows(now).sort((a, b) => b.timestamp - a.timestamp)
      cached = { at, rows }
    }
    return cached.rows
  }

  return {
    key: `${source.key}+${activity.key}`,
    info: { ...source.info, rows: source.info.rows + activity.callCount + activity.snapshots.length },
    place (query, caches, now) {
      const own = rowsAt(now)
      const keep = keeps(query)
      const added: number[] = []
      own.forEach((record, index) => {
        if (keep(record)) added.push(-(index + 1))
      })
      const end = query.offset + query.limit
      const rows: number[] = added.slice(query.offset, end)
      const baseOffset = Math.max(0, query.offset - added.length)
      const baseLimit = Math.max(0, end - Math.max(query.offset, added.length))
      const base = source.place({ ...query, offset: baseOffset, limit: baseLimit }, caches, now)
      for (let i = 0; i < base.rows.length && rows.length < query.limit; i++) rows.push(base.rows[i] as number)
      return { count: added.length + base.count, rows }
    },
    recordAt (row, now) {
      if (row >= 0) return source.recordAt(row, now)
      const record = rowsAt(now)[-row - 1]
      if (record === undefined) throw new Error(`no action row ${row} in run ${activity.runId}`)
      return record
    },
    rowKey: (row, now) => (row >= 0 ? source.rowKey(row, now) : `a${activity.version}@${now}#${-row}`),
    version: (now) => `${source.version(now)}+${activity.key}.${activity.version}@${now}`,
    warm: source.warm,
    context: source.context,
    runTest: withActivityModel(source.runTest, activity)
  }
}

/** A test execution of the actions as the read endpoints show it at `now`. */
function executionView (activity: RunActivity, execution: ActivityExecution, base: RunTestModel, now: number): ExecutionView {
  const counts = emptyCounts()
  let latest = execution.createdAt
  for (const call of execution.calls) {
    const record = activity.viewOf(call, now)
    addRecord(counts, record)
    latest = Math.max(latest, record.timestamp)
  }
  for (const snapshot of activity.snapshots) if (snapshot.testExecution.id === execution.id) addRecord(counts, snapshot)
  const status = activity.statusOf(execution, now)
  const completedAt = status === 'cancelled' ? execution.cancelledAt : isFinalExecutionStatus(status) ? latest : null
  return {
    id: execution.id,
    ref: execution.ref,
    agentVersion: base.identity.agentVersion,
    createdAt: execution.createdAt,
    startedAt: execution.createdAt,
    completedAt,
    status,
    scenarioIds: execution.scenarioIds,
    errorReason: null,
    counts,
    durationSeconds: completedAt === null ? 0 : Math.max(0, wholeSeconds(execution.createdAt, completedAt))
  }
}

/** The run test with the actions' executions and calls added to what its model shows. */
function withActivityModel (base: RunTestModel, activity: RunActivity): RunTestModel {
  return {
    get identity () {
      return base.identity
    },
    executions (now) {
      const own = activity.executions.map((execution) => executionView(activity, execution, base, now))
      return [...own, ...base.executions(now)].sort((a, b) => b.createdAt - a.createdAt)
    },
    executionCalls (executionId, query, now) {
      const execution = activity.executions.find((candidate) => candidate.id === executionId)
      if (execution === undefined) return base.executionCalls(executionId, query, now)
      const rows = execution.calls
        .map((call) => activity.viewOf(call, now))
        .filter((record) => query.search === '' || containsFolded(record.scenario?.name ?? null, query.search) || containsFolded(record.testExecution.phoneNumber, query.search))
        .sort((a, b) => b.timestamp - a.timestamp)
      return { count: rows.length, rows: rows.slice(query.offset, query.offset + query.limit) }
    },
    findCall (callId, now) {
      for (const call of activity.calls()) if (call.id === callId) return activity.viewOf(call, now)
      const snapshot = activity.snapshots.find((candidate) => candidate.id === callId)
      return snapshot ?? base.findCall(callId, now)
    },
    snapshotsOf (callId, now) {
      const own = activity.snapshots.filter((snapshot) => snapshot.originalCallId === callId).reverse()
      return [...own, ...base.snapshotsOf(callId, now)]
    }
  }
}
