// A run test's listing with what a session's actions added: their calls and snapshot rows, then the run's own rows.
//
// The actions' rows are the run's newest (they happen at the session's clock, which starts where the
// generated rows end), so they are listed first, most recently changed first, and the run's own rows
// follow. Rows are named by negative numbers (-1 for the first of the actions' rows) so that the run's
// own positions keep their names, and their cache keys carry the activity's version and the clock, so
// a changed row is never served from the row cache.
//
// A call of the run's own executions that an action changed (cancelled, rerun, its status set) is one
// of the actions' rows from then on, and its own row is left out where the run lists it: the run's
// rows are never copied, only the few changed calls are kept, by id (see `RunActivity.adoptCall`).
import { compileLikeSearch } from '../domain/like-pattern.js'
import type { ActivityExecution, RunActivity } from './activity.js'
import type { CallRecord, PageQuery } from './model.js'
import {
  addRecord,
  containsFolded,
  emptyCounts,
  executionStatus,
  isFinalExecutionStatus,
  wholeSeconds,
  type ExecutionCounts,
  type ExecutionView,
  type RunTestModel
} from './run-tests.js'
import type { RunSource, StoreCaches } from './store.js'

function keeps (query: PageQuery): (record: CallRecord) => boolean {
  const matches = query.search === '' ? null : compileLikeSearch(query.search)
  return (record) => {
    if (query.status !== '' && record.status !== query.status) return false
    if (matches === null) return true
    const phone = record.testExecution.phoneNumber
    return (phone !== null && matches(phone)) || (record.scenario !== null && matches(record.scenario.name))
  }
}

/**
 * Where the row at `offset` of a listing with the rows at ranks `out` (ascending) left out stands in the
 * whole listing: past every left-out row before it.
 */
function rankOf (offset: number, out: readonly number[]): number {
  let start = offset
  for (let j = 0; j < out.length && (out[j] as number) - j <= offset; j++) start = offset + j + 1
  return start
}

/** Filters whose left-out ranks are kept per activity (each a few numbers a changed call). */
const RANK_ENTRIES = 16

