// Presenters: a CallRecord written as a row of the docs contract or of the platform contract, keys in emitted order.
import { formatMicros } from '../domain/datetime.js'
import type { EvalOutput, EvalOutputs, EvalValue, JsonValue, PendingEval } from '../schemas/common.js'
import type { DocsCallExecution } from '../schemas/docs-row.js'
import type {
  ChatTranscriptItem,
  EvalMetrics,
  PlatformCallExecution,
  PlatformRow,
  PlatformSnapshotRow,
  Recordings,
  StoredEvalOutput,
  VoiceTranscriptItem
} from '../schemas/platform-row.js'
import type { CallRecord, Contract, EvalResult, ScenarioColumn, TranscriptTurn } from './model.js'

export function presentRow (contract: Contract, record: CallRecord): DocsCallExecution | PlatformRow {
  return contract === 'docs' ? presentDocsRow(record) : presentPlatformRow(record)
}

export function presentDocsRow (record: CallRecord): DocsCallExecution {
  const processed = evalsProcessed(record)
  return {
    id: record.id,
    session_id: record.sessionId,
    status: record.status,
    duration: durationOf(record),
    start_time: formatOptional(record.startTime),
    transcript: record.transcript.map((turn) => ({ role: turn.role, content: turn.content })),
    scenario: record.scenario === null ? null : { id: record.scenario.id, name: record.scenario.name },
    // The platform keeps a 1–10 score; the docs promise 0–100.
    overall_score: record.overallScore === null ? null : roundTo(record.overallScore * 10, 2),
    eval_outputs: processed ? evalOutputs(record.evals) : null,
    eval_metrics: processed ? valuesByName(record.evals) : null,
    customer_name: record.customerName,
    call_summary: record.callSummary,
    ended_reason: record.endedReason,
    avg_agent_latency: record.avgAgentLatencyMs === null ? null : roundTo(record.avgAgentLatencyMs / 1000, 3),
    scenario_id: record.scenario?.id ?? null,
    is_snapshot: record.isSnapshot,
    // Only `call_and_eval` reruns keep the earlier attempt as a listed row.
    rerun_type: record.isSnapshot ? 'call_and_eval' : null,
    created_at: formatMicros(record.createdAt)
  }
}

export function presentPlatformRow (record: CallRecord): PlatformRow {
  return record.isSnapshot ? presentSnapshotRow(record) : presentLiveRow(record)
}

/** The eight speech metrics both row kinds carry, in the platform's order; null for text calls. */
function speechFields (speech: CallRecord['voiceMetrics']) {
  return {
    user_interruption_count: speech?.userInterruptionCount ?? null,
    user_interruption_rate: speech?.userInterruptionRate ?? null,
    user_wpm: speech?.userWpm ?? null,
    bot_wpm: speech?.botWpm ?? null,
    talk_ratio: speech?.talkRatio ?? null,
    ai_interruption_count: speech?.aiInterruptionCount ?? null,
    ai_interruption_rate: speech?.aiInterruptionRate ?? null,
    avg_stop_time_after_interruption: speech?.avgStopTimeAfterInterruptionMs ?? null
  }
}

