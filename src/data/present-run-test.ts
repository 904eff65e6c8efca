// Presenters of the read endpoints around the listing: a run test, its status, its executions and a call with its reruns, keys in the platform's order.
//
// Floats the platform computes in Python are written through `pyFloat` (so `80.0` stays `80.0`); write
// these objects with `pythonJson`. Every figure comes from the run test model (run-tests.ts): nothing
// here counts calls.
import { formatMicros } from '../domain/datetime.js'
import { pyFloat, pythonRound } from '../domain/python-float.js'
import { hashString, uuidAt } from './hash.js'
import type { CallRecord, Contract } from './model.js'
import { presentRow } from './present.js'
import type { ExecutionView, RunTestIdentity } from './run-tests.js'

/** The organisation every run test of the mock belongs to. */
export const ORGANIZATION_ID = uuidAt(hashString('futureagi-mock organization'), 0, 1)

/** The workspace of the mock's agent definitions. */
const WORKSPACE_ID = uuidAt(hashString('futureagi-mock workspace'), 0, 1)

const SOURCE_TYPE_DISPLAY = { agent_definition: 'Agent Definition', prompt: 'Prompt' } as const

function optionalMicros (value: number | null): string | null {
  return value === null ? null : formatMicros(value)
}

/** `AgentDefinitionResponseSerializer`'s keys, filled with what the mock knows of the agent. */
function agentDefinitionDetail (identity: RunTestIdentity) {
  const agent = identity.agentDefinition
  if (agent === null) return null
  const created = identity.agentVersion?.createdAt ?? identity.createdAt
  return {
    id: agent.id,
    agent_name: agent.name,
    agent_type: identity.simulationType,
    contact_number: null,
    inbound: true,
    target_speaks_first: false,
    description: '',
    assistant_id: null,
    provider: identity.provider,
    language: 'en',
    languages: ['en'],
    authentication_method: 'api_key',
    websocket_url: null,
    websocket_headers: {},
    workspace: WORKSPACE_ID,
    knowledge_base: null,
    organization: ORGANIZATION_ID,
    api_key: null,
    observability_provider: null,
    created_at: formatMicros(created),
    updated_at: formatMicros(created),
    model: null,
    model_details: {},
    livekit_url: null,
    livekit_api_key: null,
    livekit_agent_name: null,
    livekit_config_json: null,
    livekit_max_concurrency: null
  }
}

/** `ScenarioResponseSerializer`'s keys for a scenario the mock knows by id and name. */
function scenarioDetail (identity: RunTestIdentity, scenario: { id: string; name: string }) {
  return {
    id: scenario.id,
    name: scenario.name,
    description: '',
    source: '',
    scenario_type: 'dataset',
    scenario_type_display: 'Dataset',
    source_type: identity.sourceType === 'prompt' ? 'prompt' : 'agent_definition',
    source_type_display: SOURCE_TYPE_DISPLAY[identity.sourceType],
    organization: ORGANIZATION_ID,
    dataset: null,
    dataset_rows: 0,
    dataset_column_config: [],
    graph: null,
    agent: identity.agentDefinition?.id ?? null,
    prompt_template: identity.promptTemplate?.id ?? null,
    prompt_template_detail: null,
    prompt_version: null,
    prompt_version_detail: null,
    created_at: formatMicros(identity.createdAt),
    updated_at: formatMicros(identity.createdAt),
    deleted: false,
    status: 'Completed',
    deleted_at: null,
    agent_type: identity.simulationType
  }
}

/** `SimulateEvalConfigSimpleSerializer`'s keys. */
function evalConfigDetail (config: { id: string; name: string }) {
  return {
    id: config.id,
    name: config.name,
    config: {},
    mapping: {},
    filters: [],
    error_localizer: false,
    model: null,
    status: 'active',
    eval_group: null,
    template_id: uuidAt(hashString(config.id), 0, 1)
  }
}

/**
 * `RunTestSerializer` (`simulate/serializers/run_test.py`): `agent_version` becomes the latest version
 * as an object when the run test binds none, and `evals` is appended last. `lastRunAt` is filled by the
 * list view only (its `Max(executions__created_at)` annotation): null on the detail.
 */
