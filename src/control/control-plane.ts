// The control plane's operations on a session: its runs and its journal. The HTTP routes and the in-process API both call these.
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { FixtureError, readRows } from '../data/fixtures.js'
import type { Contract, RunInfo } from '../data/model.js'
import { MAX_LIVE_RUN_ROWS, MAX_RUN_ROWS, type RunSpec } from '../data/runs.js'
import { heldRunSource, seededRunSource } from '../data/store.js'
import { AdminError } from '../errors.js'
import { byteSize } from '../domain/byte-size.js'
import { formatMicros, parseIsoToMicros } from '../domain/datetime.js'
import type { FaultRule } from '../domain/faults.js'
import { formatLatencySpec, parseLatencySpec, type LatencySpec } from '../domain/latency.js'
import { pathMatches } from '../domain/path-pattern.js'
import {
  BehaviourBodySchema,
  ClockBodySchema,
  FaultRuleBodySchema,
  GeneratedRunBodySchema,
  HeldRunRequestSchema,
  RequestFilterSchema,
  type CreateRunBody,
  type JournalEntryView,
  type RequestFilter
} from '../schemas/admin.js'
import { CLOCK_RANGE, inClockRange, parseDuration } from './clock.js'
import { entryOf, type JournalEntry, type JournalRecord } from './journal.js'
import type { Session, Sessions } from './sessions.js'

/** Runs one session may create; more is a mistake in a test rather than a need. */
export const MAX_CREATED_RUNS = 100

/**
 * Rows written out (`rows` rather than `calls`) that all sessions may hold together, as records in
 * memory; their bytes have a bound of their own (`DEFAULT_HELD_ROW_BYTES`).
 */
export const MAX_HELD_ROWS = 200_000

/** Fault rules one session may hold. */
export const MAX_FAULT_RULES = 100

export interface ControlPlaneOptions {
  sessions: Sessions
  /** The seed of generated runs that do not give their own. */
  seed: number
  /** The contract rows given to `createRun` are written in. */
  contract: Contract
  /** The process-wide delay, shown next to a session's own. */
  latency?: LatencySpec | null
}

export interface BehaviourView {
  latency: string | null
  effectiveLatency: string | null
}

export interface ClockView {
  /** ISO-8601 with microseconds, as the platform writes datetimes. */
  now: string
  running: boolean
}

/** A fault rule as the control plane shows it. */
export type FaultRuleView = FaultRule

export interface ControlPlane {
  readonly sessions: Sessions
  listRuns (session: Session): RunInfo[]
  /** Creates a run test from a request body (`CreateRunBody`), validated here; throws `AdminError`. */
  createRun (session: Session, body: unknown): RunInfo
  deleteRun (session: Session, id: string): void
  reset (session: Session): void
  /** The journal, newest first, filtered: `total` matching entries, `requests` the first `limit` of them; throws `AdminError` for a bad filter. */
  requests (session: Session, filter?: unknown): { total: number; requests: JournalEntryView[] }
  clearRequests (session: Session): void
  behaviour (session: Session): BehaviourView
  /** Sets the session's delay from a `BehaviourBody`; throws `AdminError`. */
  setBehaviour (session: Session, body: unknown): BehaviourView
  faults (session: Session): FaultRuleView[]
  /** Adds a fault rule from a `FaultRuleBody`; throws `AdminError`. */
  addFault (session: Session, body: unknown): FaultRuleView
  clearFaults (session: Session): void
  clock (session: Session): ClockView
  /** Advances, sets, runs or freezes the session's clock from a `ClockBody`; throws `AdminError`. */
  moveClock (session: Session, body: unknown): ClockView
}

/** `issues[0].path` of a zod error as text: `rows[3].status`. */
function pathText (path: ReadonlyArray<PropertyKey>): string | null {
  let text = ''
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : `${text === '' ? '' : '.'}${String(segment)}`
  return text === '' ? null : text
}

function parseOrThrow<T> (schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const [issue] = parsed.error.issues
  throw new AdminError(400, issue?.message ?? 'invalid', pathText(issue?.path ?? []))
}

