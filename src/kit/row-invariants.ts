// The cross-field rules a served row must follow beyond its schema: key order, status ↔ fields, units and derived values.
//
// Pure functions over one row as the server wrote it. Pass the object parsed from the answer's JSON text
// (after it passed the row schema), not the schema's output: the output's keys follow the schema, and the
// key order is part of what is checked. Each function returns the row's problems, empty when it is sound.
// Sources: platform-contract.md §4 (keys, units, derived fields) and §10 items 14–16.
import type { EvalOutputs } from '../schemas/common.js'
import type { DocsCallExecution } from '../schemas/docs-row.js'
import type { PlatformCallExecution, PlatformRow, PlatformSnapshotRow } from '../schemas/platform-row.js'

/** A live row's keys in the order the serializer emits them (§4.1); the agent pairs may be left out. */
export const LIVE_ROW_KEYS = [
  'id', 'service_provider_call_id', 'session_id', 'timestamp', 'call_type', 'status', 'duration',
  'duration_seconds', 'start_time', 'transcript', 'scenario', 'overall_score', 'response_time',
  'response_time_ms', 'audio_url', 'customer_name', 'eval_outputs', 'eval_metrics', 'scenario_columns',
  'ended_reason', 'simulator_agent_name', 'simulator_agent_id', 'agent_definition_used_name',
  'agent_definition_used_id', 'call_summary', 'recordings', 'test_execution_id', 'scenario_id',
  'scenario_graph', 'scenario_graph_id', 'avg_agent_latency', 'avg_agent_latency_ms',
  'user_interruption_count', 'user_interruption_rate', 'user_wpm', 'bot_wpm', 'talk_ratio',
  'ai_interruption_count', 'ai_interruption_rate', 'avg_stop_time_after_interruption', 'total_tokens',
  'input_tokens', 'output_tokens', 'avg_latency_ms', 'turn_count', 'agent_talk_percentage', 'csat_score',
  'processing_skipped', 'processing_skip_reason', 'is_snapshot', 'snapshot_timestamp', 'rerun_type',
  'original_call_execution_id', 'tool_outputs', 'cost_cents', 'customer_cost_cents',
  'customer_cost_breakdown', 'customer_latency_metrics', 'customer_call_id', 'simulation_call_type',
  'provider', 'phone_number'
] as const

/** A snapshot row's 34 keys, in the order the view writes its dict (§4.2). */
export const SNAPSHOT_ROW_KEYS = [
  'id', 'timestamp', 'call_type', 'status', 'duration', 'transcript', 'scenario', 'overall_score',
  'response_time', 'audio_url', 'customer_name', 'eval_outputs', 'eval_metrics', 'scenario_columns',
  'error_localizer_tasks', 'ended_reason', 'agent_definition_used_name', 'agent_definition_used_id',
  'call_summary', 'recordings', 'scenario_id', 'avg_agent_latency', 'user_interruption_count',
  'user_interruption_rate', 'user_wpm', 'bot_wpm', 'talk_ratio', 'ai_interruption_count',
  'ai_interruption_rate', 'avg_stop_time_after_interruption', 'is_snapshot', 'snapshot_timestamp',
  'rerun_type', 'original_call_execution_id'
] as const

/** The 18 fields of the public API reference, in its order. */
export const DOCS_ROW_KEYS = [
  'id', 'session_id', 'status', 'duration', 'start_time', 'transcript', 'scenario', 'overall_score',
  'eval_outputs', 'eval_metrics', 'customer_name', 'call_summary', 'ended_reason', 'avg_agent_latency',
  'scenario_id', 'is_snapshot', 'rerun_type', 'created_at'
] as const

/** DRF leaves these pairs out together when the related object is missing (§4.1). */
const OPTIONAL_PAIRS = [
  ['simulator_agent_name', 'simulator_agent_id'],
  ['agent_definition_used_name', 'agent_definition_used_id']
] as const

type Status = PlatformCallExecution['status']

/** Calls that have not started: nothing about the conversation exists yet. */
const NOT_STARTED: ReadonlySet<Status> = new Set(['pending', 'queued'])
/** Calls whose conversation is over: evals may still be running (`analyzing`). */
const FINISHED: ReadonlySet<Status> = new Set(['completed', 'analyzing'])
/** Calls that ended without finishing: they say why. */
const ENDED_EARLY: ReadonlySet<Status> = new Set(['failed', 'cancelled'])

