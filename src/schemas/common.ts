// Value schemas shared by the row schemas: ids, datetimes, statuses, JSON cells and eval results.
import { z } from 'zod'
import { CALL_STATUSES } from '../data/model.js'

/** The platform writes UUIDs with Python's `str(uuid)`: lowercase and hyphenated. */
export const UuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'expected a lowercase hyphenated UUID')

export const DateTimeSchema = z.iso
  .datetime()
  .describe('ISO-8601 UTC datetime with microseconds, e.g. `2026-04-04T12:00:12.004518Z`; the fraction is left out when it is zero.')

export const CallStatusSchema = z
  .enum(CALL_STATUSES)
  .meta({ id: 'CallStatus', description: 'Call status, lowercase as the platform stores it.' })

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/**
 * Any JSON value. Unlike `z.unknown()`, a missing key still fails. Written out rather than `z.json()`
 * so that the recursion refers to this named schema and the OpenAPI document gets one `JsonValue`.
 */
export const JsonValueSchema: z.ZodType<JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]))
  .meta({ id: 'JsonValue', description: 'Any JSON value.' })

export const EvalTypeSchema = z.enum(['Pass/Fail', 'score', 'choices']).meta({ id: 'EvalType' })

export const EvalValueSchema = z
  .union([z.string(), z.number(), z.array(z.string())])
  .nullable()
  .meta({
    id: 'EvalValue',
    description: '`"Passed"`/`"Failed"` for Pass/Fail evals, a number (usually 0–1) for score evals, a list of labels for choice evals; null on error or skip.'
  })
export type EvalValue = z.infer<typeof EvalValueSchema>

/** One eval's result on a live row (`eval_outputs` entry of the platform, also served by the docs contract). */
export const EvalOutputSchema = z
  .strictObject({
    value: EvalValueSchema,
    reason: z.string().nullable(),
    type: EvalTypeSchema.nullable().describe('Null for skipped evals.'),
    name: z.string(),
    error: z.boolean().describe('True exactly when `status` is `Failed`.'),
    status: z.enum(['Completed', 'Failed', 'skipped']).describe('Stored as is, hence the mixed capitalisation.'),
    skipped: z.boolean()
  })
  .meta({ id: 'EvalOutput', description: "One eval's result, keyed by its eval-config UUID." })
export type EvalOutput = z.infer<typeof EvalOutputSchema>

/** The platform writes an eval that is being re-run as an empty object, in both eval maps. */
export const PendingEvalSchema = z
  .strictObject({})
  .meta({ id: 'PendingEval', description: 'An eval that is being (re-)run: an empty object.' })
export type PendingEval = z.infer<typeof PendingEvalSchema>

export const EvalOutputsSchema = z
  .record(UuidSchema, z.union([EvalOutputSchema, PendingEvalSchema]))
  .meta({ id: 'EvalOutputs', description: 'Eval results keyed by eval-config UUID, in the order the evals ran.' })
export type EvalOutputs = z.infer<typeof EvalOutputsSchema>
