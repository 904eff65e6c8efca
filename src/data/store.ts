// The store behind the endpoint: generated runs (rows produced on demand) and fixture runs (rows held in memory).
import { compileLikeSearch } from '../domain/like-pattern.js'
import type { RunColumns } from './columns.js'
import { buildColumns, matchingPositions } from './columns.js'
import { generateRecord } from './generator.js'
import { BoundedLru } from './lru.js'
import type { CallRecord, Contract, JsonPage, PageQuery, Store } from './model.js'
import { presentRow } from './present.js'
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
  /** Built by `warm()` (the server calls it before listening) or else on the first filtered query. */
  columns: RunColumns | null
}

/** Where a page's rows sit in their run's listing order, and how many rows match the filter in all. */
interface Placement {
  count: number
  positions: ArrayLike<number>
}

/**
 * Matching positions are cached per (run, search, status) so that paging through a filtered listing
 * scans the run once. The weight bound (positions, 4 bytes each) keeps the cache under 64 MB.
 */
const CACHE_ENTRIES = 64
const CACHE_POSITIONS = 16_000_000

/**
 * Rows already written as JSON, per (contract, run, position): generating a record costs about 100 µs
 * and writing it a few more, while a page of cached rows is a string concatenation. Pages overlap
 * (filters, other limits, other hosts), so rows are kept rather than whole pages. The bound is in
 * characters: 32 million, at most 64 MB as V8 holds strings.
 */
const ROW_ENTRIES = 100_000
const ROW_CHARACTERS = 32_000_000

/** Positions [from, to) of the listing (a run has at most ten million rows, so they fit 32 bits). */
function range (from: number, to: number): Uint32Array {
  const positions = new Uint32Array(Math.max(0, to - from))
  for (let i = 0; i < positions.length; i++) positions[i] = from + i
  return positions
}

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
  const rowJson = new BoundedLru<string>(ROW_ENTRIES, ROW_CHARACTERS, (json) => json.length)

  function placeInFixture (rows: readonly CallRecord[], query: PageQuery): Placement {
    const end = query.offset + query.limit
    if (query.search === '' && query.status === '') {
      return { count: rows.length, positions: range(query.offset, Math.min(rows.length, end)) }
    }
    const keep = recordFilter(query)
    const matching: number[] = []
    rows.forEach((record, position) => {
      if (keep(record)) matching.push(position)
    })
    return { count: matching.length, positions: matching.slice(query.offset, end) }
  }

  function placeInGenerated (run: GeneratedRun, query: PageQuery): Placement {
    const { plan } = run
    if (query.search === '' && query.status === '') {
      return { count: plan.spec.rows, positions: range(query.offset, Math.min(plan.spec.rows, query.offset + query.limit)) }
    }
    const key = JSON.stringify([plan.spec.id, query.search, query.status])
    let positions = cache.get(key)
    if (positions === undefined) {
      run.columns ??= buildColumns(plan)
      positions = matchingPositions(plan, run.columns, query)
      cache.set(key, positions)
    }
    return { count: positions.length, positions: positions.subarray(query.offset, query.offset + query.limit) }
  }

  /** The rows of a page, where they sit, and how to get the record at one of those positions. */
  function locate (query: PageQuery): Placement & { recordAt: (position: number) => CallRecord } {
    const fixture = fixtures.get(query.runId)
    if (fixture !== undefined) {
      return { ...placeInFixture(fixture, query), recordAt: (position) => fixture[position] as CallRecord }
    }
    const run = generated.get(query.runId)
    if (run === undefined) throw new Error(`unknown run test ${query.runId}`)
    return { ...placeInGenerated(run, query), recordAt: (position) => generateRecord(run.plan, position) }
  }

  return {
    has: (runId) => generated.has(runId) || fixtures.has(runId),
    runIds: () => [...generated.keys(), ...fixtures.keys()],
    page (query) {
      const { count, positions, recordAt } = locate(query)
      return { count, rows: Array.from(positions, recordAt) }
    },
    pageJson (query: PageQuery, contract: Contract): JsonPage {
      const { count, positions, recordAt } = locate(query)
      const write = (position: number): string => JSON.stringify(presentRow(contract, recordAt(position)))
      return {
        count,
        length: positions.length,
        rowJson (index, keep = true) {
          const position = positions[index]
          if (position === undefined) throw new RangeError(`no row ${index} on a page of ${positions.length}`)
          if (!keep) return write(position)
          const key = `${contract} ${query.runId} ${position}`
          let json = rowJson.get(key)
          if (json === undefined) {
            json = write(position)
            rowJson.set(key, json)
          }
          return json
        }
      }
    },
    warm () {
      for (const run of generated.values()) run.columns ??= buildColumns(run.plan)
    }
  }
}