/** Collects problems; `expect(ok, problem)` reads as the rule it checks. */
function collector (): { problems: string[]; expect: (ok: boolean, problem: string) => void } {
  const problems: string[] = []
  return { problems, expect: (ok, problem) => { if (!ok) problems.push(problem) } }
}

function keyOrderProblem (row: object, expected: readonly string[]): string | null {
  const actual = Object.keys(row)
  const wanted = expected.filter((key) => key in row)
  if (actual.length === wanted.length && actual.every((key, index) => key === wanted[index])) return null
  const unknown = actual.filter((key) => !expected.includes(key))
  if (unknown.length > 0) return `unexpected keys: ${unknown.join(', ')}`
  const at = actual.findIndex((key, index) => key !== wanted[index])
  return `keys out of order: "${actual[at] ?? ''}" is key ${at + 1}, expected "${wanted[at] ?? ''}"`
}

function epochMs (iso: string): number {
  return Date.parse(iso)
}

/** Within half a unit of the last decimal place kept, so Python's and JavaScript's rounding both pass. */
function roundedTo (value: number, exact: number, places: number): boolean {
  const unit = 10 ** -places
  return Math.abs(value - exact) <= unit / 2 + 1e-9 && Math.abs(Math.round(value / unit) * unit - value) < 1e-9
}

