// The control plane as typed functions for code in the same process: what /__mock/ does, without HTTP.
import type { RunInfo } from '../data/model.js'
import type { RunProfile } from '../data/runs.js'
import { AdminError } from '../errors.js'
import { formatMicros } from '../domain/datetime.js'
import type { CreatedRun, JournalEntryView } from '../schemas/admin.js'
import type { Fault, FaultMatch } from '../domain/faults.js'
import type { BehaviourView, ClockView, ControlPlane, FaultRuleView } from './control-plane.js'
import { DEFAULT_SESSION, isSessionName } from './sessions.js'

/** A run test to create: generated (`calls`) or written out (`rows`, in the served contract). */
export type CreateRunInput =
  | {
    id?: string
    calls: number
    profile?: RunProfile
    seed?: number
    name?: string
    description?: string
    simulation_type?: 'voice' | 'text'
    /** How many scenarios, or their names (a chat run test for the simulate SDK: `calls: 0`, `simulation_type: 'text'`). */
    scenarios?: number | readonly string[]
  }
  | { id?: string; rows: readonly unknown[] }

/** The journal filters of `GET /__mock/requests`, typed. */
export interface RequestFilterInput {
  method?: string
  path?: string
  status?: number
  runTestId?: string
  /** Requests that arrived at or after this time. */
  since?: Date | string
  limit?: number
}

/** A fault rule to add: which requests, which fault, how often. */
export interface FaultRuleInput {
  match?: FaultMatch
  fault: Fault
  times?: number
  after?: number
  probability?: number
}

/** One message of a chat held through the chat loop, as the session keeps it. */
export interface ConversationMessage {
  /** Who said it: the simulated customer, or the agent under test (with its tool results). */
  speaker: 'customer' | 'agent'
  /** The messages as they were sent (the agent's with its `tool_calls`, then `tool` results). */
  messages: ReadonlyArray<Record<string, unknown>>
  /** When it was stored, ISO-8601. */
  at: string
}

/** One session of the control plane. Every method throws an `AdminError` where the route answers an error. */
export interface MockSession {
  readonly name: string
  /** The run tests the session sees: those configured at start-up, then its own. */
  runs (): RunInfo[]
  createRun (run: CreateRunInput): CreatedRun
  deleteRun (id: string): void
  /** The session's journal, newest first. */
  requests (filter?: RequestFilterInput): JournalEntryView[]
  clearRequests (): void
  /** The chat a call of the chat loop held so far, in order; null for a call the session's chat loop did not create. */
  conversation (callExecutionId: string): ConversationMessage[] | null
  /** Back to the start-up state: no created runs, an empty journal, no delay or faults, the clock where it started. */
  reset (): void
  /** The session's clock, which its live runs are seen at. */
  readonly clock: {
    now (): ClockView
    /** By a duration: `30s`, `5m`, `1m30s`, `250ms`. */
    advance (duration: string): ClockView
    set (instant: Date | string): ClockView
    /** Follow wall time from where it stands (true), or freeze it (false). */
    run (running: boolean): ClockView
  }
  readonly faults: {
    list (): FaultRuleView[]
    add (rule: FaultRuleInput): FaultRuleView
    clear (): void
  }
  /** The delay of the session's answers: a spec such as `120`, `50-300` or `lognormal:median=80,p99=600`; null for the process-wide one. */
  readonly behaviour: {
    get (): BehaviourView
    set (behaviour: { latency: string | null }): BehaviourView
  }
}

/** The filter as the route's query string would carry it, so that one parser checks both. */
function filterQuery (filter: RequestFilterInput): Record<string, string> {
  const query: Record<string, string> = {}
  if (filter.method !== undefined) query.method = filter.method
  if (filter.path !== undefined) query.path = filter.path
  if (filter.status !== undefined) query.status = String(filter.status)
  if (filter.runTestId !== undefined) query.run_test_id = filter.runTestId
  if (filter.since !== undefined) query.since = filter.since instanceof Date ? filter.since.toISOString() : filter.since
  if (filter.limit !== undefined) query.limit = String(filter.limit)
  return query
}

/**
 * The handle of the session `name` (made on first use, like a request naming it). `origin` starts the
 * listing URLs returned; null when the control plane is off, and then every method says so.
 */
export function sessionHandle (control: ControlPlane | null, name: string, origin: string): MockSession {
  if (name !== DEFAULT_SESSION && !isSessionName(name)) {
    throw new AdminError(400, `session: expected 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-', got ${JSON.stringify(name)}`)
  }
  const plane = (): ControlPlane => {
    if (control === null) throw new AdminError(404, 'the control plane is off (admin: false)')
    return control
  }
  const session = () => plane().sessions.named(name)
  return {
    name,
    runs: () => plane().listRuns(session()),
    createRun (run) {
      const created = plane().createRun(session(), run)
      return { ...created, url: `${origin}/simulate/run-tests/${created.id}/call-executions/`, session: name }
    },
    deleteRun: (id) => plane().deleteRun(session(), id),
    requests: (filter = {}) => plane().requests(session(), filterQuery(filter)).requests,
    clearRequests: () => plane().clearRequests(session()),
    conversation (callExecutionId) {
      const found = session().activity.call(callExecutionId)
      if (found === undefined || found.call.mode.kind !== 'chat') return null
      return found.call.mode.chat.rows.map((row) => ({
        speaker: row.role === 'user' ? 'customer' : 'agent',
        messages: row.content.map((message) => ({ ...message })),
        at: formatMicros(row.createdAt)
      }))
    },
    reset: () => plane().reset(session()),
    clock: {
      now: () => plane().clock(session()),
      advance: (duration) => plane().moveClock(session(), { advance: duration }),
      set: (instant) => plane().moveClock(session(), { set: instant instanceof Date ? instant.toISOString() : instant }),
      run: (running) => plane().moveClock(session(), { run: running })
    },
    faults: {
      list: () => plane().faults(session()),
      add: (rule) => plane().addFault(session(), rule),
      clear: () => plane().clearFaults(session())
    },
    behaviour: {
      get: () => plane().behaviour(session()),
      set: (behaviour) => plane().setBehaviour(session(), behaviour)
    }
  }
}
