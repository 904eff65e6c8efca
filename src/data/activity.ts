// What a session's actions do to a run test: the test executions they start, their calls and chats, cancels and reruns, seen at the session's clock.
//
// One `RunActivity` per run test a session acts on. Executions started by `execute/` run by themselves:
// each call is drawn in the state it ends in (the generator's draws, seeded by seed, run, execution,
// scenario and attempt) and shown as it stands at the clock, as a live run's calls are (live.ts).
// Executions started by `chat-execute/` are driven by the client through the chat loop: their calls hold
// the messages exchanged, word for word, with the simulated customer (simulated-customer.ts). Cancels,
// reruns and status updates are kept as the instants they happened at, so every view is a function of
// what was done and the clock. Everything kept is counted (calls, messages, characters) under the
// bounds in `ACTIVITY_LIMITS`.
import type { ChatContentItem } from '../schemas/platform-row.js'
import type { CallRecord, CallStatus, EvalResult, TestExecutionRef, TranscriptTurn } from './model.js'
import { ENDED_REASONS } from './catalog.js'
import { drawRecord, evalResult, fill, round, scenarioColumns, tokensOf } from './generator.js'
import { hashAt, hashString, seedWord, uuidAt } from './hash.js'
import { liveStatusAt, liveTimes, liveView, type LiveTimes } from './live.js'
import type { PlannedScenario, RunPlan } from './run-plan.js'
import { seededDraws } from './seeded-faker.js'
import { nextKey } from './source-key.js'
import { customerOf, customerReply, openingLine, type Customer } from './simulated-customer.js'

/** What one session may keep of its actions; a request past one is refused with a message naming it. */
export const ACTIVITY_LIMITS = {
  /** Test executions started in one session (all run tests together). */
  executions: 1000,
  /** Calls created in one session, snapshot rows included. */
  calls: 50_000,
  /** Chat messages stored in one session. */
  messages: 200_000,
  /** Characters of chat messages stored in one session. */
  characters: 32 * 2 ** 20,
  /** Characters of one message's content (and of one tool call's arguments). */
  messageCharacters: 32_768,
  /** Messages in one send-message request. */
  messagesPerRequest: 32,
  /** Tool calls on one message. */
  toolCallsPerMessage: 16
} as const

/** The run test an activity belongs to: its seed and the plan its calls are drawn from. */
export interface RunContext {
  seed: number
  plan: RunPlan
}

/** A chat message as the platform's `ChatMessage` model dumps it: `role`, then `content`, `tool_call_id`, `name`, `metadata`, `tool_calls`, nulls left out. */
export type WireMessage = ChatContentItem

/** One stored chat message row (`ChatMessageModel`): the customer's as `user`, the agent's as `assistant`. */
export interface StoredMessage {
  id: string
  role: 'user' | 'assistant'
  /** The non-empty contents of the messages the row holds. */
  messages: string[]
  /** The messages as they were sent. */
  content: WireMessage[]
  /** Epoch microseconds. */
  createdAt: number
  /** What the client reported for the agent's reply (agent rows only). */
  latencyMs: number | null
  tokens: number
}

export interface ChatState {
  customer: Customer
  /** When the chat was (last) initiated. */
  startedAt: number | null
  rows: StoredMessage[]
  /** Where the chat session the customer is in began (a chat initiated again starts a new one). */
  sessionStart: number
  /** The agent's replies in the current session. */
  turns: number
  /** When the customer ended it, and why; null while it goes on. */
  ended: { at: number; reason: string } | null
  /** When its evals are done, once it has ended. */
  doneAt: number | null
}

/**
 * How a call gets to its result: drawn (an execution that runs by itself), held (a chat the client
 * drives), or as the run's own row shows it (a call of the run's own executions, until a rerun).
 */
type CallMode =
  | { kind: 'drawn'; final: CallRecord; times: LiveTimes; pickupAt: number; startAt: number }
  | { kind: 'chat'; chat: ChatState }
  | { kind: 'own' }

export interface ActivityCall {
  id: string
  execution: ActivityExecution
  scenario: PlannedScenario
  createdAt: number
  /** 0 for the first attempt; a `call_and_eval` rerun starts the next. */
  attempt: number
  /** When the current attempt began waiting: creation, or the rerun that reset it. */
  resetAt: number
  mode: CallMode
  cancelledAt: number | null
  /** An `eval_only` rerun: evals cleared from this instant until `evalsDoneAt`. */
  evalsRerunAt: number | null
  evalsDoneAt: number | null
  /** A status the client set (`PATCH`), from an instant on. */
  patched: { status: CallStatus; endedReason: string | null; at: number } | null
  /** A call of the run's own executions: its row as the run shows it at an instant (before any action); null for a call the actions made. */
  origin: ((now: number) => CallRecord) | null
}

