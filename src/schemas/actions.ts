// The action and chat-loop endpoints' request bodies (as the platform's serializers read them) and answers.
//
// Each body has two descriptions: a zod schema for the OpenAPI document and the TypeScript types, and
// the serializer spec (domain/drf-fields.ts) the route validates with, which gives DRF's own messages.
// Both list the same snake_case keys; unknown keys are refused.
import { z } from 'zod'
import { CALL_STATUSES } from '../data/model.js'
import {
  anyField,
  booleanField,
  choiceField,
  dictField,
  textField,
  uuidField,
  uuidListField,
  type SerializerSpec
} from '../domain/drf-fields.js'
import { CallStatusSchema, DateTimeSchema, JsonValueSchema, UuidSchema } from './common.js'
import { ChatContentItemSchema, ToolCallSchema } from './platform-row.js'

/** `ExecuteRunTestSerializer` (a strict serializer). */
export interface ExecuteBody {
  scenario_ids: string[]
  simulator_id: string | null
  select_all: boolean
}
export const EXECUTE_BODY: SerializerSpec<ExecuteBody> = {
  strict: true,
  fields: {
    scenario_ids: uuidListField(false),
    simulator_id: { ...uuidField(false, true), fallback: null },
    select_all: booleanField(false, false)
  }
}
export const ExecuteBodySchema = z.strictObject({
  scenario_ids: z.array(UuidSchema).optional().describe('The scenarios to run; all of the run test\'s when absent or empty.'),
  simulator_id: UuidSchema.nullable().optional().describe('A simulator agent to use instead of the run test\'s.'),
  select_all: z.boolean().optional().describe('Accepted and ignored.')
}).meta({ id: 'ExecuteRunTestBody' })

export const RERUN_TYPES = ['eval_only', 'call_and_eval'] as const
export type RerunType = (typeof RERUN_TYPES)[number]

/** `CallExecutionRerunSerializer`, unknown keys refused by the view. */
export interface RerunBody {
  rerun_type: RerunType
  call_execution_ids: string[]
  select_all: boolean
}
export const RERUN_BODY: SerializerSpec<RerunBody> = {
  strict: false,
  fields: {
    rerun_type: choiceField(RERUN_TYPES, true),
    call_execution_ids: uuidListField(false),
    select_all: booleanField(false, false)
  },
  validate: (data) => data.select_all || data.call_execution_ids.length > 0
    ? null
    : "Either 'select_all' must be True or 'call_execution_ids' must be provided"
}
export const RerunBodySchema = z.strictObject({
  rerun_type: z.enum(RERUN_TYPES).describe('`eval_only`: evaluate the calls again. `call_and_eval`: keep each call as a snapshot row and run it again.'),
  call_execution_ids: z.array(UuidSchema).optional().describe('The calls to rerun; with `select_all`, the calls to leave out. Ids of other executions are ignored.'),
  select_all: z.boolean().optional().describe('Rerun every call of the execution.')
}).meta({ id: 'RerunCallsBody' })

/** `SendChatRequestSerializer`; the view reads `messages` itself (see the chat loop's route). */
export interface SendMessageBody {
  messages: unknown
  metrics: Record<string, unknown> | null
  initiate_chat: boolean
}
export const SEND_MESSAGE_BODY: SerializerSpec<SendMessageBody> = {
  strict: false,
  fields: {
    messages: { ...anyField(false), fallback: null },
    metrics: { ...dictField(false), fallback: null },
    initiate_chat: booleanField(false, false)
  }
}

export const ChatMessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant', 'tool']),
  content: z.string().nullable().optional(),
  tool_call_id: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  metadata: z.record(z.string(), JsonValueSchema).nullable().optional(),
  tool_calls: z.array(ToolCallSchema).nullable().optional()
}).meta({ id: 'ChatMessage', description: 'A chat message. On the wire the agent under test speaks as `user` and the simulated customer as `assistant`.' })

export const METRIC_KEYS = ['cost', 'duration', 'latency', 'response_time', 'tokens'] as const

export const SendMessageBodySchema = z.strictObject({
  messages: z.array(ChatMessageSchema).nullable().optional().describe('The agent\'s reply (role `user`), with its `tool_calls`, followed by the tool results (role `tool`).'),
  metrics: z.record(z.enum(METRIC_KEYS), z.number().nullable()).nullable().optional().describe('`latency`: how long the agent took, in milliseconds.'),
  initiate_chat: z.boolean().optional().describe('Start the chat: the answer holds the simulated customer\'s opening line.')
}).meta({ id: 'SendChatMessageBody' })

