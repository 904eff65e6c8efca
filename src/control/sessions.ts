// Sessions: what a test arranges at runtime (its runs, its journal), kept apart from every other test's, in bounded memory.
import type { Store } from '../data/model.js'
import { SessionActivity } from '../data/session-activity.js'
import { newUsage } from '../data/activity.js'
import { withActivity } from '../data/activity-source.js'
import { storeOf, type RunSource, type SourcedStore, type StoreCaches } from '../data/store.js'
import type { FaultRule } from '../domain/faults.js'
import type { LatencySpec } from '../domain/latency.js'
import type { TokenBucket } from '../domain/rate-limit.js'
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
  /** Rate-limit buckets by key pair. */
  readonly buckets: Map<string, TokenBucket>
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
  /** Live sessions besides the default one; the one idle longest is dropped to make room. */
  maxSessions: number
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

/** Ten thousand of a typical request's entries: 64 MB. */
export const DEFAULT_JOURNAL_BYTES = 64 * 2 ** 20

/** Rows a created run holds in memory: those written out; a generated run holds none. */
const heldRowsOf = (source: RunSource): number => (source.info.contract === null ? 0 : source.info.rows)

interface SessionState extends Session {
  store: Store
  created: Map<string, RunSource>
  clock: SessionClock
  behaviour: Behaviour
  activity: SessionActivity
}

function newBehaviour (): Behaviour {
  return { latency: null, faults: [], nextFault: 1, requests: 0, buckets: new Map() }
}

export class Sessions {
  readonly default: Session
  readonly #options: SessionsOptions
  /** Named sessions, the one used least recently first (a Map keeps insertion order). */
  readonly #named = new Map<string, SessionState>()
  #journalBytes = 0
  #heldRows = 0
  /** Called with every record as it is journaled (the inspector's live stream); empty unless a stream is open. */
  readonly #watchers = new Set<(session: Session, entry: JournalRecord) => void>()
  /** What every session's actions hold together, for the process's bound on them. */
  readonly #activityUsage = newUsage()

  constructor (options: SessionsOptions) {
    this.#options = options
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

  /** The session of that (valid) name, made now when it does not exist. Marks it as used. */
  named (name: string): Session {
    if (name === DEFAULT_SESSION) return this.default
    const existing = this.#named.get(name)
    if (existing !== undefined) {
      this.#named.delete(name)
      this.#named.set(name, existing)
      return existing
    }
    if (this.#named.size >= this.#options.maxSessions) {
      const [idlest] = this.#named.values()
      if (idlest !== undefined) this.#drop(idlest)
    }
    const session = this.#create(name)
    this.#named.set(name, session)
    return session
  }

  /** Whether a session of that name is live (without making it or marking it as used). */
  has (name: string): boolean {
    return name === DEFAULT_SESSION || this.#named.has(name)
  }

  /** Adds a created run to the session. The caller has checked that its id is free there. */
  addRun (session: Session, source: RunSource): void {
    const state = session as SessionState
    state.created.set(source.info.id, source)
    this.#heldRows += heldRowsOf(source)
    this.#rebuild(state)
  }

  /** Removes a created run; false when the session has no created run of that id. */
  deleteRun (session: Session, id: string): boolean {
    const state = session as SessionState
    const source = state.created.get(id)
    if (source === undefined) return false
    state.created.delete(id)
    state.activity.forget(id)
    this.#heldRows -= heldRowsOf(source)
    this.#rebuild(state)
    return true
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

  /** The session back to its start-up state: no created runs, an empty journal. */
  reset (session: Session): void {
    const state = session as SessionState
    this.#forgetRuns(state)
    this.clearJournal(state)
    const clock = new SessionClock(this.#options.clockStartUs, this.#options.clockRunning, this.#options.wallMs)
    state.activity.release()
    Object.assign(state, { clock, behaviour: newBehaviour(), activity: new SessionActivity(() => this.#rebuild(state), this.#activityUsage) })
    this.#rebuild(state)
  }

  #forgetRuns (state: SessionState): void {
    for (const source of state.created.values()) this.#heldRows -= heldRowsOf(source)
    state.created.clear()
  }

  #create (name: string): SessionState {
    const state: SessionState = {
      name,
      store: this.#options.base,
      created: new Map(),
      journal: new Journal(this.#options.journalSize),
      clock: new SessionClock(this.#options.clockStartUs, this.#options.clockRunning, this.#options.wallMs),
      behaviour: newBehaviour(),
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
    this.#forgetRuns(state)
    this.#journalBytes -= state.journal.clear()
  }
}
