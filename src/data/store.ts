// The store behind the endpoint: run sources (generated rows produced on demand, or rows held in memory) and the caches they share.
import { compileLikeSearch } from '../domain/like-pattern.js'
import type { RunColumns } from './columns.js'
import { buildColumns, matchingPositions } from './columns.js'
import { generateRecord } from './generator.js'
import type { RunContext } from './activity.js'
import { liveRunSource, type LiveSchedule } from './live.js'
import { keptOrCached, nextKey } from './source-key.js'
import { BoundedLru } from './lru.js'
import type { CallRecord, Contract, JsonPage, PageQuery, RunInfo, RunOrigin, Store } from './model.js'
import { generatedRunTest, positionOfCall, type RunTestFields } from './generated-run-test.js'
import { HeldRun, type HeldRunFields } from './held-run.js'
import { presentRow } from './present.js'
import { identityInfo, type RunTestModel } from './run-tests.js'
import type { RunPlan } from './run-plan.js'
import { planRun, snapshotParent } from './run-plan.js'
import type { RunSpec } from './runs.js'
import { REFERENCE_DATE } from './seeded-faker.js'

export interface StoreOptions {
  seed: number
  /** Generated runs (well-known runs with `MOCK_RUNS` applied). */
  runs: readonly RunSpec[]
  /** Validated fixture rows per run id, in any order. */
  fixtureRuns: ReadonlyMap<string, readonly CallRecord[]>
  /** The contract each fixture run was written in, for `runs()`; absent ones are reported as null. */
  fixtureContracts?: ReadonlyMap<string, Contract>
  /** The run test fields a fixture file gives its runs (name, description, …). */
  fixtureFields?: ReadonlyMap<string, HeldRunFields>
}

/**
 * A page's rows, in listing order, and how many rows match the filter in all. `rows` holds what names
 * each row to its run: the listing position for most runs, the call's index for a live run.
 */
interface Placement {
  count: number
  rows: ArrayLike<number>
}

/**
 * One run test the store can list. Its `key` is unique in the process and names it in the shared
 * caches: two runs created with the same id in two sessions never share a cached row or page. `now`
 * (epoch microseconds) is the instant of the session's clock; only live runs change with it.
 */
export interface RunSource {
  readonly key: string
  readonly info: RunInfo
  /** The run test around the rows: its identity, executions and calls as the read endpoints show them. */
  readonly runTest: RunTestModel
  /** Gives the source the caches of the store it is placed in (every store of a process shares one set). */
  bind? (caches: StoreCaches): void
  place (query: PageQuery, caches: StoreCaches, now: number): Placement
  recordAt (row: number, now: number): CallRecord
  /** Names the row's JSON in the row cache: it changes whenever the row does. */
  rowKey (row: number, now: number): string
  /** The row of the live call `callId` (what `place` names it by); null when the run has no such call. */
  rowOf (callId: string, now: number): number | null
  /** Changes whenever any of the run's pages could. */
  version (now: number): string
  /** Builds ahead what the first filtered query would otherwise build. */
  warm (): void
  /** The seed and plan new calls of the run are drawn from (its actions' executions); null for rows written out. */
  readonly context?: RunContext | null
}

/** The caches every store of the process shares, bounded by weight so that no client can grow them. */
export interface StoreCaches {
  positions: BoundedLru<Uint32Array>
  rows: BoundedLru<string>
  /** Filter columns of runs created at runtime; those of the start-up runs are built once and kept. */
  columns: BoundedLru<RunColumns>
  /** The timetables of live runs created at runtime. */
  schedules: BoundedLru<LiveSchedule>
}

/**
 * Matching positions are cached per (run, search, status) so that paging through a filtered listing
 * scans the run once. The weight bound (positions, 4 bytes each) keeps the cache under 64 MB.
 */
const CACHE_ENTRIES = 64
const CACHE_POSITIONS = 16_000_000

/**
 * Rows already written as JSON, per (contract, run, position): generating a record costs tens of
 * microseconds and writing it a few more, while a page of cached rows is a string concatenation. Pages
 * overlap (filters, other limits, other hosts), so rows are kept rather than whole pages. The bound is
 * in characters (the rows are ASCII but for a few names, one byte a character): 8 million, a few
 * thousand rows. Pages asked for again are kept whole by the listing route, so more rows here would
 * mostly be garbage for the collector under traffic that does not repeat, and memory it keeps.
 */
const ROW_ENTRIES = 100_000
const ROW_CHARACTERS = 8_000_000

/** Filter columns of created runs: three bytes a row, at most 48 MB (sixteen million rows) at a time. */
const COLUMN_ENTRIES = 256
const COLUMN_BYTES = 48 * 2 ** 20

/** Timetables of created live runs: at most 32 MB at a time. */
const SCHEDULE_ENTRIES = 256
const SCHEDULE_BYTES = 32 * 2 ** 20