/** `CallExecutionStatusUpdateSerializer` (a strict serializer). */
export interface CallStatusBody {
  status: (typeof CALL_STATUSES)[number]
  ended_reason: string | null
}
export const CALL_STATUS_BODY: SerializerSpec<CallStatusBody> = {
  strict: true,
  fields: {
    status: choiceField(CALL_STATUSES, true),
    ended_reason: { ...textField(false), fallback: null }
  }
}
export const CallStatusBodySchema = z.strictObject({
  status: CallStatusSchema,
  ended_reason: z.string().nullable().optional().describe('Kept (200 characters at most) for `completed` and `cancelled`; a `failed` call always gets "Error processing simulation".')
}).meta({ id: 'CallExecutionStatusBody' })

export const EmptyBodySchema = z.strictObject({}).meta({ id: 'EmptyBody', description: 'No body, or an empty one.' })

export const ExecuteResultSchema = z.strictObject({
  message: z.string(),
  execution_id: UuidSchema,
  run_test_id: UuidSchema,
  status: z.string().describe('`started`.'),
  total_scenarios: z.int(),
  total_calls: z.int(),
  scenario_ids: z.array(UuidSchema)
}).meta({ id: 'ExecuteRunTestResult' })

export const CancelResultSchema = z.strictObject({
  success: z.boolean(),
  message: z.string(),
  test_execution_id: UuidSchema.nullable()
}).meta({ id: 'CancelTestExecutionResult' })

export const RerunResultSchema = z.strictObject({
  message: z.string(),
  test_execution_id: UuidSchema,
  rerun_type: z.enum(RERUN_TYPES),
  total_processed: z.int(),
  successful_reruns: z.array(UuidSchema),
  failed_reruns: z.array(z.strictObject({ call_execution_id: UuidSchema, error: z.string() })),
  success_count: z.int(),
  failure_count: z.int(),
  dispatch_error: z.string().nullable()
}).meta({ id: 'RerunCallsResult' })

const envelope = <T extends z.ZodType>(result: T, id: string) =>
  z.strictObject({ status: z.literal(true), result }).meta({ id })

export const ChatExecuteResponseSchema = envelope(z.strictObject({
  message: z.string(),
  execution_id: UuidSchema,
  run_test_id: UuidSchema,
  status: z.literal('pending'),
  total_scenarios: z.array(UuidSchema).describe('The scenario ids (a list here, a count in `execute`).')
}), 'ChatExecuteResponse')

export const ChatBatchResponseSchema = envelope(z.strictObject({
  call_execution_ids: z.array(UuidSchema).describe('Up to 10 new pending chat calls.'),
  has_more: z.boolean().describe('Whether scenarios without a call remain.'),
  batched_scenarios: z.array(UuidSchema)
}), 'ChatBatchResponse')

export const SendMessageResponseSchema = envelope(z.strictObject({
  input_message: z.array(ChatContentItemSchema).optional().describe('The messages received (not sent back when starting a chat).'),
  output_message: z.array(ChatContentItemSchema).describe('The simulated customer\'s reply; its opening line (as `user`) when starting a chat.'),
  message_history: z.array(ChatContentItemSchema).describe('The whole chat so far, the customer as `assistant`.'),
  chat_ended: z.boolean()
}), 'SendChatMessageResponse')

export const CallExecutionUpdateSchema = z.object({
  id: UuidSchema,
  phone_number: z.string().nullable(),
  service_provider_call_id: z.string().nullable(),
  status: CallStatusSchema,
  started_at: DateTimeSchema.nullable(),
  completed_at: DateTimeSchema.nullable(),
  duration_seconds: z.int().nullable(),
  ended_reason: z.string().nullable(),
  scenario_name: z.string(),
  transcripts: z.array(JsonValueSchema),
  eval_outputs: z.record(z.string(), JsonValueSchema),
  simulation_call_type: z.enum(['voice', 'text'])
}).loose().meta({ id: 'CallExecutionUpdate', description: 'The call as the platform\'s `CallExecutionSerializer` writes it (its main keys are listed).' })

export const ActionErrorSchema = z.object({
  status: z.literal(false),
  type: z.string(),
  code: z.string(),
  detail: z.string(),
  message: z.string(),
  error: z.string(),
  result: JsonValueSchema,
  attr: z.string().optional(),
  details: z.record(z.string(), z.array(z.string())).optional()
}).meta({ id: 'ActionError', description: 'The platform\'s error body; a refused request body adds `attr` (the first field at fault) and `details` (each field\'s messages).' })