export interface ActivityExecution {
  id: string
  runId: string
  kind: 'execute' | 'chat'
  createdAt: number
  /** The scenarios it runs, in order (a chat's batches create their calls in this order). */
  scenarioIds: string[]
  ref: TestExecutionRef
  calls: ActivityCall[]
  cancelledAt: number | null
  /** Set by a rerun: the execution is under way again and never `pending` after it. */
  rerunAt: number | null
  /**
   * One of the run's own executions (configured at start-up or created through the control plane),
   * which the session acted on: `calls` holds only the calls the session changed, the others are the
   * run's own rows. False for an execution the actions started.
   */
  own: boolean
}

/** The statuses a test execution goes through (the platform's `ExecutionStatus`, as stored). */
export type ExecutionStatus = 'pending' | 'running' | 'evaluating' | 'completed' | 'cancelled'

const SECOND_US = 1_000_000

/** Salts of the ids drawn per run: executions, calls and snapshot rows. */
const SALT = { execution: 7000, call: 7100, snapshot: 7200, message: 7300, evalDelay: 7400, start: 7500 } as const

/** Time for an `eval_only` rerun's evals to be done. */
const EVAL_RERUN_US = 30 * SECOND_US

/** Counts a session keeps of what its activities hold, for `ACTIVITY_LIMITS`. */
export interface ActivityUsage {
  executions: number
  calls: number
  messages: number
  characters: number
}

export const newUsage = (): ActivityUsage => ({ executions: 0, calls: 0, messages: 0, characters: 0 })

/** The actions' part of one run test in one session. */
export class RunActivity {
  readonly runId: string
  readonly context: RunContext
  readonly executions: ActivityExecution[] = []
  /** `call_and_eval` snapshots, as listed rows frozen at the rerun. */
  readonly snapshots: CallRecord[] = []
  /** Names this activity in the process's shared caches (two sessions may act on the same run). */
  readonly key = nextKey()
  /** Changes with every action: names the pages and rows that may have changed. */
  version = 0
  readonly #key: number
  #calls = 0
  #messages = 0
  /** The run test as the run holds it, without the actions: where the calls of its own executions are read from. */
  base: { findCall: (callId: string, now: number) => CallRecord | null } | null = null

  constructor (runId: string, context: RunContext) {
    this.runId = runId
    this.context = context
    this.#key = hashAt(seedWord(context.seed), hashString(runId), SALT.execution)
  }

