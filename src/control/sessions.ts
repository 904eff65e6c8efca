// Sessions: what a test arranges at runtime (its runs, its journal), kept apart from every other test's, in bounded memory.
import type { Store } from '../data/model.js'
import { SessionActivity } from '../data/session-activity.js'
import { newUsage } from '../data/activity.js'
import { withActivity } from '../data/activity-source.js'
import { storeOf, type RunSource, type SourcedStore, type StoreCaches } from '../data/store.js'
import type { FaultRule } from '../domain/faults.js'
import { formatBytes } from '../domain/byte-size.js'
import type { LatencySpec } from '../domain/latency.js'
import { AdminError } from '../errors.js'
import { SessionClock } from './clock.js'
import { Journal, type JournalRecord } from './journal.js'

/** The request header naming a session. */
export const SESSION_HEADER = 'x-mock-session'

/** The session of requests that name none (or name `default`). */
export const DEFAULT_SESSION = 'default'

const SESSION_NAME = /^[A-Za-z0-9._-]{1,64}$/

export function isSessionName (name: string): boolean {
  return SESSION_NAME.test(name)
}

/** How a session's answers are shaped in time and failure: set through `/__mock/behaviour` and `/__mock/faults`. */
export interface Behaviour {
  /** The delay of the session's answers; null: the process-wide `--latency`. */
  latency: LatencySpec | null
  readonly faults: FaultRule[]
  /** Names the next fault rule. */
  nextFault: number
  /** Requests the session has had: the index of each latency draw, so a run of requests meets the same delays. */
  requests: number
}

export interface Session {
  readonly name: string
  /** The runs configured at start-up, which every session sees, and this session's own, seen at its clock. */
  store: Store
  /** The runs created in this session, by id. */
  readonly created: ReadonlyMap<string, RunSource>
  readonly journal: Journal
  readonly clock: SessionClock
  readonly behaviour: Behaviour
  /** What the session's actions (execute, cancel, rerun, the chat loop) did to its run tests. */
  readonly activity: SessionActivity
}

export interface SessionsOptions {
  /** The store of the runs configured at start-up, and the caches every session's store shares. */
  base: SourcedStore
  caches: StoreCaches
  /** Live sessions besides the default one; the one idle longest is dropped to make room, unless it was used within `activeMs`. */
  maxSessions: number
  /** A session used within this many milliseconds is never dropped to make room: a new one is refused instead. */
  activeMs?: number
  /** What the rows written out in created runs may hold together, in (estimated) bytes. */
  heldRowBytes?: number
  /** What one session's fault rules may hold, and what all sessions' may hold together, in (estimated) bytes. */
  faultBytesPerSession?: number
  faultBytes?: number
  /** Entries per session journal; 0 records nothing. */
  journalSize: number
  /** What all journals may hold together, in (estimated) bytes; the oldest entries of the sessions idle longest go first. */
  journalBytes: number
  /** Where each session's clock starts (epoch microseconds), and whether it follows wall time from there. */
  clockStartUs: number
  clockRunning: boolean
  /** Wall time in epoch milliseconds; injected so that tests need not wait. */
  wallMs?: () => number
}

/** Sixty thousand of a typical request's entries: 64 MB. */
export const DEFAULT_JOURNAL_BYTES = 64 * 2 ** 20

/** Rows written out in created runs, all sessions together: 64 MB. */
export const DEFAULT_HELD_ROW_BYTES = 64 * 2 ** 20

/** Fault rules: 64 KB a session (a hundred rules of a few hundred bytes), 16 MB all sessions together. */
export const DEFAULT_FAULT_BYTES_PER_SESSION = 64 * 2 ** 10
export const DEFAULT_FAULT_BYTES = 16 * 2 ** 20

/** A session used within the last ten minutes is never dropped to make room for another. */
export const DEFAULT_ACTIVE_MS = 10 * 60_000