function presentLiveRow (record: CallRecord): PlatformCallExecution {
  const execution = record.testExecution
  const voice = execution.simulationCallType === 'voice'
  const speech = record.voiceMetrics
  const tokens = record.textMetrics
  if (record.status === null) throw new Error(`live call ${record.id} has no status`)
  return {
    id: record.id,
    // The serializer fills this key from `customer_call_id`, not from the column of the same name.
    service_provider_call_id: record.providerCallId,
    session_id: null,
    timestamp: formatMicros(record.timestamp),
    call_type: execution.callDirection,
    status: record.status,
    duration: durationOf(record),
    duration_seconds: voice ? durationOf(record) : null,
    start_time: formatOptional(record.startTime),
    transcript: voice ? record.transcript.map(voiceItem) : chatItems(record),
    scenario: record.scenario?.name ?? null,
    overall_score: record.overallScore,
    response_time: record.responseTimeMs === null ? null : roundTo(record.responseTimeMs / 1000, 3),
    response_time_ms: record.responseTimeMs,
    audio_url: record.audioUrl,
    // The serializer reads `customer_number` into this key: a phone number, not a name.
    customer_name: record.customerNumber,
    eval_outputs: evalOutputs(record.evals),
    eval_metrics: evalMetrics(record.evals),
    scenario_columns: scenarioColumns(record.scenarioColumns),
    ended_reason: record.endedReason,
    // DRF skips a dotted source through a null relation, so these keys vanish instead of being null.
    ...(execution.simulatorAgent === null
      ? {}
      : { simulator_agent_name: execution.simulatorAgent.name, simulator_agent_id: execution.simulatorAgent.id }),
    ...(execution.agentDefinition === null
      ? {}
      : {
          agent_definition_used_name: execution.agentDefinition.name,
          agent_definition_used_id: execution.agentDefinition.id
        }),
    call_summary: record.callSummary,
    recordings: liveRecordings(record.recordings),
    test_execution_id: execution.id,
    scenario_id: record.scenario?.id ?? null,
    scenario_graph: {},
    scenario_graph_id: null,
    avg_agent_latency: record.avgAgentLatencyMs,
    avg_agent_latency_ms: record.avgAgentLatencyMs,
    ...speechFields(speech),
    total_tokens: tokens?.totalTokens ?? null,
    input_tokens: tokens?.inputTokens ?? null,
    output_tokens: tokens?.outputTokens ?? null,
    avg_latency_ms: tokens?.avgLatencyMs ?? null,
    turn_count: record.turnCount,
    agent_talk_percentage: speech === null ? null : roundTo((speech.talkRatio / (speech.talkRatio + 1)) * 100, 1),
    csat_score: record.csatScore,
    processing_skipped: false,
    processing_skip_reason: null,
    // Live rows never show their rerun history, even when the call was rerun.
    is_snapshot: false,
    snapshot_timestamp: null,
    rerun_type: null,
    original_call_execution_id: null,
    tool_outputs: null,
    cost_cents: record.costCents,
    customer_cost_cents: null,
    customer_cost_breakdown: null,
    customer_latency_metrics: null,
    customer_call_id: record.providerCallId,
    simulation_call_type: execution.simulationCallType,
    provider: execution.provider,
    phone_number: execution.phoneNumber
  }
}

/** Snapshot rows are dicts the view builds by hand from the stored copy: other keys, other units, raw values. */
function presentSnapshotRow (record: CallRecord): PlatformSnapshotRow {
  const speech = record.voiceMetrics
  const { scenario, originalCallId } = record
  const agent = record.testExecution.agentDefinition
  if (scenario === null || originalCallId === null) {
    throw new Error(`snapshot ${record.id} needs a scenario and an original call`)
  }
  // The view reads these keys from the parent's row and fails the whole request when they are missing.
  if (agent === null) throw new Error("'agent_definition_used_name'")
  return {
    id: record.id,
    timestamp: formatMicros(record.timestamp),
    call_type: record.providerCallType,
    status: record.status,
    // The stored `duration_seconds`, which only voice calls fill.
    duration: record.testExecution.simulationCallType === 'voice' ? durationOf(record) : null,
    transcript: record.transcript.map((turn) => ({
      speaker_role: turn.role,
      content: turn.content,
      start_time_ms: turn.startMs,
      end_time_ms: turn.endMs,
      confidence_score: turn.confidence
    })),
    scenario: scenario.name,
    overall_score: record.overallScore,
    response_time: record.responseTimeMs,
    audio_url: record.audioUrl,
    customer_name: record.customerNumber,
    eval_outputs: evalsProcessed(record) ? storedEvalOutputs(record.evals) : null,
    eval_metrics: {},
    scenario_columns: scenarioColumns(record.scenarioColumns),
    error_localizer_tasks: [],
    ended_reason: record.endedReason,
    agent_definition_used_name: agent.name,
    agent_definition_used_id: agent.id,
    call_summary: record.callSummary,
    recordings: {
      mono: { combined_url: record.recordings.combined ?? null, customer_url: null, assistant_url: null },
      stereo_url: record.recordings.stereo ?? null
    },
    scenario_id: scenario.id,
    avg_agent_latency: record.avgAgentLatencyMs,
    ...speechFields(speech),
    is_snapshot: true,
    snapshot_timestamp: formatMicros(record.timestamp),
    rerun_type: 'call_and_eval',
    original_call_execution_id: originalCallId
  }
}

/** Voice calls store whole seconds; chat calls measure first to last message, rounded to 2 decimals. */
function durationOf (record: CallRecord): number | null {
  if (record.duration === null) return null
  return record.testExecution.simulationCallType === 'voice' ? Math.round(record.duration) : roundTo(record.duration, 2)
}

function voiceItem (turn: TranscriptTurn): VoiceTranscriptItem {
  return {
    id: turn.id,
    speaker_role: turn.role,
    content: turn.content,
    start_time_ms: turn.startMs,
    start_time_seconds: roundTo(turn.startMs / 1000, 3),
    end_time_ms: turn.endMs,
    // The serializer treats an end of 0 as "not recorded".
    end_time_seconds: turn.endMs === 0 ? null : roundTo(turn.endMs / 1000, 3),
    confidence_score: turn.confidence,
    created_at: formatMicros(turn.createdAt)
  }
}