  /** A new execution of the run test; its calls (one per scenario) now for `execute`, batch by batch for a chat. */
  startExecution (kind: 'execute' | 'chat', scenarioIds: string[], now: number): ActivityExecution {
    const { plan } = this.context
    const template = plan.executions[0] as TestExecutionRef
    const id = uuidAt(this.#key, this.executions.length, SALT.execution)
    const execution: ActivityExecution = {
      id,
      runId: this.runId,
      kind,
      createdAt: now,
      scenarioIds,
      ref: { ...template, id, simulationCallType: kind === 'chat' ? 'text' : template.simulationCallType },
      calls: [],
      cancelledAt: null,
      rerunAt: null,
      own: false
    }
    this.executions.push(execution)
    if (kind === 'execute') {
      scenarioIds.forEach((scenarioId) => {
        const scenario = this.scenario(scenarioId)
        if (scenario !== undefined) this.addCall(execution, scenario, now, 'drawn')
      })
    }
    this.version++
    return execution
  }

  /** One of the run's own executions, taken in so that the session can act on it; its calls are taken in one by one as they change. */
  adoptExecution (id: string, ref: TestExecutionRef, createdAt: number, scenarioIds: readonly string[]): ActivityExecution {
    const execution: ActivityExecution = {
      id,
      runId: this.runId,
      kind: 'execute',
      createdAt,
      scenarioIds: [...scenarioIds],
      ref,
      calls: [],
      cancelledAt: null,
      rerunAt: null,
      own: true
    }
    this.executions.push(execution)
    this.version++
    return execution
  }

  /**
   * A call of one of the run's own executions, taken in as its row shows it (read from the run at each
   * instant, never copied); null when its scenario is none the run test can run again.
   */
  adoptCall (execution: ActivityExecution, record: CallRecord): ActivityCall | null {
    const scenario = (record.scenario === null ? undefined : this.scenario(record.scenario.id)) ?? this.context.plan.scenarios[0]
    if (scenario === undefined) return null
    const id = record.id
    const origin = (now: number): CallRecord => {
      const found = this.base?.findCall(id, now) ?? null
      if (found === null) throw new Error(`call ${id} of run ${this.runId} is not in the run`)
      return found
    }
    const call: ActivityCall = {
      id,
      execution,
      scenario,
      createdAt: record.createdAt,
      attempt: 0,
      resetAt: record.createdAt,
      mode: { kind: 'own' },
      cancelledAt: null,
      evalsRerunAt: null,
      evalsDoneAt: null,
      patched: null,
      origin
    }
    execution.calls.push(call)
    this.version++
    return call
  }

  scenario (id: string): PlannedScenario | undefined {
    return this.context.plan.scenarios.find((scenario) => scenario.id === id)
  }

  /** A new pending call of `execution` for `scenario`. */
  addCall (execution: ActivityExecution, scenario: PlannedScenario, now: number, kind: 'drawn' | 'chat'): ActivityCall {
    const call: ActivityCall = {
      id: uuidAt(this.#key, this.#calls++, SALT.call),
      execution,
      scenario,
      createdAt: now,
      attempt: 0,
      resetAt: now,
      mode: { kind: 'chat', chat: null as unknown as ChatState },
      cancelledAt: null,
      evalsRerunAt: null,
      evalsDoneAt: null,
      patched: null,
      origin: null
    }
    call.mode = kind === 'drawn' ? this.#drawn(call, execution.calls.length, now) : { kind: 'chat', chat: this.#newChat(scenario) }
    execution.calls.push(call)
    this.version++
    return call
  }

  #newChat (scenario: PlannedScenario): ChatState {
    const { plan, seed } = this.context
    return {
      customer: customerOf({ seed, runId: this.runId, company: plan.company, agentFirstName: plan.agentFirstName, scenario }),
      startedAt: null,
      rows: [],
      sessionStart: 0,
      turns: 0,
      ended: null,
      doneAt: null
    }
  }

  /**
   * A call that runs by itself from `now`: drawn in the state it ends in (completed mostly, some
   * failed), then moved so that it is picked up 2 s after `now` and starts a few seconds later, ten
   * calls at a time, two minutes apart.
   */
  #drawn (call: ActivityCall, index: number, now: number): CallMode {
    const { plan, seed } = this.context
    const words = [seedWord(seed), hashString(this.runId), hashString(call.execution.id), hashString(call.scenario.id), call.attempt]
    const d = seededDraws([...words, SALT.start])
    const status: CallStatus = d.boolean(0.86) ? 'completed' : 'failed'
    const startAt = now + 5 * SECOND_US + Math.floor(index / 10) * 120 * SECOND_US + d.int(0, 8) * SECOND_US
    const drawn = drawRecord(plan, {
      words,
      position: index,
      id: call.id,
      timestamp: now + 86_400 * SECOND_US,
      status,
      execution: call.execution.ref,
      scenario: call.scenario,
      originalCallId: null
    })
    const final = shift(drawn, startAt - (drawn.startTime ?? startAt))
    final.createdAt = call.createdAt
    return { kind: 'drawn', final, times: liveTimes(final), pickupAt: now + 2 * SECOND_US, startAt }
  }

  get callCount (): number {
    return this.#calls
  }

  /** Every call of the run's action executions, for lookups by id. */
  * calls (): Generator<ActivityCall> {
    for (const execution of this.executions) yield * execution.calls
  }

  /** A chat call's opening line: the call goes `ongoing` (again, if it was initiated before) and the execution `running`. */
  initiate (call: ActivityCall, now: number): StoredMessage {
    const chat = chatOf(call)
    chat.startedAt = now
    chat.sessionStart = chat.rows.length
    chat.turns = 0
    chat.ended = null
    chat.doneAt = null
    call.patched = null
    const content = openingLine(chat.customer)
    const row = this.#store(chat, 'user', [content], [{ role: 'user', content }], Math.max(now, lastAt(chat)), null)
    this.version++
    return row
  }

