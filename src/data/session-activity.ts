// A session's actions on its run tests: one activity per run test acted on, and the ids that find their executions and calls.
import { ACTIVITY_LIMITS, RunActivity, newUsage, type ActivityCall, type ActivityExecution, type ActivityUsage, type RunContext, type StoredMessage } from './activity.js'

/** What all sessions' actions may keep together: the process's bound, whatever clients send. */
export const PROCESS_ACTIVITY_LIMITS = {
  calls: 1_000_000,
  messages: 2_000_000,
  characters: 256 * 2 ** 20
} as const

/** The messages and characters a stored chat row counts for. */
export function sizeOf (row: StoredMessage): { messages: number; characters: number } {
  let characters = 0
  for (const item of row.content) {
    characters += item.content.length + (item.tool_call_id?.length ?? 0)
    for (const call of item.tool_calls ?? []) characters += call.id.length + call.type.length + call.function.name.length + call.function.arguments.length
    if (item.metadata !== undefined) characters += JSON.stringify(item.metadata).length
  }
  return { messages: row.content.length, characters }
}

/** What a bound says when a request would pass it: the platform's 400 is built from this message. */
export class LimitReached extends Error {}

export class SessionActivity {
  readonly runs = new Map<string, RunActivity>()
  readonly #executions = new Map<string, { activity: RunActivity; execution: ActivityExecution }>()
  readonly #calls = new Map<string, { activity: RunActivity; call: ActivityCall }>()
  readonly usage: ActivityUsage = newUsage()
  /** Called when a run test gets its first activity, so that the session's store lists it. */
  readonly #changed: () => void
  /** What every session's actions hold together (shared by all sessions of the process). */
  readonly #shared: ActivityUsage

  constructor (changed: () => void, shared: ActivityUsage = newUsage()) {
    this.#changed = changed
    this.#shared = shared
  }

  /** The run test's activity, made now if it has none. */
  of (runId: string, context: RunContext): RunActivity {
    let activity = this.runs.get(runId)
    if (activity === undefined) {
      activity = new RunActivity(runId, context)
      this.runs.set(runId, activity)
      this.#changed()
    }
    return activity
  }

  execution (id: string): { activity: RunActivity; execution: ActivityExecution } | undefined {
    return this.#executions.get(id)
  }

  call (id: string): { activity: RunActivity; call: ActivityCall } | undefined {
    return this.#calls.get(id)
  }

  /** Throws `LimitReached` unless `executions` more executions and `calls` more calls fit the session's bounds. */
  reserve (executions: number, calls: number): void {
    if (this.#shared.calls + calls > PROCESS_ACTIVITY_LIMITS.calls) {
      throw new LimitReached(`All sessions together hold ${this.#shared.calls} call executions created through the API; the mock keeps at most ${PROCESS_ACTIVITY_LIMITS.calls}. Reset sessions (POST /__mock/reset) to start again.`)
    }
    if (this.usage.executions + executions > ACTIVITY_LIMITS.executions) {
      throw new LimitReached(`This session already holds ${this.usage.executions} test executions started through the API; the mock keeps at most ${ACTIVITY_LIMITS.executions} per session. Reset the session (POST /__mock/reset) to start again.`)
    }
    if (this.usage.calls + calls > ACTIVITY_LIMITS.calls) {
      throw new LimitReached(`This session already holds ${this.usage.calls} call executions created through the API; the mock keeps at most ${ACTIVITY_LIMITS.calls} per session. Reset the session (POST /__mock/reset) to start again.`)
    }
  }

  /** Throws `LimitReached` unless `messages` more messages of `characters` characters fit. */
  reserveMessages (messages: number, characters: number): void {
    if (this.#shared.messages + messages > PROCESS_ACTIVITY_LIMITS.messages || this.#shared.characters + characters > PROCESS_ACTIVITY_LIMITS.characters) {
      throw new LimitReached(`All sessions' chat messages together hold ${this.#shared.messages} messages and ${this.#shared.characters} characters; the mock keeps at most ${PROCESS_ACTIVITY_LIMITS.messages} messages and ${PROCESS_ACTIVITY_LIMITS.characters} characters. Reset sessions (POST /__mock/reset) to start again.`)
    }
    if (this.usage.messages + messages > ACTIVITY_LIMITS.messages) {
      throw new LimitReached(`This session already holds ${this.usage.messages} chat messages; the mock keeps at most ${ACTIVITY_LIMITS.messages} per session. Reset the session (POST /__mock/reset) to start again.`)
    }
    if (this.usage.characters + characters > ACTIVITY_LIMITS.characters) {
      throw new LimitReached(`This session's chat messages already hold ${this.usage.characters} characters; the mock keeps at most ${ACTIVITY_LIMITS.characters} per session. Reset the session (POST /__mock/reset) to start again.`)
    }
  }

  /** Counts and indexes an execution just started (and its calls). */
  addedExecution (activity: RunActivity, execution: ActivityExecution): void {
    this.#count({ executions: 1 })
    this.#executions.set(execution.id, { activity, execution })
    for (const call of execution.calls) this.addedCall(activity, call)
  }

  addedCall (activity: RunActivity, call: ActivityCall): void {
    this.#count({ calls: 1 })
    this.#calls.set(call.id, { activity, call })
  }

  addedSnapshot (): void {
    this.#count({ calls: 1 })
  }

  /** Counts chat rows just stored. */
  addedRows (rows: readonly StoredMessage[]): void {
    for (const row of rows) this.#count(sizeOf(row))
  }

  #count (by: Partial<ActivityUsage>, sign = 1): void {
    for (const key of ['executions', 'calls', 'messages', 'characters'] as const) {
      this.usage[key] += sign * (by[key] ?? 0)
      this.#shared[key] += sign * (by[key] ?? 0)
    }
  }

  /** Everything this session's actions hold stops counting towards the process's bound (the session is reset or dropped). */
  release (): void {
    this.#count({ ...this.usage }, -1)
  }

  /** Drops a run test's activity (its run was deleted); what it held no longer counts. */
  forget (runId: string): void {
    const activity = this.runs.get(runId)
    if (activity === undefined) return
    for (const execution of activity.executions) {
      this.#executions.delete(execution.id)
      this.#count({ executions: 1 }, -1)
      for (const call of execution.calls) {
        this.#calls.delete(call.id)
        this.#count({ calls: 1 }, -1)
        if (call.mode.kind === 'chat') for (const row of call.mode.chat.rows) this.#count(sizeOf(row), -1)
      }
    }
    this.#count({ calls: activity.snapshots.length }, -1)
    this.runs.delete(runId)
    this.#changed()
  }
}
