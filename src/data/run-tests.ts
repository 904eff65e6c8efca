// The run test around a run's calls: its identity, its test executions and their progress, as every read endpoint shows them.
//
// A run test is what the platform's `RunTest` row is: a name, a description, an agent (definition and
// version) or a prompt, scenarios and eval configs; each time it runs, a test execution (`TestExecution`)
// holds that run's calls. The counts the platform gets from SQL (`COUNT(*) … GROUP BY status`) are
// columns each run's model keeps, computed once (and again only when the run changes), never a scan
// per request; a test execution's status follows its calls' statuses at the session's clock.
import type { CallRecord, CallStatus, EvalConfig, RunInfo, ScenarioRef, SimulationCallType, TestExecutionRef } from './model.js'
import { CALL_STATUSES } from './model.js'

/** What a run test simulates against: an agent definition (voice or chat), or a prompt (chat only). */
export const SOURCE_TYPES = ['agent_definition', 'prompt'] as const
export type SourceType = (typeof SOURCE_TYPES)[number]

/** The platform's `TestExecution.ExecutionStatus`. */
export const EXECUTION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'cancelling', 'evaluating'] as const
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number]

export interface AgentVersionRef {
  id: string
  /** The version's name, e.g. `v3`. */
  name: string
  versionNumber: number
  /** Epoch microseconds. */
  createdAt: number
}

/** A run test's own fields: what `GET /simulate/run-tests/{id}/` shows besides its executions. */
export interface RunTestIdentity {
  id: string
  /** Unique among the run tests a session sees. */
  name: string
  description: string | null
  /** Epoch microseconds. */
  createdAt: number
  updatedAt: number
  /** Voice or text: the agent definition's `agent_type` (always text for a prompt). */
  simulationType: SimulationCallType
  sourceType: SourceType
  /** The agent under test; null for a prompt-based run test. */
  agentDefinition: { id: string; name: string } | null
  /** The agent's latest version (what the platform shows when a run test binds none); null without an agent. */
  agentVersion: AgentVersionRef | null
  /** The prompt a prompt-based run test simulates; null otherwise. */
  promptTemplate: { id: string; name: string } | null
  /** Every scenario the run test holds, those without calls included, in the order it lists them. */
  scenarios: readonly ScenarioRef[]
  /** The eval configs its calls' `eval_outputs` are keyed by. */
  evalConfigs: readonly EvalConfig[]
  /** The voice provider of the agent (`vapi`, `retell`, …); null for chat. */
  provider: string | null
}

/** A test execution's calls, counted: the platform's aggregate queries, kept as columns. */
export interface ExecutionCounts {
  /** Live calls (snapshot rows are not calls of the execution) by status. */
  byStatus: Record<CallStatus, number>
  /** Live calls. */
  total: number
  /** Snapshot rows taken from its calls by `call_and_eval` reruns. */
  snapshots: number
  /** Live calls that lasted more than 0 s (`duration_seconds > 0`). */
  connected: number
  /** Sum and number of the live calls' `response_time_ms` values that are not null. */
  responseTimeMsSum: number
  responseTimeMsCount: number
  /** Messages of the simulated customer in chat calls (the platform's `ChatMessage` rows of role `user`). */
  customerMessages: number
  /**
   * True when `connected`, the response times and `customerMessages` come from a sample of the calls
   * scaled to all of them (runs of more than `EXACT_AGGREGATE_ROWS` live calls): every status count
   * is exact regardless.
   */
  estimated: boolean
}

/** One test execution as it stands at an instant of the session's clock. */
export interface ExecutionView {
  id: string
  /** The agent, simulator and line its calls ran with (what its rows show). */
  ref: TestExecutionRef
  agentVersion: AgentVersionRef | null
  /** Epoch microseconds; executions are listed newest `createdAt` first. */
  createdAt: number
  startedAt: number
  /** When its last call reached a final state; null until then (and for a cancelled one, when it was cancelled). */
  completedAt: number | null
  status: ExecutionStatus
  /** The scenarios it ran (all of the run test's when it started). */
  scenarioIds: readonly string[]
  errorReason: string | null
  counts: ExecutionCounts
  /** Whole seconds from its start to its completion; 0 while it runs. */
  durationSeconds: number
}

/** The calls of one execution a page shows, most recently updated first. */
export interface ExecutionCallsQuery {
  /** Trimmed; empty means no search. Matched, case-insensitively, in the scenario name and the agent's phone number. */
  search: string
  offset: number
  limit: number
}