  /**
   * The agent's messages (as sent) and the customer's answer, stored as the platform stores them: one
   * row with everything the agent sent, one with the customer's reply. Messages are laid out in time
   * as they would have been: the agent's after the latency the client measured, the customer's after it
   * typed for 4–20 s (or at the clock, if that is later).
   */
  send (call: ActivityCall, sent: WireMessage[], latencyMs: number | null, now: number): { input: WireMessage[]; output: WireMessage[]; ended: boolean } {
    const chat = chatOf(call)
    chat.turns++
    const agentText = sent.map((message) => typeof message.content === 'string' ? message.content : '').join('\n')
    const agentAt = Math.max(now, lastAt(chat) + Math.max(10, latencyMs ?? 1000) * 1000)
    const texts = sent.map((message) => message.content).filter((text): text is string => typeof text === 'string' && text !== '')
    this.#store(chat, 'assistant', texts, sent, agentAt, latencyMs)
    const reply = customerReply(chat.customer, chat.turns, agentText)
    const d = seededDraws([seedWord(this.context.seed), hashString(this.runId), hashString(call.scenario.id), chat.turns, SALT.message])
    const replyAt = Math.max(now, agentAt + d.int(4000, 20000, 10) * 1000)
    const output: WireMessage = { role: 'assistant', content: reply.content }
    this.#store(chat, 'user', [reply.content], [output], replyAt, null)
    if (reply.ended) {
      chat.ended = { at: replyAt, reason: ENDED_REASONS.textCompleted[1] }
      chat.doneAt = replyAt + d.int(20, 60) * SECOND_US
    }
    this.version++
    return { input: sent, output: [output], ended: reply.ended }
  }

  /** The chat session's messages as the customer's side holds them: its opening line as `assistant`, then each exchange as sent. */
  history (call: ActivityCall): WireMessage[] {
    const chat = chatOf(call)
    const rows = chat.rows.slice(chat.sessionStart)
    const [opening, ...rest] = rows
    if (opening === undefined) return []
    return [{ role: 'assistant', content: opening.messages[0] ?? '' }, ...rest.flatMap((row) => row.content)]
  }

  #store (chat: ChatState, role: 'user' | 'assistant', messages: string[], content: WireMessage[], at: number, latencyMs: number | null): StoredMessage {
    const row: StoredMessage = {
      id: uuidAt(this.#key, this.#messages++, SALT.message),
      role,
      messages,
      content,
      createdAt: at,
      latencyMs,
      tokens: messages.reduce((sum, text) => sum + tokensOf(text), 0)
    }
    chat.rows.push(row)
    return row
  }

  /** The client's status for a call (`PATCH`), from `now` on. */
  patch (call: ActivityCall, status: CallStatus, endedReason: string | null, now: number): void {
    call.patched = { status, endedReason, at: now }
    this.version++
  }

  /** Calls still waiting or running become `cancelled`; the execution too. */
  cancel (execution: ActivityExecution, now: number): void {
    for (const call of execution.calls) {
      const status = this.statusAt(call, now)
      if ((status === 'pending' || status === 'queued' || status === 'ongoing') && call.cancelledAt === null) call.cancelledAt = now
    }
    execution.cancelledAt = now
    this.version++
  }

  /** `eval_only`: the call's evals are cleared and done again. */
  rerunEvals (call: ActivityCall, now: number): void {
    call.evalsRerunAt = now
    call.evalsDoneAt = now + EVAL_RERUN_US
    call.execution.rerunAt = now
    call.execution.cancelledAt = null
    this.version++
  }

