// The platform's rows: the 62-key live row and the 34-key snapshot row, keys in the order the backend emits them.
import { z } from 'zod'
import {
  CallStatusSchema,
  DateTimeSchema,
  EvalOutputSchema,
  EvalOutputsSchema,
  EvalTypeSchema,
  EvalValueSchema,
  JsonValueSchema,
  PendingEvalSchema,
  UuidSchema
} from './common.js'

const roleSchema = z.enum(['user', 'assistant']).describe('`assistant` is the agent under test, `user` the simulated customer.')

export const VoiceTranscriptItemSchema = z
  .strictObject({
    id: UuidSchema,
    speaker_role: roleSchema,
    content: z.string(),
    start_time_ms: z.int().min(0).describe('Offset from the start of the recording.'),
    start_time_seconds: z.number().nullable().describe('`start_time_ms` in seconds, 3 decimals.'),
    end_time_ms: z.int().min(0),
    end_time_seconds: z.number().nullable().describe('`end_time_ms` in seconds, 3 decimals; null when `end_time_ms` is 0.'),
    confidence_score: z.number().min(0).max(1),
    created_at: DateTimeSchema
  })
  .meta({ id: 'VoiceTranscriptItem', description: 'One utterance of a voice call, ordered by start time.' })
export type VoiceTranscriptItem = z.infer<typeof VoiceTranscriptItemSchema>

/** A tool call the agent made, as the chat loop's messages carry it (OpenAI's shape). */
export const ToolCallSchema = z.strictObject({
  id: z.string(),
  type: z.string(),
  function: z.strictObject({ name: z.string(), arguments: z.string() })
}).meta({ id: 'ToolCall' })

/**
 * One message of a chat message row, as it was sent: the roles are those of the chat loop's wire (the
 * agent's messages as `user`, the customer's as `assistant`, tool results as `tool`); generated rows
 * hold one item with the row's own role.
 */
