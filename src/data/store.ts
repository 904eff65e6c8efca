// The store behind the endpoint: generated runs (rows produced on demand) and fixture runs (rows held in memory).
import { compileLikeSearch } from '../domain/like-pattern.js'
import type { RunColumns } from './columns.js'
import { buildColumns, matchingPositions } from './columns.js'
import { generateRecord, generateRecords } from './generator.js'
import { BoundedLru } from './lru.js'
import type { CallRecord, Page, PageQuery, Store } from './model.js'
import type { RunPlan } from './run-plan.js'
import { planRun } from './run-plan.js'
import type { RunSpec } from './runs.js'

export interface StoreOptions {
  seed: number
  /** Generated runs (well-known runs with `MOCK_RUNS` applied). */
  runs: readonly RunSpec[]
  /** Validated fixture rows per run id, in any order. */
  fixtureRuns: ReadonlyMap<string, readonly CallRecord[]>
}

interface GeneratedRun {
  plan: RunPlan
  /** Built on the first filtered query, so start-up stays instant however large the runs are. */
  columns: RunColumns | null
}

/**
 * Matching positions are cached per (run, search, status) so that paging through a filtered listing
 * scans the run once. The weight bound (positions, 4 bytes each) keeps the cache under 64 MB.
 */
const CACHE_ENTRIES = 64
const CACHE_POSITIONS = 16_000_000

/** Applies the platform's filter to a fixture row; a row whose scenario was deleted matches on phone only. */
function recordFilter (query: PageQuery): (record: CallRecord) => boolean {
  const matches = query.search === '' ? null : compileLikeSearch(query.search)
  return (record) => {
    if (query.status !== '' && record.status !== query.status) return false
    if (matches === null) return true
    const phone = record.testExecution.phoneNumber
    return (phone !== null && matches(phone)) || (record.scenario !== null && matches(record.scenario.name))
  }
}

export function createStore (options: StoreOptions): Store {
  const generated = new Map<string, GeneratedRun>()
  for (const spec of options.runs) {
    if (generated.has(spec.id)) throw new Error(`run ${spec.id} is listed twice`)
    if (options.fixtureRuns.has(spec.id)) throw new Error(`run ${spec.id} is both generated and loaded from fixtures`)
    generated.set(spec.id, { plan: planRun(options.seed, spec), columns: null })
  }
  // The listing order is the platform's `ORDER BY timestamp DESC`; the sort is stable for equal times.
  const fixtures = new Map(
    [...options.fixtureRuns].map(([id, rows]) => [id, [...rows].sort((a, b) => b.timestamp - a.timestamp)])
  )
  const cache = new BoundedLru<Uint32Array>(CACHE_ENTRIES, CACHE_POSITIONS, (positions) => positions.length)

  function pageOfFixture (rows: readonly CallRecord[], query: PageQuery): Page {
    const matching = query.search === '' && query.status === '' ? rows : rows.filter(recordFilter(query))
    return { count: matching.length, rows: matching.slice(query.offset, query.offset + query.limit) }
  }

  function pageOfGenerated (run: GeneratedRun, query: PageQuery): Page {
    const { plan } = run
    if (query.search === '' && query.status === '') {
      return { count: plan.spec.rows, rows: generateRecords(plan, query.offset, query.limit) }
    }
    const key = JSON.stringify([plan.spec.id, query.search, query.status])
    let positions = cache.get(key)
    if (positions === undefined) {
      run.columns ??= buildColumns(plan)
      positions = matchingPositions(plan, run.columns, query)
      cache.set(key, positions)
    }
    const onPage = positions.subarray(query.offset, query.offset + query.limit)
    return { count: positions.length, rows: Array.from(onPage, (position) => generateRecord(plan, position)) }
  }

  return {
    has: (runId) => generated.has(runId) || fixtures.has(runId),
    runIds: () => [...generated.keys(), ...fixtures.keys()],
    page (query) {
      const fixture = fixtures.get(query.runId)
      if (fixture !== undefined) return pageOfFixture(fixture, query)
      const run = generated.get(query.runId)
      if (run === undefined) throw new Error(`unknown run test ${query.runId}`)
      return pageOfGenerated(run, query)
    }
  }
}