  /** `call_and_eval`: the call as it stands is kept as a snapshot row, and it runs again from `now`. */
  rerunCall (call: ActivityCall, now: number): void {
    const view = this.viewOf(call, now)
    this.snapshots.push({
      ...view,
      id: uuidAt(this.#key, this.snapshots.length, SALT.snapshot),
      isSnapshot: true,
      originalCallId: call.id,
      timestamp: now,
      rerunType: 'call_and_eval'
    })
    call.attempt++
    call.resetAt = now
    call.cancelledAt = null
    call.patched = null
    call.evalsRerunAt = null
    call.evalsDoneAt = null
    call.mode = this.#drawn(call, call.execution.calls.indexOf(call), now)
    call.execution.rerunAt = now
    call.execution.cancelledAt = null
    this.version++
  }

  /** The call as its row shows it at `now`. */
  viewOf (call: ActivityCall, now: number): CallRecord {
    let view = this.#ownView(call, now)
    if (call.cancelledAt !== null && now >= call.cancelledAt) {
      const before = this.#ownView(call, call.cancelledAt)
      view = { ...before, status: 'cancelled', endedReason: ENDED_REASONS.cancelled, timestamp: call.cancelledAt }
    }
    if (call.patched !== null && now >= call.patched.at) {
      const { status, endedReason, at } = call.patched
      view = {
        ...view,
        status,
        endedReason: endedReason ?? view.endedReason,
        timestamp: Math.max(at, view.timestamp),
        evals: status === 'completed' || status === 'failed' ? [] : view.evals,
        overallScore: null,
        csatScore: null
      }
    }
    if (call.evalsRerunAt !== null && now >= call.evalsRerunAt && now < (call.evalsDoneAt as number)) {
      view = { ...view, evals: [], overallScore: null, csatScore: null, timestamp: Math.max(view.timestamp, call.evalsRerunAt) }
    } else if (call.evalsDoneAt !== null && now >= call.evalsDoneAt) {
      view = { ...view, timestamp: Math.max(view.timestamp, call.evalsDoneAt) }
    }
    return view
  }

  /** The call at `now` as it runs by itself, before any cancel, status set or eval rerun. */
  #ownView (call: ActivityCall, now: number): CallRecord {
    const { mode } = call
    if (mode.kind === 'drawn') return drawnView(call, mode, now)
    if (mode.kind === 'chat') return this.#chatView(call, mode.chat, now)
    return (call.origin as (now: number) => CallRecord)(now)
  }

  #chatView (call: ActivityCall, chat: ChatState, now: number): CallRecord {
    const { plan } = this.context
    const { customer } = chat
    const rows = chat.rows
    const transcript: TranscriptTurn[] = rows.map((row) => ({
      id: row.id,
      role: row.role,
      content: row.messages[0] ?? '',
      startMs: Math.round((row.createdAt - (rows[0]?.createdAt ?? row.createdAt)) / 1000),
      endMs: Math.round((row.createdAt - (rows[0]?.createdAt ?? row.createdAt)) / 1000),
      confidence: 1,
      createdAt: row.createdAt,
      chat: { messages: row.messages, content: row.content }
    }))
    const base: CallRecord = {
      id: call.id,
      isSnapshot: false,
      originalCallId: null,
      timestamp: call.resetAt,
      createdAt: call.createdAt,
      status: 'pending',
      testExecution: call.execution.ref,
      scenario: { id: call.scenario.id, name: call.scenario.name },
      providerCallType: null,
      providerCallId: null,
      startTime: null,
      duration: null,
      transcript: [],
      overallScore: null,
      responseTimeMs: null,
      audioUrl: null,
      recordings: {},
      customerName: `${customer.persona.first} ${customer.persona.last}`,
      customerNumber: null,
      evals: [],
      scenarioColumns: scenarioColumns(call.scenario, customer.persona),
      endedReason: null,
      callSummary: null,
      sessionId: null,
      avgAgentLatencyMs: null,
      voiceMetrics: null,
      textMetrics: null,
      turnCount: null,
      csatScore: null,
      costCents: null,
      rerunType: null
    }
    if (chat.startedAt === null) return base
    const last = transcript.at(-1)?.createdAt ?? chat.startedAt
    const ongoing: CallRecord = { ...base, status: 'ongoing', startTime: chat.startedAt, transcript, timestamp: last }
    if (chat.ended === null || chat.doneAt === null) return ongoing
    const first = transcript[0]?.createdAt ?? chat.startedAt
    const agentRows = rows.filter((row) => row.role === 'assistant')
    const latencies = agentRows.map((row) => row.latencyMs).filter((latency): latency is number => latency !== null)
    const avgLatencyMs = latencies.length === 0 ? 0 : Math.round(latencies.reduce((a, b) => a + b, 0) / latencies.length)
    const inputTokens = rows.filter((row) => row.role === 'user').reduce((sum, row) => sum + row.tokens, 0)
    const outputTokens = agentRows.reduce((sum, row) => sum + row.tokens, 0)
    const ended: CallRecord = {
      ...ongoing,
      status: 'analyzing',
      timestamp: chat.ended.at,
      duration: round((last - first) / SECOND_US, 2),
      endedReason: chat.ended.reason,
      callSummary: fill(call.scenario.template.summary, customer.vars),
      textMetrics: { totalTokens: inputTokens + outputTokens, inputTokens, outputTokens, avgLatencyMs },
      turnCount: agentRows.length,
      costCents: 1 + Math.floor(rows.length / 3),
      evals: plan.evals.map((config) => ({ configId: config.id, name: config.name, type: config.type, status: 'pending', value: null, reason: null }))
    }
    if (now < chat.doneAt) return ended
    // How the chat went decides its scores: drawn from what was said, so the same chat scores the same.
    const d = seededDraws([seedWord(this.context.seed), hashString(this.runId), hashString(call.scenario.id), hashString(rows.map((row) => row.messages.join('\n')).join('\n')), SALT.evalDelay])
    const quality = 1 - d.float(0, 1) ** 2
    const score = Math.min(10, Math.max(1, Math.round(1 + 9 * quality + d.float(-0.5, 0.5))))
    const evals: EvalResult[] = plan.evals.map((config) => evalResult(d, config, quality, call.scenario.name))
    return { ...ended, status: 'completed', timestamp: chat.doneAt, evals, overallScore: score, csatScore: score }
  }

  /** The call's status at `now`: what its row shows, without writing the row. */
  statusAt (call: ActivityCall, now: number): CallStatus {
    if (call.patched !== null && now >= call.patched.at) return call.patched.status
    if (call.cancelledAt !== null && now >= call.cancelledAt) {
      const before = ownStatus(call, call.cancelledAt)
      return before === 'pending' || before === 'queued' || before === 'ongoing' ? 'cancelled' : ownStatus(call, now)
    }
    return ownStatus(call, now)
  }

  /** The execution's status at `now`, from its calls (the reference page's rule). */
  statusOf (execution: ActivityExecution, now: number): ExecutionStatus {
    if (execution.cancelledAt !== null && now >= execution.cancelledAt) return 'cancelled'
    const statuses = execution.calls.map((call) => this.statusAt(call, now))
    const started = execution.rerunAt !== null || statuses.some((status) => status !== 'pending' && status !== 'queued')
    if (!started) return 'pending'
    if (statuses.some((status) => status === 'pending' || status === 'queued' || status === 'ongoing')) return 'running'
    const evalsPending = execution.calls.some((call) => call.evalsDoneAt !== null && now < call.evalsDoneAt)
    if (evalsPending || statuses.includes('analyzing')) return 'evaluating'
    return 'completed'
  }

  /** Every row the activity adds to the listing at `now`: its calls and its snapshots. */
  rows (now: number): CallRecord[] {
    const rows: CallRecord[] = []
    for (const call of this.calls()) rows.push(this.viewOf(call, now))
    rows.push(...this.snapshots)
    return rows
  }
}