export const ChatContentItemSchema = z.strictObject({
  role: z.enum(['user', 'assistant', 'tool']),
  content: z.string(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
  metadata: z.record(z.string(), JsonValueSchema).optional(),
  tool_calls: z.array(ToolCallSchema).optional()
}).meta({ id: 'ChatContentItem' })

export const ChatTranscriptItemSchema = z
  .strictObject({
    id: UuidSchema,
    role: roleSchema,
    messages: z.array(z.string()),
    content: z.array(ChatContentItemSchema),
    session_id: z.string().describe('The chat session the message belongs to.'),
    tool_calls: z.array(JsonValueSchema).max(0),
    created_at: DateTimeSchema
  })
  .meta({ id: 'ChatTranscriptItem', description: 'One message of a text (chat) call, ordered by creation time.' })
export type ChatTranscriptItem = z.infer<typeof ChatTranscriptItemSchema>
export type ChatContentItem = z.infer<typeof ChatContentItemSchema>

export const EvalMetricSchema = z
  .strictObject({
    id: UuidSchema.describe('The eval-config UUID, same as the key.'),
    name: z.string(),
    value: EvalValueSchema,
    reason: z.string().nullable(),
    type: EvalTypeSchema.nullable(),
    template_type: z.null(),
    visible: z.boolean(),
    error: z.boolean(),
    status: EvalOutputSchema.shape.status,
    skipped: z.boolean(),
    error_localizer: z.boolean()
  })
  .meta({ id: 'EvalMetric', description: "One eval's result as `eval_metrics` writes it." })
export type EvalMetric = z.infer<typeof EvalMetricSchema>

export const EvalMetricsSchema = z
  .record(UuidSchema, z.union([EvalMetricSchema, PendingEvalSchema]))
  .meta({ id: 'EvalMetrics', description: 'Eval results keyed by eval-config UUID; same evals as `eval_outputs`.' })
export type EvalMetrics = z.infer<typeof EvalMetricsSchema>

export const ScenarioColumnSchema = z
  .strictObject({
    value: JsonValueSchema.describe('The cell; a `persona` cell is parsed into an object.'),
    visible: z.boolean(),
    dataset_column_id: UuidSchema,
    dataset_id: UuidSchema,
    column_name: z.string().describe('Same as the key (`outcome` is shown as `Ideal Outcome`).'),
    data_type: z.string()
  })
  .meta({ id: 'ScenarioColumn', description: "A cell of the scenario's dataset row." })
export type ScenarioColumn = z.infer<typeof ScenarioColumnSchema>

export const ScenarioColumnsSchema = z
  .record(z.string(), ScenarioColumnSchema)
  .meta({ id: 'ScenarioColumns', description: 'Dataset row cells keyed by column name; `{}` when the call has no dataset row.' })

export const RecordingsSchema = z
  .strictObject({
    combined: z.url().optional(),
    stereo: z.url().optional(),
    customer: z.url().optional(),
    assistant: z.url().optional()
  })
  .meta({ id: 'Recordings', description: 'Recording URLs of a voice call; `{}` for chat calls or when there are none.' })
export type Recordings = z.infer<typeof RecordingsSchema>

export const PlatformCallExecutionSchema = z
  .strictObject({
    id: UuidSchema,
    service_provider_call_id: z.string().nullable().describe("The call's `customer_call_id`."),
    session_id: z.null().describe('Always null in this listing.'),
    timestamp: DateTimeSchema.describe('Last update of the call: the sort key, newest first.'),
    call_type: z.enum(['Inbound', 'Outbound']).describe("Direction from the tested agent's point of view."),
    status: CallStatusSchema,
    duration: z.number().min(0).nullable().describe('Seconds: an integer for voice calls, 2 decimals for chat calls.'),
    duration_seconds: z.int().min(0).nullable().describe('Voice calls only.'),
    start_time: DateTimeSchema.nullable(),
    transcript: z.union([z.array(VoiceTranscriptItemSchema), z.array(ChatTranscriptItemSchema)]),
    // The platform inner-joins scenarios, so it never lists a call without one; a fixture may still declare
    // a deleted scenario, and then this and `scenario_id` are null.
    scenario: z.string().nullable().describe("The scenario's name."),
    overall_score: z
      .number()
      .min(0)
      .max(10)
      .nullable()
      .describe('A CSAT-like score, usually 1–10 (0 or 1 from a pass/fail fallback); null when not computed.'),
    response_time: z.number().nullable().describe('`response_time_ms` in seconds, 3 decimals.'),
    response_time_ms: z.int().min(0).nullable(),
    audio_url: z.url().nullable(),
    customer_name: z.string().nullable().describe("The customer's phone number (E.164), despite the name."),
    eval_outputs: EvalOutputsSchema,
    eval_metrics: EvalMetricsSchema,
    scenario_columns: ScenarioColumnsSchema,
    ended_reason: z.string().nullable().describe('Free text: provider codes such as `customer-ended-call` or platform strings.'),
    simulator_agent_name: z.string().optional().describe('Omitted when the run has no simulator agent.'),
    simulator_agent_id: UuidSchema.optional(),
    agent_definition_used_name: z.string().optional().describe('Omitted for prompt-based runs.'),
    agent_definition_used_id: UuidSchema.optional(),
    call_summary: z.string().nullable(),
    recordings: RecordingsSchema,
    test_execution_id: UuidSchema,
    scenario_id: UuidSchema.nullable(),
    scenario_graph: z.record(z.string(), JsonValueSchema).describe("The scenario's active graph, `{}` if none."),
    scenario_graph_id: UuidSchema.nullable(),
    avg_agent_latency: z.int().min(0).nullable().describe('Milliseconds.'),
    avg_agent_latency_ms: z.int().min(0).nullable(),
    user_interruption_count: z.int().min(0).nullable(),
    user_interruption_rate: z.number().min(0).nullable().describe('Per minute.'),
    user_wpm: z.number().min(0).nullable(),
    bot_wpm: z.number().min(0).nullable(),
    talk_ratio: z.number().min(0).nullable().describe('Agent speaking time divided by customer speaking time.'),
    ai_interruption_count: z.int().min(0).nullable(),
    ai_interruption_rate: z.number().min(0).nullable(),
    avg_stop_time_after_interruption: z.int().min(0).nullable().describe('Milliseconds.'),
    total_tokens: z.int().min(0).nullable(),
    input_tokens: z.int().min(0).nullable(),
    output_tokens: z.int().min(0).nullable(),
    avg_latency_ms: z.int().min(0).nullable(),
    turn_count: z.int().min(0).nullable(),
    agent_talk_percentage: z.number().min(0).max(100).nullable().describe('`talk_ratio / (talk_ratio + 1) * 100`, 1 decimal.'),
    csat_score: z.number().min(0).nullable(),
    processing_skipped: z.boolean(),
    processing_skip_reason: z.string().nullable(),
    is_snapshot: z.literal(false),
    snapshot_timestamp: z.null(),
    rerun_type: z.null(),
    original_call_execution_id: z.null(),
    tool_outputs: JsonValueSchema,
    cost_cents: z.int().min(0).nullable(),
    customer_cost_cents: z.int().min(0).nullable(),
    customer_cost_breakdown: JsonValueSchema,
    customer_latency_metrics: JsonValueSchema,
    customer_call_id: z.string().nullable(),
    simulation_call_type: z.enum(['voice', 'text']),
    provider: z.string().nullable().describe('`vapi`, `retell`, `livekit`, …; null for chat runs.'),
    phone_number: z.string().nullable().describe("The tested agent's number (what `search` matches); may be `\"\"`, null for chat.")
  })
  .meta({ id: 'PlatformCallExecution', description: 'A live call as the platform lists it.' })
export type PlatformCallExecution = z.infer<typeof PlatformCallExecutionSchema>

export const SnapshotTranscriptItemSchema = z
  .strictObject({
    speaker_role: roleSchema,
    content: z.string(),
    start_time_ms: z.int().min(0),
    end_time_ms: z.int().min(0),
    confidence_score: z.number().min(0).max(1)
  })
  .meta({ id: 'SnapshotTranscriptItem', description: 'A transcript row copied verbatim into a snapshot.' })
export type SnapshotTranscriptItem = z.infer<typeof SnapshotTranscriptItemSchema>

export const StoredEvalOutputSchema = z
  .strictObject({
    output: EvalValueSchema,
    reason: z.string().nullable(),
    output_type: EvalTypeSchema.nullable(),
    name: z.string(),
    status: z.enum(['Completed', 'Failed', 'skipped', 'pending'])
  })
  .meta({ id: 'StoredEvalOutput', description: "An eval result as the platform stores it, not normalised (snapshot rows)." })
export type StoredEvalOutput = z.infer<typeof StoredEvalOutputSchema>

export const SnapshotRecordingsSchema = z
  .strictObject({
    mono: z.strictObject({ combined_url: z.url().nullable(), customer_url: z.null(), assistant_url: z.null() }),
    stereo_url: z.url().nullable()
  })
  .meta({ id: 'SnapshotRecordings', description: 'The recording URLs a snapshot keeps.' })
export type SnapshotRecordings = z.infer<typeof SnapshotRecordingsSchema>

export const PlatformSnapshotRowSchema = z
  .strictObject({
    id: UuidSchema.describe("The snapshot's own id, not a call id."),
    timestamp: DateTimeSchema.describe('The snapshot time: the sort key, newest first.'),
    call_type: z.string().nullable().describe('The raw provider call type, e.g. `inboundPhoneCall`.'),
    status: CallStatusSchema.nullable(),
    duration: z.int().min(0).nullable().describe('Whole seconds (voice calls).'),
    transcript: z.array(SnapshotTranscriptItemSchema),
    scenario: z.string().describe("The parent call's scenario name."),
    overall_score: z.number().min(0).max(10).nullable(),
    response_time: z.int().min(0).nullable().describe('Milliseconds, unlike on live rows.'),
    audio_url: z.url().nullable(),
    customer_name: z.string().nullable().describe("The customer's phone number."),
    eval_outputs: z.record(UuidSchema, StoredEvalOutputSchema).nullable().describe('The stored results, verbatim.'),
    eval_metrics: z.strictObject({}).describe('Always empty.'),
    scenario_columns: ScenarioColumnsSchema,
    error_localizer_tasks: z.array(JsonValueSchema).max(0),
    ended_reason: z.string().nullable(),
    agent_definition_used_name: z.string(),
    agent_definition_used_id: UuidSchema,
    call_summary: z.string().nullable(),
    recordings: SnapshotRecordingsSchema,
    scenario_id: UuidSchema,
    avg_agent_latency: z.int().min(0).nullable().describe('Milliseconds.'),
    user_interruption_count: z.int().min(0).nullable(),
    user_interruption_rate: z.number().min(0).nullable(),
    user_wpm: z.number().min(0).nullable(),
    bot_wpm: z.number().min(0).nullable(),
    talk_ratio: z.number().min(0).nullable(),
    ai_interruption_count: z.int().min(0).nullable(),
    ai_interruption_rate: z.number().min(0).nullable(),
    avg_stop_time_after_interruption: z.int().min(0).nullable(),
    is_snapshot: z.literal(true),
    snapshot_timestamp: DateTimeSchema,
    rerun_type: z.literal('call_and_eval'),
    original_call_execution_id: UuidSchema.describe('The live call this attempt was taken from.')
  })
  .meta({ id: 'PlatformSnapshotRow', description: 'An earlier attempt of a call, kept by a `call_and_eval` rerun.' })
export type PlatformSnapshotRow = z.infer<typeof PlatformSnapshotRowSchema>

export const PlatformRowSchema = z
  .discriminatedUnion('is_snapshot', [PlatformCallExecutionSchema, PlatformSnapshotRowSchema])
  .meta({ id: 'PlatformRow', description: 'A row of the platform listing: a live call or a snapshot.' })
export type PlatformRow = z.infer<typeof PlatformRowSchema>