function chatItems (record: CallRecord): ChatTranscriptItem[] {
  const sessionId = chatSessionId(record)
  return record.transcript.map((turn) => ({
    id: turn.id,
    role: turn.role,
    messages: turn.chat?.messages ?? [turn.content],
    content: turn.chat?.content ?? [{ role: turn.role, content: turn.content }],
    session_id: sessionId,
    tool_calls: [],
    created_at: formatMicros(turn.createdAt)
  }))
}

/** A chat call's messages share one session; a record that names none gets one derived from its id. */
function chatSessionId (record: CallRecord): string {
  return record.sessionId ?? `chat-${record.id.slice(0, 8)}`
}

/** Evals are "not processed" (null) until the call has some results or has completed without any. */
function evalsProcessed (record: CallRecord): boolean {
  return record.evals.length > 0 || record.status === 'completed'
}

function evalValue (result: EvalResult): EvalValue {
  if (result.status !== 'Completed') return null
  // Choice evals are normalised to a list of labels, whatever was stored.
  return result.type === 'choices' && typeof result.value === 'string' ? [result.value] : result.value
}

function evalOutput (result: EvalResult): EvalOutput | PendingEval {
  if (result.status === 'pending') return {}
  return {
    value: evalValue(result),
    reason: result.reason,
    type: result.type,
    name: result.name,
    error: result.status === 'Failed',
    status: result.status,
    skipped: result.status === 'skipped'
  }
}

function evalOutputs (results: readonly EvalResult[]): EvalOutputs {
  return objectOf(results, (result) => result.configId, evalOutput)
}

function evalMetrics (results: readonly EvalResult[]): EvalMetrics {
  return objectOf(results, (result) => result.configId, (result) => {
    const output = evalOutput(result)
    if (!('name' in output)) return output
    const { value, reason, type, name, error, status, skipped } = output
    return {
      id: result.configId,
      name,
      value,
      reason,
      type,
      // Without serializer context the template type is not looked up and the localizer flag stays off.
      template_type: null,
      visible: true,
      error,
      status,
      skipped,
      error_localizer: false
    }
  })
}

/** Snapshots copy the stored results verbatim: the raw value, under the stored key names. */
export function storedEvalOutputs (results: readonly EvalResult[]): Record<string, StoredEvalOutput> {
  return objectOf(results, (result) => result.configId, (result) => ({
    output: result.value,
    reason: result.reason,
    output_type: result.type,
    name: result.name,
    status: result.status
  }))
}

/** The docs contract's `eval_metrics`: the value of every completed eval, by eval name. */
function valuesByName (results: readonly EvalResult[]): Record<string, EvalValue> {
  return objectOf(results.filter((result) => result.status === 'Completed'), (result) => result.name, evalValue)
}

function scenarioColumns (columns: readonly ScenarioColumn[]): PlatformCallExecution['scenario_columns'] {
  return objectOf(columns, (column) => column.name, (column) => ({
    // The model keeps cells as parsed JSON.
    value: column.value as JsonValue,
    visible: true,
    dataset_column_id: column.datasetColumnId,
    dataset_id: column.datasetId,
    column_name: column.name,
    data_type: column.dataType
  }))
}

/** The recordings a call has, in this key order; a missing one is left out rather than null. */
function liveRecordings (recordings: CallRecord['recordings']): Recordings {
  const { combined, stereo, customer, assistant } = recordings
  const present: Recordings = {}
  if (combined !== undefined) present.combined = combined
  if (stereo !== undefined) present.stereo = stereo
  if (customer !== undefined) present.customer = customer
  if (assistant !== undefined) present.assistant = assistant
  return present
}

function formatOptional (epochMicros: number | null): string | null {
  return epochMicros === null ? null : formatMicros(epochMicros)
}

/** `10 ** places` for the places rows are rounded to, looked up rather than computed per number. */
const POWERS_OF_TEN = [1, 10, 100, 1000]

function roundTo (value: number, places: number): number {
  const factor = POWERS_OF_TEN[places] ?? 10 ** places
  return Math.round(value * factor) / factor
}

/**
 * `Object.fromEntries(items.map((item) => [key(item), value(item)]))` without building the pairs, as
 * rows are written by the thousand. Like `fromEntries`, it defines a `__proto__` key as an own property
 * instead of setting the prototype.
 */
function objectOf<T, V> (items: readonly T[], key: (item: T) => string, value: (item: T) => V): Record<string, V> {
  const object: Record<string, V> = {}
  for (const item of items) {
    const name = key(item)
    if (name === '__proto__') Object.defineProperty(object, name, { value: value(item), enumerable: true, writable: true, configurable: true })
    else object[name] = value(item)
  }
  return object
}