function sameJson (a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Rules every eval entry follows: the error and skipped flags restate the status. */
function evalOutputProblems (outputs: EvalOutputs, expect: (ok: boolean, problem: string) => void): void {
  for (const [id, output] of Object.entries(outputs)) {
    if (!('status' in output)) continue
    expect(output.error === (output.status === 'Failed'), `eval_outputs.${id}: error is ${output.error} with status ${output.status}`)
    expect(output.skipped === (output.status === 'skipped'), `eval_outputs.${id}: skipped is ${output.skipped} with status ${output.status}`)
  }
}

/**
 * The status rules shared by every row kind, over the fields each kind has. `started` is undefined
 * for snapshot rows, which carry no start time.
 */
function statusProblems (
  fields: {
    status: Status | null
    started: boolean | undefined
    duration: number | null
    transcriptLength: number
    endedReason: string | null
    score: number | null
    /** Whether a finished call may lack a score (the platform skipped processing it). */
    scoreOptional: boolean
    /** Snapshots keep the stored `duration_seconds`, which chat calls never fill. */
    durationOptional: boolean
  },
  expect: (ok: boolean, problem: string) => void
): void {
  const { status, started, duration, transcriptLength, endedReason, score } = fields
  if (status === null) return
  if (NOT_STARTED.has(status)) {
    expect(started !== true, `a ${status} call has no start_time`)
    expect(duration === null, `a ${status} call has no duration`)
    expect(transcriptLength === 0, `a ${status} call has no transcript`)
    expect(endedReason === null, `a ${status} call has no ended_reason`)
  }
  if (status === 'ongoing') {
    expect(started !== false, 'an ongoing call has a start_time')
    expect(duration === null, 'an ongoing call has no duration yet')
    expect(endedReason === null, 'an ongoing call has no ended_reason yet')
  }
  // A finished call may have no transcript: a call that connected and heard only silence (the
  // bundled edge-case fixture has one), which then has nothing to score either.
  if (FINISHED.has(status)) {
    expect(started !== false, `a ${status} call has a start_time`)
    expect(duration !== null || fields.durationOptional, `a ${status} call has a duration`)
    expect(endedReason !== null, `a ${status} call has an ended_reason`)
  }
  if (ENDED_EARLY.has(status)) expect(endedReason !== null, `a ${status} call says why it ended (ended_reason)`)
  if (status === 'completed') {
    expect(score !== null || transcriptLength === 0 || fields.scoreOptional, 'a completed call with a transcript is scored (overall_score)')
  } else {
    expect(score === null, `only completed calls are scored, this ${status} one has overall_score ${String(score)}`)
  }
}

function liveRowProblems (row: PlatformCallExecution): string[] {
  const { problems, expect } = collector()
  const order = keyOrderProblem(row, LIVE_ROW_KEYS)
  if (order !== null) problems.push(order)
  for (const [name, id] of OPTIONAL_PAIRS) {
    expect((name in row) === (id in row), `${name} and ${id} are both present or both left out`)
  }
  const voice = row.simulation_call_type === 'voice'
  statusProblems({
    status: row.status,
    started: row.start_time !== null,
    duration: row.duration,
    transcriptLength: row.transcript.length,
    endedReason: row.ended_reason,
    score: row.overall_score,
    scoreOptional: row.processing_skipped,
    durationOptional: false
  }, expect)
  if (row.status !== 'completed') expect(row.csat_score === null, `only completed calls are scored, this ${row.status} one has csat_score ${String(row.csat_score)}`)

  // Units (§4.1): voice durations are whole seconds, chat durations two decimals.
  if (voice) {
    expect(row.duration === null || Number.isInteger(row.duration), `a voice call's duration is whole seconds, not ${String(row.duration)}`)
    expect(row.duration_seconds === row.duration, `a voice call's duration_seconds (${String(row.duration_seconds)}) equals duration (${String(row.duration)})`)
  } else {
    expect(row.duration === null || roundedTo(row.duration, row.duration, 2), `a chat call's duration has two decimals, not ${String(row.duration)}`)
    expect(row.duration_seconds === null, 'a chat call has no duration_seconds')
    expect(row.audio_url === null && Object.keys(row.recordings).length === 0, 'a chat call has no recordings')
  }
  expect(row.avg_agent_latency === row.avg_agent_latency_ms, `avg_agent_latency (${String(row.avg_agent_latency)}) is avg_agent_latency_ms (${String(row.avg_agent_latency_ms)}), in milliseconds`)
  expect((row.response_time === null) === (row.response_time_ms === null), 'response_time and response_time_ms are null together')
  if (row.response_time !== null && row.response_time_ms !== null) {
    expect(roundedTo(row.response_time, row.response_time_ms / 1000, 3), `response_time (${row.response_time}) is response_time_ms / 1000 to 3 decimals`)
  }
  if (row.talk_ratio === null) {
    expect(row.agent_talk_percentage === null, 'agent_talk_percentage is null without a talk_ratio')
  } else {
    const exact = (row.talk_ratio / (row.talk_ratio + 1)) * 100
    expect(row.agent_talk_percentage !== null && roundedTo(row.agent_talk_percentage, exact, 1),
      `agent_talk_percentage (${String(row.agent_talk_percentage)}) is talk_ratio / (talk_ratio + 1) * 100 to 1 decimal`)
  }
  expect(row.customer_call_id === row.service_provider_call_id, 'service_provider_call_id repeats customer_call_id')
  expect((row.scenario === null) === (row.scenario_id === null), 'scenario and scenario_id are null together')

  // Transcript items have the call type's shape and come in conversation order.
  const items = row.transcript
  expect(items.every((item) => ('speaker_role' in item) === voice), `transcript items have the ${voice ? 'voice' : 'chat'} shape`)
  for (let index = 1; index < items.length; index++) {
    const before = items[index - 1]
    const item = items[index]
    if (before === undefined || item === undefined) continue
    const ordered = 'speaker_role' in item && 'speaker_role' in before
      ? before.start_time_ms <= item.start_time_ms
      : epochMs(before.created_at) <= epochMs(item.created_at)
    expect(ordered, `transcript item ${index} comes before item ${index - 1}`)
  }
  for (const [index, item] of items.entries()) {
    if (!('speaker_role' in item)) continue
    expect((item.end_time_seconds === null) === (item.end_time_ms === 0), `transcript item ${index}: end_time_seconds is null exactly when end_time_ms is 0`)
  }

  // Both eval maps describe the same evals, in the same order.
  const outputIds = Object.keys(row.eval_outputs)
  expect(sameJson(outputIds, Object.keys(row.eval_metrics)), 'eval_outputs and eval_metrics have the same eval ids in the same order')
  evalOutputProblems(row.eval_outputs, expect)
  for (const id of outputIds) {
    const output = row.eval_outputs[id]
    const metric = row.eval_metrics[id]
    if (output === undefined || metric === undefined) continue
    if (!('status' in output) || !('status' in metric)) {
      expect(!('status' in output) && !('status' in metric), `eval ${id}: a pending eval is {} in both maps`)
      continue
    }
    expect(metric.id === id, `eval_metrics.${id}.id is its key`)
    const { value, reason, type, name, error, status, skipped } = output
    expect(sameJson({ value, reason, type, name, error, status, skipped },
      { value: metric.value, reason: metric.reason, type: metric.type, name: metric.name, error: metric.error, status: metric.status, skipped: metric.skipped }),
    `eval ${id}: eval_metrics repeats eval_outputs`)
  }
  for (const [key, cell] of Object.entries(row.scenario_columns)) {
    expect(cell.column_name === key, `scenario_columns["${key}"].column_name is its key`)
  }

  // `timestamp` is the last update, so it follows the start and, once ended, the end of the call.
  if (row.start_time !== null) {
    const start = epochMs(row.start_time)
    expect(epochMs(row.timestamp) >= start, 'timestamp (last update) is not before start_time')
    if (row.duration !== null) {
      expect(epochMs(row.timestamp) >= start + (row.duration - 1) * 1000, 'timestamp (last update) is not before the call ended (start_time + duration)')
    }
  }
  return problems
}

function snapshotRowProblems (row: PlatformSnapshotRow): string[] {
  const { problems, expect } = collector()
  const order = keyOrderProblem(row, SNAPSHOT_ROW_KEYS)
  if (order !== null) problems.push(order)
  expect(row.snapshot_timestamp === row.timestamp, 'a snapshot\'s timestamp is its snapshot_timestamp')
  expect(row.rerun_type === 'call_and_eval', 'only call_and_eval reruns are listed')
  expect(row.original_call_execution_id !== row.id, 'a snapshot has its own id, not its call\'s')
  statusProblems({
    status: row.status,
    started: undefined,
    duration: row.duration,
    transcriptLength: row.transcript.length,
    endedReason: row.ended_reason,
    score: row.overall_score,
    scoreOptional: true,
    durationOptional: true
  }, expect)
  for (let index = 1; index < row.transcript.length; index++) {
    const before = row.transcript[index - 1]
    const item = row.transcript[index]
    if (before !== undefined && item !== undefined) {
      expect(before.start_time_ms <= item.start_time_ms, `transcript item ${index} comes before item ${index - 1}`)
    }
  }
  for (const [key, cell] of Object.entries(row.scenario_columns)) {
    expect(cell.column_name === key, `scenario_columns["${key}"].column_name is its key`)
  }
  return problems
}

/** The problems of one row of the platform contract (live or snapshot); empty when it is sound. */
export function platformRowProblems (row: PlatformRow): string[] {
  return row.is_snapshot ? snapshotRowProblems(row) : liveRowProblems(row)
}

/** The problems of one row of the documented contract; empty when it is sound. */
export function docsRowProblems (row: DocsCallExecution): string[] {
  const { problems, expect } = collector()
  const order = keyOrderProblem(row, DOCS_ROW_KEYS)
  if (order !== null) problems.push(order)
  statusProblems({
    status: row.status,
    started: row.start_time !== null,
    duration: row.duration,
    transcriptLength: row.transcript.length,
    endedReason: row.ended_reason,
    score: row.overall_score,
    scoreOptional: row.is_snapshot,
    durationOptional: false
  }, expect)
  expect((row.rerun_type === 'call_and_eval') === row.is_snapshot, 'rerun_type is call_and_eval exactly on snapshot rows')
  expect(row.scenario_id === (row.scenario?.id ?? null), 'scenario_id is the scenario\'s id')
  expect((row.eval_outputs === null) === (row.eval_metrics === null), 'eval_outputs and eval_metrics are null together')
  if (row.eval_outputs !== null) {
    evalOutputProblems(row.eval_outputs, expect)
    const names = new Set(Object.values(row.eval_outputs).flatMap((output) => ('name' in output ? [output.name] : [])))
    for (const name of Object.keys(row.eval_metrics ?? {})) {
      expect(names.has(name), `eval_metrics names an eval of eval_outputs ("${name}")`)
    }
  }
  if (row.start_time !== null) {
    expect(epochMs(row.created_at) <= epochMs(row.start_time), 'created_at is not after start_time')
  }
  return problems
}