export function createStoreCaches (): StoreCaches {
  return {
    positions: new BoundedLru<Uint32Array>(CACHE_ENTRIES, CACHE_POSITIONS, (positions) => positions.length),
    rows: new BoundedLru<string>(ROW_ENTRIES, ROW_CHARACTERS, (json) => json.length),
    columns: new BoundedLru<RunColumns>(COLUMN_ENTRIES, COLUMN_BYTES, (columns) => columns.status.length * 3),
    schedules: new BoundedLru<LiveSchedule>(SCHEDULE_ENTRIES, SCHEDULE_BYTES, (schedule) => schedule.bytes)
  }
}

/** The instant every clock starts at: the reference date of the generated data. */
export const REFERENCE_US = REFERENCE_DATE.getTime() * 1000

/** Positions [from, to) of the listing (a run has at most ten million rows, so they fit 32 bits). */
function range (from: number, to: number): Uint32Array {
  const positions = new Uint32Array(Math.max(0, to - from))
  for (let i = 0; i < positions.length; i++) positions[i] = from + i
  return positions
}

/** Applies the platform's filter to a held row; a row whose scenario was deleted matches on phone only. */
function recordFilter (query: PageQuery): (record: CallRecord) => boolean {
  const matches = query.search === '' ? null : compileLikeSearch(query.search)
  return (record) => {
    if (query.status !== '' && record.status !== query.status) return false
    if (matches === null) return true
    const phone = record.testExecution.phoneNumber
    return (phone !== null && matches(phone)) || (record.scenario !== null && matches(record.scenario.name))
  }
}

/**
 * A generated run: rows are produced from (seed, spec, position) when asked for. Its filter columns are
 * kept for good when `pinned` (the runs configured at start-up, built before listening), and otherwise
 * go through the shared, bounded columns cache.
 */
export function generatedRunSource (seed: number, spec: RunSpec, origin: RunOrigin, pinned: boolean, fields: RunTestFields = {}): RunSource {
  const plan: RunPlan = planRun(seed, spec)
  const key = nextKey()
  const columns = keptOrCached(pinned, key, (caches: StoreCaches) => caches.columns, () => buildColumns(plan))
  let bound: StoreCaches | null = null
  const cachesOf = (): StoreCaches => {
    if (bound === null) throw new Error(`run ${spec.id} has not been placed in a store`)
    return bound
  }
  const runTest = generatedRunTest(plan, fields, () => columns.of(cachesOf()), (cacheKey, build) => {
    const caches = cachesOf()
    let positions = caches.positions.get(cacheKey)
    if (positions === undefined) {
      positions = build()
      caches.positions.set(cacheKey, positions)
    }
    return positions
  }, key)
  return {
    key,
    info: { id: spec.id, rows: spec.rows, origin, profile: spec.profile, contract: null, ...identityInfo(runTest.identity) },
    runTest,
    bind (caches) {
      bound = caches
    },
    place (query, caches) {
      if (query.search === '' && query.status === '') {
        return { count: spec.rows, rows: range(query.offset, Math.min(spec.rows, query.offset + query.limit)) }
      }
      const cacheKey = JSON.stringify([key, query.search, query.status])
      let positions = caches.positions.get(cacheKey)
      if (positions === undefined) {
        positions = matchingPositions(plan, columns.of(caches), query)
        caches.positions.set(cacheKey, positions)
      }
      return { count: positions.length, rows: positions.subarray(query.offset, query.offset + query.limit) }
    },
    recordAt: (position) => generateRecord(plan, position),
    rowKey: (position) => String(position),
    rowOf (callId) {
      const position = positionOfCall(plan, callId)
      return position === -1 || snapshotParent(plan, position) >= 0 ? null : position
    },
    version: () => key,
    warm: columns.warm,
    context: { seed, plan }
  }
}

/** A run whose rows are held in memory (a fixture file's, or given to the control plane), listed newest first. */
export function heldRunSource (id: string, records: readonly CallRecord[], origin: RunOrigin, contract: Contract | null, fields: HeldRunFields = {}): HeldRunSource {
  return sourceOfHeld(new HeldRun(id, records, fields), origin, contract)
}

/**
 * A held copy of `source` as it stands at `now`, for actions that change a run that is generated
 * (the copy holds every row in memory: mind `MAX_HELD_ROWS`). Its rows keep their ids and values.
 */
export function heldCopyOf (source: RunSource, caches: StoreCaches, now: number): HeldRunSource {
  source.bind?.(caches)
  const placed = source.place({ runId: source.info.id, search: '', status: '', offset: 0, limit: source.info.rows }, caches, now)
  const records = Array.from(placed.rows, (row) => source.recordAt(row, now))
  return sourceOfHeld(HeldRun.copyOf(source.runTest, records, now), source.info.origin, source.info.contract)
}

