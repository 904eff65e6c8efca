// The documented row: the 18 fields of the public API reference, in its order and with its descriptions.
import { z } from 'zod'
import { CallStatusSchema, DateTimeSchema, EvalOutputsSchema, EvalValueSchema, UuidSchema } from './common.js'

export const DocsTranscriptItemSchema = z
  .strictObject({
    role: z.enum(['user', 'assistant']).describe('`assistant` is the agent under test, `user` the simulated customer.'),
    content: z.string().describe('What was said.')
  })
  .meta({ id: 'DocsTranscriptItem', description: 'One turn of the conversation, in conversation order.' })
export type DocsTranscriptItem = z.infer<typeof DocsTranscriptItemSchema>

export const DocsScenarioSchema = z
  .strictObject({ id: UuidSchema, name: z.string() })
  .meta({ id: 'DocsScenario', description: 'The scenario the call was simulated from.' })
export type DocsScenario = z.infer<typeof DocsScenarioSchema>

export const DocsCallExecutionSchema = z
  .strictObject({
    id: UuidSchema.describe('UUID of the call execution.'),
    session_id: z.string().nullable().describe('Session identifier for external correlation, or null.'),
    // The docs say "string"; a snapshot of an attempt that stored no status carries null on the platform.
    status: CallStatusSchema.nullable().describe('Current call status.'),
    duration: z.number().min(0).nullable().describe('Call duration in seconds, or null if not completed.'),
    start_time: DateTimeSchema.nullable().describe('ISO 8601 call start timestamp, or null if not started.'),
    transcript: z.array(DocsTranscriptItemSchema).describe('Ordered conversation transcript. Empty array if unavailable.'),
    scenario: DocsScenarioSchema.nullable().describe('Object with id and name of the source scenario, or null if deleted.'),
    overall_score: z
      .number()
      .min(0)
      .max(100)
      .nullable()
      .describe('Aggregate evaluation score (0-100), or null if not yet computed.'),
    eval_outputs: EvalOutputsSchema.nullable().describe('Raw outputs from each evaluation metric, or null if not processed.'),
    eval_metrics: z
      .record(z.string(), EvalValueSchema)
      .nullable()
      .describe('Computed evaluation metric values by metric name, or null.'),
    customer_name: z.string().nullable().describe('Simulated customer name from scenario data, or null.'),
    call_summary: z.string().nullable().describe('Auto-generated call summary, or null.'),
    ended_reason: z
      .string()
      .nullable()
      .describe('Reason the call ended (e.g., "completed", "timeout", "error"), or null.'),
    avg_agent_latency: z.number().min(0).nullable().describe('Average agent response latency in seconds, or null.'),
    scenario_id: UuidSchema.nullable().describe('UUID of the source scenario, or null.'),
    is_snapshot: z.boolean().describe('Whether this is a preserved historical snapshot.'),
    rerun_type: z.literal('call_and_eval').nullable().describe('Type of rerun, or null for original executions.'),
    created_at: DateTimeSchema.describe('ISO 8601 creation timestamp.')
  })
  .meta({ id: 'DocsCallExecution', description: 'A call execution as the public API reference documents it.' })
export type DocsCallExecution = z.infer<typeof DocsCallExecutionSchema>
