// A run test's listing with what a session's actions added: their calls and snapshot rows, then the run's own rows.
//
// The actions' rows are the run's newest (they happen at the session's clock, which starts where the
// generated rows end), so they are listed first, most recently changed first, and the run's own rows
// follow unchanged. Rows are named by negative numbers (-1 for the first of the actions' rows) so that
// the run's own positions keep their names, and their cache keys carry the activity's version and the
// clock, so a changed row is never served from the row cache.
import { compileLikeSearch } from '../domain/like-pattern.js'
import type { RunActivity } from './activity.js'
import type { CallRecord, PageQuery } from './model.js'
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
    context: source.context
  }
}