function sourceOfHeld (held: HeldRun, origin: RunOrigin, contract: Contract | null): HeldRunSource {
  const id = held.id
  const key = nextKey()
  return {
    key,
    held,
    get info (): RunInfo {
      return { id, rows: held.rows().length, origin, profile: null, contract, ...identityInfo(held.identity) }
    },
    runTest: held,
    place (query) {
      const rows = held.rows()
      const end = query.offset + query.limit
      if (query.search === '' && query.status === '') {
        return { count: rows.length, rows: range(query.offset, Math.min(rows.length, end)) }
      }
      const keep = recordFilter(query)
      const matching: number[] = []
      rows.forEach((record, position) => {
        if (keep(record)) matching.push(position)
      })
      return { count: matching.length, rows: matching.slice(query.offset, end) }
    },
    recordAt: (position) => held.rows()[position] as CallRecord,
    rowOf (callId) {
      const position = held.rows().findIndex((record) => record.id === callId && !record.isSnapshot)
      return position === -1 ? null : position
    },
    // A change to the run renames every row, so no cached row of before the change is served after it.
    rowKey: (position) => `${held.revision}:${position}`,
    version: () => `${key}#${held.revision}`,
    warm () {}
  }
}

/** A held run's source, with the run itself for actions that change it. */
export type HeldRunSource = RunSource & { readonly held: HeldRun }

/** A store that can be extended: its run sources, and the caches a store of more runs should share. */
export type SourcedStore = Store & {
  readonly sources: readonly RunSource[]
  readonly caches: StoreCaches
  /** The source of a run the store lists, for actions that change it; null for an unknown run. */
  source (runId: string): RunSource | null
}

/**
 * A store listing `sources` (ids must be distinct) and sharing `caches`, its live runs seen at the
 * instant `now` gives (the reference instant unless a session's clock says otherwise).
 */
export function storeOf (sources: readonly RunSource[], caches: StoreCaches, now: () => number = () => REFERENCE_US): SourcedStore {
  const byId = new Map<string, RunSource>()
  for (const source of sources) {
    if (byId.has(source.info.id)) throw new Error(`run ${source.info.id} is listed twice`)
    byId.set(source.info.id, source)
    source.bind?.(caches)
  }

  /** The rows of a page, which run holds them, and the instant they are seen at. */
  function locate (query: PageQuery): Placement & { source: RunSource; at: number } {
    const source = byId.get(query.runId)
    if (source === undefined) throw new Error(`unknown run test ${query.runId}`)
    const at = now()
    return { ...source.place(query, caches, at), source, at }
  }

  return {
    sources,
    caches,
    has: (runId) => byId.has(runId),
    now,
    runTest: (runId) => byId.get(runId)?.runTest ?? null,
    runTests: () => sources.map((source) => source.runTest),
    source: (runId) => byId.get(runId) ?? null,
    runIds: () => [...byId.keys()],
    runs: () => sources.map((source) => source.info),
    version: (runId) => byId.get(runId)?.version(now()) ?? null,
    page (query) {
      const { count, rows, source, at } = locate(query)
      return { count, rows: Array.from(rows, (row) => source.recordAt(row, at)) }
    },
    pageJson (query: PageQuery, contract: Contract): JsonPage {
      const { count, rows, source, at } = locate(query)
      const write = (row: number): string => JSON.stringify(presentRow(contract, source.recordAt(row, at)))
      return {
        count,
        length: rows.length,
        rowJson (index, keep = true) {
          const position = rows[index]
          if (position === undefined) throw new RangeError(`no row ${index} on a page of ${rows.length}`)
          if (!keep) return write(position)
          const key = `${contract} ${source.key} ${source.rowKey(position, at)}`
          let json = caches.rows.get(key)
          if (json === undefined) {
            json = write(position)
            caches.rows.set(key, json)
          }
          return json
        }
      }
    },
    warm () {
      for (const source of sources) source.warm()
    }
  }
}

/** A run generated from a seed: a live one if its profile says so. */
export function seededRunSource (seed: number, spec: RunSpec, origin: RunOrigin, pinned: boolean, fields: RunTestFields = {}): RunSource {
  const own: RunTestFields = { name: fields.name ?? spec.name, description: fields.description ?? spec.description }
  return spec.profile === 'live' ? liveRunSource(seed, spec, origin, pinned, own) : generatedRunSource(seed, spec, origin, pinned, own)
}

/** The store of the runs configured at start-up: generated runs first, then fixture runs, each in the order given. */
export function createStore (options: StoreOptions, caches: StoreCaches = createStoreCaches(), now?: () => number): SourcedStore {
  for (const spec of options.runs) {
    if (options.fixtureRuns.has(spec.id)) throw new Error(`run ${spec.id} is both generated and loaded from fixtures`)
  }
  const sources = [
    ...options.runs.map((spec) => seededRunSource(options.seed, spec, 'generated', true)),
    ...[...options.fixtureRuns].map(([id, rows]) => heldRunSource(id, rows, 'fixture', options.fixtureContracts?.get(id) ?? null, options.fixtureFields?.get(id) ?? {}))
  ]
  // The SDK finds a run test by its name: two run tests of one name would make that lookup ambiguous.
  const named = new Map<string, string>()
  for (const source of sources) {
    const other = named.get(source.info.name)
    // A run listed twice is storeOf's error to report.
    if (other !== undefined && other !== source.info.id) throw new Error(`run tests ${other} and ${source.info.id} are both named "${source.info.name}": give one of them another name`)
    named.set(source.info.name, source.info.id)
  }
  return storeOf(sources, caches, now)
}