/** A journal entry as the control plane shows it: headers as an object, the time as ISO-8601. */
export function viewOf (entry: JournalEntry): JournalEntryView {
  const headers: Record<string, string> = {}
  for (const [name, value] of entry.headers) headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  return {
    id: entry.id,
    time: new Date(entry.time).toISOString(),
    method: entry.method,
    path: entry.path,
    query: entry.query,
    headers,
    status: entry.status,
    durationMs: Math.round(entry.durationMs * 1000) / 1000,
    runTestId: entry.runTestId,
    keysAccepted: entry.keysAccepted,
    fault: entry.fault,
    ignoredPreferences: entry.ignoredPreferences === null ? [] : entry.ignoredPreferences.split(', ')
  }
}

/** A target's path: what comes before its query string. */
function pathOf (target: string): string {
  const mark = target.indexOf('?')
  return mark === -1 ? target : target.slice(0, mark)
}

/**
 * The filter as one test of a record as kept: the journal is read without making an entry of each
 * record (only those shown are), so a filter costs a few comparisons per record.
 */
function recordTest (filter: RequestFilter): (record: JournalRecord) => boolean {
  const method = filter.method?.toUpperCase()
  const since = filter.since === undefined ? undefined : Date.parse(filter.since)
  const { path, status, run_test_id: runTestId } = filter
  return (record) => {
    if (method !== undefined && record.method !== method) return false
    if (path !== undefined && !pathMatches(path, pathOf(record.target))) return false
    if (status !== undefined && record.status !== status) return false
    if (runTestId !== undefined && record.runTestId !== runTestId) return false
    if (since !== undefined && record.time < since) return false
    return true
  }
}

/**
 * The records of the session's journal a filter keeps, newest first: `total` of them, `records` the
 * first `limit`. Throws `AdminError` for a bad filter. The HTTP route writes their views as it sends them.
 */
export function journalRecords (session: Session, filter: unknown = {}): { total: number; records: JournalRecord[] } {
  const wanted = parseOrThrow(RequestFilterSchema, filter)
  const found = session.journal.newestRecords().filter(recordTest(wanted))
  return { total: found.length, records: wanted.limit === undefined ? found : found.slice(0, wanted.limit) }
}