export function presentRunTest (identity: RunTestIdentity, lastRunAt: number | null) {
  const version = identity.agentVersion
  const evals = identity.evalConfigs.map(evalConfigDetail)
  return {
    id: identity.id,
    name: identity.name,
    description: identity.description,
    agent_definition: identity.agentDefinition?.id ?? null,
    agent_version: version === null
      ? null
      : {
          id: version.id,
          name: version.name,
          configuration_snapshot: { agent_name: identity.agentDefinition?.name ?? null, agent_type: identity.simulationType }
        },
    agent_definition_detail: agentDefinitionDetail(identity),
    source_type: identity.sourceType,
    source_type_display: SOURCE_TYPE_DISPLAY[identity.sourceType],
    prompt_template: identity.promptTemplate?.id ?? null,
    prompt_template_detail: identity.promptTemplate === null
      ? null
      : { id: identity.promptTemplate.id, name: identity.promptTemplate.name, description: null, variable_names: [] },
    prompt_version: null,
    prompt_version_detail: null,
    scenarios: identity.scenarios.map((scenario) => scenario.id),
    scenarios_detail: identity.scenarios.map((scenario) => scenarioDetail(identity, scenario)),
    dataset_row_ids: [],
    simulator_agent: null,
    simulator_agent_detail: null,
    simulate_eval_configs: identity.evalConfigs.map((config) => config.id),
    simulate_eval_configs_detail: evals,
    evals_detail: evals,
    organization: ORGANIZATION_ID,
    enable_tool_evaluation: false,
    created_at: formatMicros(identity.createdAt),
    updated_at: formatMicros(identity.updatedAt),
    last_run_at: optionalMicros(lastRunAt),
    deleted: false,
    deleted_at: null,
    evals
  }
}

/** `get-id-by-name`'s result, inside the success envelope. */
export function presentRunTestName (identity: RunTestIdentity) {
  return { status: true, result: { run_test_id: identity.id, run_test_name: identity.name } }
}

/**
 * `TestExecutor.get_test_status` for the newest execution, or its `not_found` answer when the run test
 * has never run. `success_rate` is unrounded, an int 0 when there is no call.
 */
export function presentStatus (runTestId: string, newest: ExecutionView | undefined) {
  if (newest === undefined) return { run_test_id: runTestId, status: 'not_found', error: 'Test execution not found in database' }
  const { counts } = newest
  const completed = counts.byStatus.completed + counts.byStatus.analyzing
  const failed = counts.byStatus.failed
  return {
    run_test_id: runTestId,
    execution_id: newest.id,
    status: newest.status,
    total_scenarios: newest.scenarioIds.length,
    total_calls: counts.total,
    completed_calls: completed,
    failed_calls: failed,
    success_rate: counts.total > 0 ? pyFloat((completed / counts.total) * 100) : 0,
    start_time: formatMicros(newest.startedAt),
    end_time: optionalMicros(newest.completedAt),
    message: `Test execution ${newest.status} with ${completed} successful and ${failed} failed calls`
  }
}

/** Python's `datetime.isoformat()` of an aware UTC datetime: `+00:00`, not DRF's `Z`. */
function isoformat (micros: number): string {
  return `${formatMicros(micros).slice(0, -1)}+00:00`
}

function titleCase (status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1)
}

/** One row of `RunTestExecutionsView` (`simulate/views/run_test.py`), built by hand in the view. */
export function presentExecutionRow (identity: RunTestIdentity, view: ExecutionView) {
  const { counts } = view
  const total = counts.total
  const attempted = total - counts.byStatus.pending - counts.byStatus.queued
  const successRate = total > 0 ? pythonRound((counts.byStatus.completed / total) * 100, 1) : 0
  const avgResponse = counts.responseTimeMsCount > 0 ? counts.responseTimeMsSum / counts.responseTimeMsCount / 1000 : 0
  const prompt = identity.sourceType === 'prompt'
  const names = new Map(identity.scenarios.map((scenario) => [scenario.id, scenario.name]))
  const scenarioNames = view.scenarioIds.flatMap((id) => (names.has(id) ? [names.get(id) as string] : []))
  return {
    id: view.id,
    status: titleCase(view.status),
    scenarios: scenarioNames.length > 0 ? scenarioNames.join(', ') : 'No scenarios',
    start_time: isoformat(view.startedAt),
    duration: view.durationSeconds,
    error_reason: view.errorReason,
    success_rate: pyFloat(pythonRound(successRate, 2)),
    avg_response_time: pyFloat(pythonRound(avgResponse, 3)),
    calls: total,
    calls_attempted: attempted,
    connected_calls: counts.connected,
    agent_version: prompt ? 'N/A' : view.agentVersion?.name ?? 'N/A',
    agent_definition: prompt ? identity.promptTemplate?.name ?? 'Prompt Simulation' : identity.agentDefinition?.name ?? 'N/A',
    calls_connected_percentage: pyFloat(attempted > 0 ? pythonRound((counts.connected / attempted) * 100, 2) : 0),
    total_chats: prompt || identity.simulationType === 'text' ? total : 0,
    agent_type: prompt ? 'TEXT' : identity.simulationType,
    total_number_of_fagi_agent_turns: counts.customerMessages,
    source_type: identity.sourceType
  }
}