export function withActivity (source: RunSource, activity: RunActivity): RunSource {
  activity.base = source.runTest
  /** The actions' rows at an instant, newest change first; built once per (version, instant). */
  let cached: { at: string; rows: CallRecord[] } | null = null
  /** The rows of the run's own calls that the actions changed, and so list themselves; built once per version of both. */
  let adopted: { at: string; rows: Set<number> } | null = null
  const adoptedRows = (now: number): Set<number> => {
    const at = `${activity.version}@${source.version(now)}`
    if (adopted?.at !== at) {
      const rows = new Set<number>()
      for (const execution of activity.executions) {
        if (!execution.own) continue
        for (const call of execution.calls) {
          const row = source.rowOf(call.id, now)
          if (row !== null) rows.add(row)
        }
      }
      adopted = { at, rows }
    }
    return adopted.rows
  }
  /** Where the left-out rows stand among the rows the run's own listing matches, per filter: ascending ranks. */
  const ranks = new Map<string, number[]>()
  const ranksOf = (query: PageQuery, caches: StoreCaches, now: number, left: Set<number>): number[] => {
    const key = `${activity.version}@${source.version(now)}\n${query.search}\n${query.status}`
    let found = ranks.get(key)
    if (found === undefined) {
      const all = source.place({ ...query, offset: 0, limit: source.info.rows }, caches, now).rows
      found = []
      for (let rank = 0; rank < all.length; rank++) if (left.has(all[rank] as number)) found.push(rank)
      if (ranks.size >= RANK_ENTRIES) ranks.clear()
      ranks.set(key, found)
    }
    return found
  }
  /** The run's own page at (offset, limit) with the left-out rows taken out. */
  const ownPlace = (query: PageQuery, caches: StoreCaches, now: number): { count: number; rows: ArrayLike<number> } => {
    const left = adoptedRows(now)
    if (left.size === 0) return source.place(query, caches, now)
    const out = ranksOf(query, caches, now, left)
    if (out.length === 0) return source.place(query, caches, now)
    const placed = source.place({ ...query, offset: rankOf(query.offset, out), limit: query.limit + out.length }, caches, now)
    const rows: number[] = []
    for (let i = 0; i < placed.rows.length && rows.length < query.limit; i++) {
      const row = placed.rows[i] as number
      if (!left.has(row)) rows.push(row)
    }
    return { count: placed.count - out.length, rows }
  }
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
    rowOf: (callId, now) => {
      const index = rowsAt(now).findIndex((record) => record.id === callId && !record.isSnapshot)
      return index === -1 ? source.rowOf(callId, now) : -(index + 1)
    },
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
      const base = ownPlace({ ...query, offset: baseOffset, limit: baseLimit }, caches, now)
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
    runTest: withActivityModel(source, activity)
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

/** Takes a live call's row out of the counts (the reverse of `addRecord`). */
function removeRecord (counts: ExecutionCounts, record: CallRecord): void {
  const gone = emptyCounts()
  addRecord(gone, record)
  counts.total -= gone.total
  if (record.status !== null) counts.byStatus[record.status] -= 1
  counts.connected -= gone.connected
  counts.responseTimeMsSum -= gone.responseTimeMsSum
  counts.responseTimeMsCount -= gone.responseTimeMsCount
  counts.customerMessages -= gone.customerMessages
}

/**
 * One of the run's own executions that the session acted on, at `now`: the run's view of it with the
 * changed calls counted as they stand now rather than as the run holds them, and the snapshot rows of
 * its reruns. A cancel makes it `cancelled`; a rerun puts it under way again (never `pending` after it).
 */
function ownExecutionView (activity: RunActivity, execution: ActivityExecution, view: ExecutionView, now: number): ExecutionView {
  const byStatus = { ...view.counts.byStatus }
  const counts: ExecutionCounts = { ...view.counts, byStatus }
  let latest = view.completedAt ?? view.startedAt
  let evalsPending = false
  for (const call of execution.calls) {
    removeRecord(counts, (call.origin as (now: number) => CallRecord)(now))
    const record = activity.viewOf(call, now)
    addRecord(counts, record)
    latest = Math.max(latest, record.timestamp)
    if (call.evalsDoneAt !== null && now < call.evalsDoneAt) evalsPending = true
  }
  for (const snapshot of activity.snapshots) if (snapshot.testExecution.id === execution.id) addRecord(counts, snapshot)
  let status = view.status
  if (execution.cancelledAt !== null && now >= execution.cancelledAt) {
    status = 'cancelled'
  } else if (execution.rerunAt !== null || !HELD_STATUSES.has(view.status)) {
    status = executionStatus(counts, false)
    if (status === 'pending' && execution.rerunAt !== null) status = 'running'
    if (status === 'completed' && evalsPending) status = 'evaluating'
  }
  const completedAt = status === 'cancelled' ? execution.cancelledAt : isFinalExecutionStatus(status) ? latest : null
  return {
    ...view,
    status,
    counts,
    completedAt,
    durationSeconds: completedAt === null ? 0 : Math.max(0, wholeSeconds(view.startedAt, completedAt))
  }
}

/** Statuses a run holds an execution in whatever its calls say; only a rerun moves it on. */
const HELD_STATUSES: ReadonlySet<ExecutionView['status']> = new Set(['cancelled', 'cancelling', 'failed'])

const matchesSearch = (record: CallRecord, search: string): boolean =>
  search === '' || containsFolded(record.scenario?.name ?? null, search) || containsFolded(record.testExecution.phoneNumber, search)

/** The run test with the actions' executions and calls added to what its model shows. */
function withActivityModel (source: RunSource, activity: RunActivity): RunTestModel {
  const base = source.runTest
  return {
    get identity () {
      return base.identity
    },
    executions (now) {
      const started = activity.executions.filter((execution) => !execution.own).map((execution) => executionView(activity, execution, base, now))
      const own = base.executions(now).map((view) => {
        const acted = activity.executions.find((execution) => execution.own && execution.id === view.id)
        return acted === undefined ? view : ownExecutionView(activity, acted, view, now)
      })
      return [...started, ...own].sort((a, b) => b.createdAt - a.createdAt)
    },
    executionCalls (executionId, query, now) {
      const execution = activity.executions.find((candidate) => candidate.id === executionId)
      if (execution === undefined) return base.executionCalls(executionId, query, now)
      const changed = execution.calls
        .map((call) => activity.viewOf(call, now))
        .filter((record) => matchesSearch(record, query.search))
        .sort((a, b) => b.timestamp - a.timestamp)
      if (!execution.own) return { count: changed.length, rows: changed.slice(query.offset, query.offset + query.limit) }
      // The changed calls first (the newest), then the execution's other calls as the run lists them.
      const changedIds = new Set(execution.calls.map((call) => call.id))
      const rows = changed.slice(query.offset, query.offset + query.limit)
      const ownOffset = Math.max(0, query.offset - changed.length)
      const ownLimit = query.limit - rows.length
      const all = base.executionRows?.(executionId, query, now) ?? null
      if (all !== null) {
        // Where the changed calls stand among the execution's rows: the page is read right after those before it.
        const changedRows = new Set<number>()
        for (const call of execution.calls) {
          const row = source.rowOf(call.id, now)
          if (row !== null) changedRows.add(row)
        }
        const out: number[] = []
        for (let rank = 0; rank < all.length; rank++) if (changedRows.has(all[rank] as number)) out.push(rank)
        if (ownLimit > 0) {
          const own = base.executionCalls(executionId, { search: query.search, offset: rankOf(ownOffset, out), limit: ownLimit + out.length }, now)
          rows.push(...(own?.rows ?? []).filter((record) => !changedIds.has(record.id)).slice(0, ownLimit))
        }
        return { count: changed.length + all.length - out.length, rows }
      }
      // A model that cannot name its rows is read from its start to past the changed calls it would have listed.
      const left = execution.calls.filter((call) => matchesSearch((call.origin as (now: number) => CallRecord)(now), query.search)).length
      const own = base.executionCalls(executionId, { search: query.search, offset: 0, limit: ownOffset + ownLimit + left }, now)
      if (own === null) return null
      const kept = own.rows.filter((record) => !changedIds.has(record.id))
      if (ownLimit > 0) rows.push(...kept.slice(ownOffset, ownOffset + ownLimit))
      return { count: changed.length + own.count - left, rows }
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
