// The control plane's operations on a session: its runs and its journal. The HTTP routes and the in-process API both call these.
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { FixtureError, readRows } from '../data/fixtures.js'
import type { Contract, RunInfo } from '../data/model.js'
import { MAX_RUN_ROWS } from '../data/runs.js'
import { generatedRunSource, heldRunSource } from '../data/store.js'
import { AdminError } from '../errors.js'
import {
  GeneratedRunBodySchema,
  HeldRunRequestSchema,
  RequestFilterSchema,
  type CreateRunBody,
  type JournalEntryView,
  type RequestFilter
} from '../schemas/admin.js'
import type { JournalEntry } from './journal.js'
import type { Session, Sessions } from './sessions.js'

/** Runs one session may create; more is a mistake in a test rather than a need. */
export const MAX_CREATED_RUNS = 100

/** Rows written out (`rows` rather than `calls`) that all sessions may hold together, as records in memory. */
export const MAX_HELD_ROWS = 200_000

export interface ControlPlaneOptions {
  sessions: Sessions
  /** The seed of generated runs that do not give their own. */
  seed: number
  /** The contract rows given to `createRun` are written in. */
  contract: Contract
}

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
    fault: entry.fault
  }
}

function matches (entry: JournalEntry, filter: RequestFilter): boolean {
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false
  if (filter.path !== undefined && entry.path !== filter.path) return false
  if (filter.status !== undefined && entry.status !== filter.status) return false
  if (filter.run_test_id !== undefined && entry.runTestId !== filter.run_test_id) return false
  if (filter.since !== undefined && entry.time < Date.parse(filter.since)) return false
  return true
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
    if ('calls' in request) {
      if (request.calls > MAX_RUN_ROWS) throw new AdminError(400, `calls: at most ${MAX_RUN_ROWS}`, 'calls')
      const spec = { id, rows: request.calls, profile: request.profile ?? 'finished' }
      const source = generatedRunSource(request.seed ?? options.seed, spec, 'created', false)
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
    const source = heldRunSource(id, records, 'created', options.contract)
    sessions.addRun(session, source)
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
      const wanted = parseOrThrow(RequestFilterSchema, filter)
      const found = session.journal.newestFirst().filter((entry) => matches(entry, wanted))
      const shown = wanted.limit === undefined ? found : found.slice(0, wanted.limit)
      return { total: found.length, requests: shown.map(viewOf) }
    },
    clearRequests: (session) => sessions.clearJournal(session)
  }
}