/**
 * What a session holds before it is given anything: its objects, its clock and its journal (empty),
 * and its store's index of every run it sees, an entry per run. An estimate, on the high side.
 */
export const SESSION_BYTES = 2048
export const SESSION_BYTES_PER_RUN = 64

/** What the sessions hold, in estimated bytes, by kind; `total` is their sum. */
export interface SessionsMemory {
  sessions: number
  journals: number
  heldRows: number
  faults: number
  total: number
}

/** A run created in a session, with the rows it holds in memory (none for a generated run) and their bytes. */
interface CreatedRun {
  source: RunSource
  rows: number
  bytes: number
}

interface SessionState extends Session {
  store: Store
  created: Map<string, RunSource>
  clock: SessionClock
  behaviour: Behaviour
  activity: SessionActivity
  /** The held rows and bytes of each created run, by id. */
  held: Map<string, CreatedRun>
  /** The estimated bytes of the session's fault rules. */
  faultBytes: number
  /** When a request last used the session (wall time, epoch milliseconds). */
  usedMs: number
}

function newBehaviour (): Behaviour {
  return { latency: null, faults: [], nextFault: 1, requests: 0 }
}

const minutes = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${ms / 1000} s`)

export class Sessions {
  readonly default: Session
  readonly #options: SessionsOptions
  readonly #wallMs: () => number
  readonly #activeMs: number
  readonly #heldRowBytesBound: number
  readonly #faultBytesPerSession: number
  readonly #faultBytesBound: number
  /** Named sessions, the one used least recently first (a Map keeps insertion order). */
  readonly #named = new Map<string, SessionState>()
  #journalBytes = 0
  #heldRows = 0
  /** Called with every record as it is journaled (the inspector's live stream); empty unless a stream is open. */
  readonly #watchers = new Set<(session: Session, entry: JournalRecord) => void>()
  /** What every session's actions hold together, for the process's bound on them. */
  readonly #activityUsage = newUsage()
  #heldRowBytes = 0
  #faultBytes = 0

  constructor (options: SessionsOptions) {
    this.#options = options
    this.#wallMs = options.wallMs ?? Date.now
    this.#activeMs = options.activeMs ?? DEFAULT_ACTIVE_MS
    this.#heldRowBytesBound = options.heldRowBytes ?? DEFAULT_HELD_ROW_BYTES
    this.#faultBytesPerSession = options.faultBytesPerSession ?? DEFAULT_FAULT_BYTES_PER_SESSION
    this.#faultBytesBound = options.faultBytes ?? DEFAULT_FAULT_BYTES
    this.default = this.#create(DEFAULT_SESSION)
  }

  /** Rows written out in created runs (rather than generated), which every session's runs hold together in memory. */
  get heldRows (): number {
    return this.#heldRows
  }

  /** Live sessions, the default one included. */
  get count (): number {
    return this.#named.size + 1
  }

  /** What the sessions hold now, in estimated bytes: what the memory budget counts of them. */
  memory (): SessionsMemory {
    const perSession = SESSION_BYTES + SESSION_BYTES_PER_RUN * this.#options.base.sources.length
    let sessions = this.count * perSession
    for (const state of this.#named.values()) sessions += SESSION_BYTES_PER_RUN * state.created.size
    const memory = { sessions, journals: this.#journalBytes, heldRows: this.#heldRowBytes, faults: this.#faultBytes }
    return { ...memory, total: memory.sessions + memory.journals + memory.heldRows + memory.faults }
  }

  /** Every live session, the default one first, then the named ones, the one used most recently first; none is marked as used. */
  list (): Session[] {
    return [this.default, ...[...this.#named.values()].reverse()]
  }

  /** Calls `watcher` with each record journaled from now on, in any session; returns the function that stops it. */
  watch (watcher: (session: Session, entry: JournalRecord) => void): () => void {
    this.#watchers.add(watcher)
    return () => this.#watchers.delete(watcher)
  }

  /** The session a request's header names, or the default one when there is no header or its value is not a session name. */
  resolve (header: string | string[] | undefined): Session {
    if (typeof header !== 'string' || header === DEFAULT_SESSION || !isSessionName(header)) return this.default
    return this.named(header)
  }

  /**
   * The session of that (valid) name, made now when it does not exist. Marks it as used. At the bound,
   * the session idle longest makes room, unless it was used within the active window: then no session
   * is dropped and a 409 naming the bound is thrown.
   */
  named (name: string): Session {
    if (name === DEFAULT_SESSION) return this.default
    const now = this.#wallMs()
    const existing = this.#named.get(name)
    if (existing !== undefined) {
      this.#named.delete(name)
      this.#named.set(name, existing)
      existing.usedMs = now
      return existing
    }
    if (this.#named.size >= this.#options.maxSessions) {
      const [idlest] = this.#named.values()
      if (idlest !== undefined && now - idlest.usedMs < this.#activeMs) {
        throw new AdminError(409, `the mock already holds ${this.#options.maxSessions} sessions (its bound, --max-sessions), ` +
          `each used within the last ${minutes(this.#activeMs)}: reuse a session name, or raise --max-sessions`)
      }
      if (idlest !== undefined) this.#drop(idlest)
    }
    const session = this.#create(name)
    session.usedMs = now
    this.#named.set(name, session)
    return session
  }

  /** The live session of that name, without making it or marking it as used; undefined when there is none. */
  find (name: string): Session | undefined {
    return name === DEFAULT_SESSION ? this.default : this.#named.get(name)
  }

  /** Whether a session of that name is live (without making it or marking it as used). */
  has (name: string): boolean {
    return name === DEFAULT_SESSION || this.#named.has(name)
  }

  /**
   * Adds a created run to the session. The caller has checked that its id is free there, and gives the
   * estimated bytes of the rows it holds written out (0 for a generated run). Throws a 413 naming the
   * bound when they would take the rows of all sessions past it.
   */
  addRun (session: Session, source: RunSource, bytes = 0): void {
    const state = session as SessionState
    if (bytes > 0) this.checkHeldRowBytes(bytes)
    const rows = source.info.contract === null ? 0 : source.info.rows
    state.created.set(source.info.id, source)
    state.held.set(source.info.id, { source, rows, bytes })
    this.#heldRows += rows
    this.#heldRowBytes += bytes
    this.#rebuild(state)
  }

  /** Throws the 413 of a run whose rows, of `bytes`, the bound of rows written out has no room for. */
  checkHeldRowBytes (bytes: number): void {
    if (this.#heldRowBytes + bytes <= this.#heldRowBytesBound) return
    throw new AdminError(413, `these rows take about ${formatBytes(Math.ceil(bytes / 1024) * 1024)} in memory, and the mock holds ` +
      `${formatBytes(Math.ceil(this.#heldRowBytes / 1024) * 1024)} of rows written out, of its bound of ${formatBytes(this.#heldRowBytesBound)} ` +
      'for all sessions: delete runs or reset sessions first, or create a generated run (calls)', 'rows')
  }

  /** Removes a created run; false when the session has no created run of that id. */
  deleteRun (session: Session, id: string): boolean {
    const state = session as SessionState
    const run = state.held.get(id)
    if (run === undefined) return false
    state.created.delete(id)
    state.activity.forget(id)
    state.held.delete(id)
    this.#heldRows -= run.rows
    this.#heldRowBytes -= run.bytes
    this.#rebuild(state)
    return true
  }

  /**
   * Adds a fault rule of `bytes` (estimated) to the session; a 413 when it alone is larger than a
   * session's bound, a 409 naming the bound when the session's rules or all sessions' would pass it.
   */
  addFault (session: Session, rule: FaultRule, bytes: number): void {
    const state = session as SessionState
    const perSession = this.#faultBytesPerSession
    if (bytes > perSession) {
      throw new AdminError(413, `this rule takes about ${formatBytes(Math.ceil(bytes / 1024) * 1024)} in memory, more than a session's bound of ${formatBytes(perSession)} of fault rules`)
    }
    if (state.faultBytes + bytes > perSession) {
      throw new AdminError(409, `this session's fault rules would take more than its bound of ${formatBytes(perSession)}: clear them first`)
    }
    if (this.#faultBytes + bytes > this.#faultBytesBound) {
      throw new AdminError(409, `the fault rules of all sessions would take more than their bound of ${formatBytes(this.#faultBytesBound)}: clear or reset sessions first`)
    }
    state.behaviour.faults.push(rule)
    state.faultBytes += bytes
    this.#faultBytes += bytes
  }

  clearFaults (session: Session): void {
    const state = session as SessionState
    state.behaviour.faults.length = 0
    this.#faultBytes -= state.faultBytes
    state.faultBytes = 0
  }

  /** Adds an entry to the session's journal, then frees the oldest entries anywhere while all journals hold too much. */
  record (session: Session, entry: JournalRecord): void {
    this.#journalBytes += session.journal.record(entry)
    if (this.#watchers.size > 0) for (const watcher of this.#watchers) watcher(session, entry)
    if (this.#journalBytes <= this.#options.journalBytes) return
    for (const victim of this.#named.values()) {
      if (this.#freeFrom(victim)) return
    }
    this.#freeFrom(this.default)
  }

  /** Drops the session's oldest entries while all journals hold too much; true once they do not. */
  #freeFrom (victim: Session): boolean {
    while (victim.journal.size > 0 && this.#journalBytes > this.#options.journalBytes) {
      this.#journalBytes -= victim.journal.dropOldest()
    }
    return this.#journalBytes <= this.#options.journalBytes
  }

  clearJournal (session: Session): void {
    this.#journalBytes -= session.journal.clear()
  }

  /** The session back to its start-up state: no created runs, an empty journal, no faults, its clock where it started. */
  reset (session: Session): void {
    const state = session as SessionState
    this.#forget(state)
    const clock = new SessionClock(this.#options.clockStartUs, this.#options.clockRunning, this.#options.wallMs)
    state.activity.release()
    Object.assign(state, { clock, behaviour: newBehaviour(), activity: new SessionActivity(() => this.#rebuild(state), this.#activityUsage) })
    this.#rebuild(state)
  }

  /** Gives back everything the session holds: its created runs, its journal and its fault rules. */
  #forget (state: SessionState): void {
    for (const run of state.held.values()) {
      this.#heldRows -= run.rows
      this.#heldRowBytes -= run.bytes
    }
    state.held.clear()
    state.created.clear()
    this.clearJournal(state)
    this.clearFaults(state)
  }

  #create (name: string): SessionState {
    const state: SessionState = {
      name,
      store: this.#options.base,
      created: new Map(),
      held: new Map(),
      journal: new Journal(this.#options.journalSize),
      clock: new SessionClock(this.#options.clockStartUs, this.#options.clockRunning, this.#options.wallMs),
      behaviour: newBehaviour(),
      faultBytes: 0,
      usedMs: 0,
      activity: null as unknown as SessionActivity
    }
    state.activity = new SessionActivity(() => this.#rebuild(state), this.#activityUsage)
    this.#rebuild(state)
    return state
  }

  /** The session's store: every start-up run and its own, seen at its own clock. */
  #rebuild (state: SessionState): void {
    const clock = state.clock
    const { activity } = state
    const sources = [...this.#options.base.sources, ...state.created.values()].map((source) => {
      const acted = activity.runs.get(source.info.id)
      return acted === undefined ? source : withActivity(source, acted)
    })
    state.store = storeOf(sources, this.#options.caches, () => clock.now())
  }

  #drop (state: SessionState): void {
    this.#named.delete(state.name)
    state.activity.release()
    this.#forget(state)
  }
}