export function createControlPlane (options: ControlPlaneOptions): ControlPlane {
  const { sessions } = options

  function createRun (session: Session, body: unknown): RunInfo {
    // `rows` decides which kind of run is meant, so that errors speak of that kind's fields.
    const held = typeof body === 'object' && body !== null && 'rows' in body
    const request: CreateRunBody = held ? parseOrThrow(HeldRunRequestSchema, body) : parseOrThrow(GeneratedRunBodySchema, body)
    const id = request.id ?? randomUUID()
    if (session.store.has(id)) {
      const builtIn = !session.created.has(id)
      throw new AdminError(409, `run test ${id} already exists in this session${builtIn ? ' (a run every session sees)' : ''}`, 'id')
    }
    if (session.created.size >= MAX_CREATED_RUNS) {
      throw new AdminError(409, `this session already holds ${MAX_CREATED_RUNS} created runs: delete some, or reset it`)
    }
    // Names are unique among the run tests a session sees: the SDK looks a run test up by its name.
    const taken = (name: string): boolean => session.store.runTests().some((runTest) => runTest.identity.name === name)
    if (request.name !== undefined && taken(request.name)) {
      throw new AdminError(409, `a run test named "${request.name}" already exists in this session`, 'name')
    }
    const fields = { name: request.name, description: request.description }
    if ('calls' in request) {
      const profile = request.profile ?? 'finished'
      const most = profile === 'live' ? MAX_LIVE_RUN_ROWS : MAX_RUN_ROWS
      if (request.calls > most) throw new AdminError(400, `calls: at most ${most}${profile === 'live' ? ' in a live run' : ''}`, 'calls')
      const spec: RunSpec = { id, rows: request.calls, profile, ...(request.simulation_type === undefined ? {} : { callType: request.simulation_type }) }
      if (request.scenarios !== undefined) spec.scenarios = request.scenarios
      const source = seededRunSource(request.seed ?? options.seed, spec, 'created', false, fields)
      if (request.name === undefined && taken(source.info.name)) {
        throw new AdminError(409, `the name "${source.info.name}" this run test would get is taken in this session: give it a name`, 'name')
      }
      sessions.addRun(session, source)
      return source.info
    }
    if (sessions.heldRows + request.rows.length > MAX_HELD_ROWS) {
      throw new AdminError(413, `the mock holds ${sessions.heldRows} written-out rows of ${MAX_HELD_ROWS}: delete runs or reset sessions first`, 'rows')
    }
    let records
    try {
      records = readRows(options.contract, id, request.rows)
    } catch (error) {
      if (error instanceof FixtureError) throw new AdminError(400, error.reason, error.path === '' ? null : error.path)
      throw error
    }
    // Counted as the records held, before the run is made: a 413 creates nothing.
    const bytes = byteSize(records)
    sessions.checkHeldRowBytes(bytes)
    const source = heldRunSource(id, records, 'created', options.contract, { ...fields, simulationType: request.simulation_type })
    if (request.name === undefined && taken(source.info.name)) {
      throw new AdminError(409, `the name "${source.info.name}" this run test would get is taken in this session: give it a name`, 'name')
    }
    sessions.addRun(session, source, bytes)
    return source.info
  }

  return {
    sessions,
    listRuns: (session) => session.store.runs(),
    createRun,
    deleteRun (session, id) {
      const source = session.created.get(id)
      if (source === undefined) {
        if (session.store.has(id)) throw new AdminError(409, `run test ${id} was configured at start-up: it cannot be deleted`)
        throw new AdminError(404, `no run test ${id} in this session`)
      }
      sessions.deleteRun(session, id)
    },
    reset: (session) => sessions.reset(session),
    requests (session, filter = {}) {
      const { total, records } = journalRecords(session, filter)
      return { total, requests: records.map((record) => viewOf(entryOf(record))) }
    },
    clearRequests: (session) => sessions.clearJournal(session),
    behaviour: (session) => behaviourOf(session),
    setBehaviour (session, body) {
      const { latency } = parseOrThrow(BehaviourBodySchema, body)
      if (latency === null) {
        session.behaviour.latency = null
      } else {
        const spec = parseLatencySpec(latency)
        if (typeof spec === 'string') throw new AdminError(400, `latency: ${spec}`, 'latency')
        session.behaviour.latency = spec
      }
      return behaviourOf(session)
    },
    faults: (session) => session.behaviour.faults.map(viewOfRule),
    addFault (session, body) {
      const spec = parseOrThrow(FaultRuleBodySchema, body)
      const { faults } = session.behaviour
      if (faults.length >= MAX_FAULT_RULES) throw new AdminError(409, `this session already holds ${MAX_FAULT_RULES} fault rules (its bound): clear them first`)
      const rule: FaultRule = { id: `fault-${session.behaviour.nextFault}`, ...spec, seen: 0, fired: 0 }
      sessions.addFault(session, rule, byteSize(rule))
      session.behaviour.nextFault++
      return viewOfRule(rule)
    },
    clearFaults: (session) => sessions.clearFaults(session),
    clock: (session) => clockOf(session),
    moveClock (session, body) {
      const move = parseOrThrow(ClockBodySchema, body)
      if ('advance' in move) {
        const by = parseDuration(move.advance)
        if (by === null) throw new AdminError(400, 'advance: expected a duration such as 30s, 5m, 1h or 1m30s', 'advance')
        const to = session.clock.now() + by
        if (!inClockRange(to)) throw new AdminError(400, `advance: the clock would pass ${CLOCK_RANGE.last}, the latest instant it can show`, 'advance')
        session.clock.set(to)
      } else if ('set' in move) {
        const to = instantOf(move.set)
        if (!inClockRange(to)) throw new AdminError(400, `set: expected an instant from ${CLOCK_RANGE.first} to ${CLOCK_RANGE.last}`, 'set')
        session.clock.set(to)
      } else {
        session.clock.run(move.run)
      }
      return clockOf(session)
    }
  }

  function behaviourOf (session: Session): BehaviourView {
    const own = session.behaviour.latency
    const effective = own ?? options.latency ?? null
    return { latency: own === null ? null : formatLatencySpec(own), effectiveLatency: effective === null ? null : formatLatencySpec(effective) }
  }
}

function viewOfRule (rule: FaultRule): FaultRuleView {
  return { ...rule, match: { ...rule.match } }
}

function clockOf (session: Session): ClockView {
  return { now: formatMicros(session.clock.now()), running: session.clock.running }
}

/** An ISO-8601 UTC instant to epoch microseconds (fraction digits past six dropped). */
function instantOf (iso: string): number {
  try {
    return parseIsoToMicros(iso)
  } catch (error) {
    throw new AdminError(400, `set: ${(error as Error).message}`, 'set')
  }
}