/** `CallExecutionSnapshotSerializer`'s keys: a snapshot as `rerun_snapshots` nests it. */
export function presentSnapshot (snapshot: CallRecord, parent: CallRecord) {
  const durationUs = snapshot.duration === null ? null : Math.round(snapshot.duration * 1_000_000)
  const ended = snapshot.startTime === null || durationUs === null ? null : snapshot.startTime + durationUs
  const speech = snapshot.voiceMetrics
  return {
    id: snapshot.id,
    snapshot_timestamp: formatMicros(snapshot.timestamp),
    rerun_type: 'call_and_eval',
    service_provider_call_id: parent.providerCallId,
    status: snapshot.status,
    started_at: optionalMicros(snapshot.startTime),
    completed_at: optionalMicros(ended),
    ended_at: optionalMicros(ended),
    duration_seconds: snapshot.duration === null ? null : Math.round(snapshot.duration),
    recording_url: snapshot.recordings.combined ?? null,
    stereo_recording_url: snapshot.recordings.stereo ?? null,
    cost_cents: snapshot.costCents,
    stt_cost_cents: null,
    llm_cost_cents: null,
    tts_cost_cents: null,
    call_summary: snapshot.callSummary,
    ended_reason: snapshot.endedReason,
    overall_score: snapshot.overallScore,
    response_time_ms: snapshot.responseTimeMs,
    assistant_id: null,
    customer_number: snapshot.customerNumber,
    call_type: snapshot.providerCallType,
    message_count: snapshot.transcript.length,
    transcript_available: snapshot.transcript.length > 0,
    recording_available: snapshot.recordings.combined !== undefined,
    eval_outputs: Object.fromEntries(snapshot.evals.map((result) => [result.configId, {
      output: result.value,
      reason: result.reason,
      output_type: result.type,
      name: result.name,
      status: result.status
    }])),
    transcripts: snapshot.transcript.map((turn) => ({
      speaker_role: turn.role,
      content: turn.content,
      start_time_ms: turn.startMs,
      end_time_ms: turn.endMs,
      confidence_score: turn.confidence
    })),
    analysis_data: null,
    evaluation_data: null,
    provider_call_data: null,
    avg_agent_latency_ms: snapshot.avgAgentLatencyMs,
    user_interruption_count: speech?.userInterruptionCount ?? null,
    user_interruption_rate: speech?.userInterruptionRate ?? null,
    user_wpm: speech?.userWpm ?? null,
    bot_wpm: speech?.botWpm ?? null,
    talk_ratio: speech?.talkRatio ?? null,
    ai_interruption_count: speech?.aiInterruptionCount ?? null,
    ai_interruption_rate: speech?.aiInterruptionRate ?? null,
    avg_stop_time_after_interruption_ms: speech?.avgStopTimeAfterInterruptionMs ?? null,
    conversation_metrics_data: null
  }
}

/**
 * A live call as `CallExecutionDetailSerializer` writes it: the served contract's row with
 * `rerun_snapshots` added (before `is_snapshot` in the platform's key order, last in the docs contract's).
 * In the list mode of a test execution's page the transcript and recordings are left out.
 */
export function presentCallDetail (contract: Contract, record: CallRecord, snapshots: readonly CallRecord[], listMode: boolean) {
  const row = presentRow(contract, record) as unknown as Record<string, unknown>
  const reruns = snapshots.map((snapshot) => presentSnapshot(snapshot, record))
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (key === 'is_snapshot' && contract === 'platform') out.rerun_snapshots = reruns
    out[key] = listMode && key === 'transcript' ? [] : listMode && key === 'recordings' && contract === 'platform' ? {} : value
  }
  if (contract === 'docs') out.rerun_snapshots = reruns
  return out
}