/** What each run source knows of its run test; every read endpoint asks it, none recomputes. */
export interface RunTestModel {
  readonly identity: RunTestIdentity
  /** The test executions that exist at `now`, newest `createdAt` first. */
  executions (now: number): readonly ExecutionView[]
  /** One execution's live calls matching `query`, most recently updated first; null for an execution the run does not have. */
  executionCalls (executionId: string, query: ExecutionCallsQuery, now: number): { count: number; rows: readonly CallRecord[] } | null
  /**
   * The rows (as the run's source names them, see `RunSource.rowOf`) of all the execution's live calls
   * the query's search keeps, in `executionCalls` order, without reading a call; where a model cannot
   * say them cheaply it has none, and a reader walks `executionCalls` instead.
   */
  executionRows? (executionId: string, query: Pick<ExecutionCallsQuery, 'search'>, now: number): ArrayLike<number> | null
  /** The call or snapshot row of that id as it stands at `now`; null when the run has none. */
  findCall (callId: string, now: number): CallRecord | null
  /** The snapshot rows kept of the live call `callId`, newest first. */
  snapshotsOf (callId: string, now: number): readonly CallRecord[]
}

/** Above this many live calls, the aggregates that need each call's contents are estimated from a sample. */
export const EXACT_AGGREGATE_ROWS = 5000

/** Calls of an execution generated for the estimate (the first ones in listing order). */
export const AGGREGATE_SAMPLE = 400

export function emptyCounts (): ExecutionCounts {
  const byStatus = Object.fromEntries(CALL_STATUSES.map((status) => [status, 0])) as Record<CallStatus, number>
  return { byStatus, total: 0, snapshots: 0, connected: 0, responseTimeMsSum: 0, responseTimeMsCount: 0, customerMessages: 0, estimated: false }
}

/** Adds what a live call contributes to the aggregates that need its contents (status counts are kept apart). */
export function addContents (counts: ExecutionCounts, record: CallRecord): void {
  if (record.duration !== null && record.duration > 0) counts.connected++
  if (record.responseTimeMs !== null) {
    counts.responseTimeMsSum += record.responseTimeMs
    counts.responseTimeMsCount++
  }
  if (record.testExecution.simulationCallType === 'text') {
    for (const turn of record.transcript) if (turn.role === 'user') counts.customerMessages++
  }
}

/** Adds a row (live call or snapshot) to the counts, contents included. */
export function addRecord (counts: ExecutionCounts, record: CallRecord): void {
  if (record.isSnapshot) {
    counts.snapshots++
    return
  }
  counts.total++
  if (record.status !== null) counts.byStatus[record.status]++
  addContents(counts, record)
}

/**
 * A test execution's status from its calls': `pending` until a call starts; `running` while any call is
 * pending, queued or ongoing; `evaluating` once every call has ended but some are being analysed;
 * `completed` when all are final. A cancel makes it `cancelled` whatever its calls say.
 */
export function executionStatus (counts: ExecutionCounts, cancelled: boolean): ExecutionStatus {
  if (cancelled) return 'cancelled'
  const { pending, queued, ongoing, analyzing } = counts.byStatus
  const waiting = pending + queued
  if (counts.total === 0 || waiting === counts.total) return 'pending'
  if (waiting + ongoing > 0) return 'running'
  if (analyzing > 0) return 'evaluating'
  return 'completed'
}

/** Whether a status is one an execution stays in. */
export function isFinalExecutionStatus (status: ExecutionStatus): boolean {
  return status === 'completed' || status === 'cancelled' || status === 'failed'
}

/** Whole seconds between two instants in microseconds, as Python's `int(delta.total_seconds())`. */
export function wholeSeconds (fromUs: number, toUs: number): number {
  return Math.trunc((toUs - fromUs) / 1_000_000)
}

/** Scales a sampled aggregate to all `total` calls, keeping the sample's exact figures when it holds them all. */
export function scaleSample (sample: ExecutionCounts, sampled: number, total: number): Pick<ExecutionCounts, 'connected' | 'responseTimeMsSum' | 'responseTimeMsCount' | 'customerMessages' | 'estimated'> {
  if (sampled >= total || sampled === 0) {
    return { connected: sample.connected, responseTimeMsSum: sample.responseTimeMsSum, responseTimeMsCount: sample.responseTimeMsCount, customerMessages: sample.customerMessages, estimated: false }
  }
  const factor = total / sampled
  return {
    connected: Math.min(total, Math.round(sample.connected * factor)),
    responseTimeMsSum: sample.responseTimeMsSum * factor,
    responseTimeMsCount: Math.round(sample.responseTimeMsCount * factor),
    customerMessages: Math.round(sample.customerMessages * factor),
    estimated: true
  }
}

/** Case-insensitive substring match, as the platform's `(?i)` regex over an escaped term. */
export function containsFolded (haystack: string | null, needle: string): boolean {
  return haystack !== null && haystack.toLowerCase().includes(needle.toLowerCase())
}

/** What the control plane shows of a run test's own fields. */
export function identityInfo (identity: RunTestIdentity): Pick<RunInfo, 'name' | 'description' | 'simulationType'> {
  return { name: identity.name, description: identity.description, simulationType: identity.simulationType }
}