/** A call's status from how it runs alone, before any cancel or status set by the client. */
function ownStatus (call: ActivityCall, now: number): CallStatus {
  const { mode } = call
  if (mode.kind === 'own') return (call.origin as (now: number) => CallRecord)(now).status ?? 'pending'
  if (mode.kind === 'drawn') {
    if (now < mode.pickupAt) return 'pending'
    if (now < mode.startAt) return 'queued'
    return liveStatusAt(mode.final, mode.times, now) ?? 'pending'
  }
  const { chat } = mode
  if (chat.startedAt === null) return 'pending'
  if (chat.ended === null || chat.doneAt === null) return 'ongoing'
  return now < chat.doneAt ? 'analyzing' : 'completed'
}

function chatOf (call: ActivityCall): ChatState {
  if (call.mode.kind !== 'chat') throw new Error(`call ${call.id} is not a chat`)
  return call.mode.chat
}

function lastAt (chat: ChatState): number {
  return chat.rows.at(-1)?.createdAt ?? chat.startedAt ?? 0
}

/** A drawn call at `now`: pending until picked up, queued until it starts, then as a live run's call. */
function drawnView (call: ActivityCall, mode: Extract<CallMode, { kind: 'drawn' }>, now: number): CallRecord {
  if (now < mode.startAt) {
    const waiting = liveView(mode.final, mode.final.createdAt) ?? mode.final
    const status: CallStatus = now < mode.pickupAt ? 'pending' : 'queued'
    return { ...waiting, status, timestamp: status === 'pending' ? call.resetAt : mode.pickupAt, startTime: null, transcript: [] }
  }
  return liveView(mode.final, now) ?? mode.final
}

/** The record with every instant moved by `deltaUs`. */
function shift (record: CallRecord, deltaUs: number): CallRecord {
  return {
    ...record,
    timestamp: record.timestamp + deltaUs,
    createdAt: record.createdAt + deltaUs,
    startTime: record.startTime === null ? null : record.startTime + deltaUs,
    transcript: record.transcript.map((turn) => ({ ...turn, createdAt: turn.createdAt + deltaUs }))
  }
}
