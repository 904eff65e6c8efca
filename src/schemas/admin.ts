// The control plane's schemas (`/__mock/`): what a test sends to shape a session, and what it reads back.
import { z } from 'zod'
import { CONTRACTS } from '../data/model.js'
import { RUN_PROFILES } from '../data/runs.js'
import { FAULTS } from '../domain/faults.js'
import { UuidSchema } from './common.js'
import { DocsCallExecutionSchema } from './docs-row.js'
import { PlatformRowSchema } from './platform-row.js'

/** Scenarios a created run test may have. */
export const MAX_RUN_SCENARIOS = 1000

export const SessionHeaderSchema = z.object({
  'x-mock-session': z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional().meta({
    description: 'The session to act on: 1–64 characters of `A-Za-z0-9._-`; without it, the default session.',
    examples: ['ci-job-42']
  })
})

/** The longest run test name the platform stores (`RunTest.name` is a `CharField(max_length=255)`). */
export const MAX_RUN_TEST_NAME = 255

/** The longest description the mock keeps of a run test it is given. */
export const MAX_RUN_TEST_DESCRIPTION = 4096

const RunTestFieldsShape = {
  name: z.string().min(1).max(MAX_RUN_TEST_NAME).refine((name) => name.trim() !== '' && !name.includes('/'), 'name: must not be blank and must not contain "/" (the platform\'s URL of a name cannot hold one)')
    .optional().describe('The run test\'s name, unique in the session; one made of its agent and the start of its id when absent.'),
  description: z.string().max(MAX_RUN_TEST_DESCRIPTION).nullable().optional().describe('The run test\'s description; none when absent.')
}

export const RunInfoSchema = z
  .strictObject({
    id: UuidSchema,
    rows: z.int().min(0).describe('Listed rows, snapshot rows included.'),
    origin: z.enum(['generated', 'fixture', 'created']).describe('Configured at start-up (`generated`, `fixture`) or created in this session.'),
    profile: z.enum(RUN_PROFILES).nullable().describe('The status mix of a generated run; null for rows written out.'),
    contract: z.enum(CONTRACTS).nullable().describe('The contract the rows were written in; null for generated rows, which either contract presents.'),
    name: z.string().describe('The run test\'s name, unique in the session: what `GET /simulate/run-tests/get-id-by-name/{name}/` looks up.'),
    description: z.string().nullable().describe('The run test\'s description.'),
    simulationType: z.enum(['voice', 'text']).describe('Whether its calls are voice calls or chats.')
  })
  .meta({ id: 'RunInfo', description: 'A run test the session lists.' })
export type RunInfoView = z.infer<typeof RunInfoSchema>

export const RunListSchema = z
  .strictObject({ session: z.string(), runs: z.array(RunInfoSchema) })
  .meta({ id: 'RunList', description: 'The run tests visible in the session: the ones configured at start-up, then its own.' })

export const GeneratedRunBodySchema = z
  .strictObject({
    id: UuidSchema.optional().describe('The run test id; a random one when absent.'),
    calls: z.int().min(0).describe('Listed rows (calls and snapshot rows), up to 10,000,000; generated on demand, so any size is ready at once.'),
    profile: z.enum(RUN_PROFILES).optional().describe('The status mix; `finished` when absent.'),
    seed: z.int().min(0).max(2 ** 32 - 1).optional().describe('Seed of the rows; the mock\'s own seed when absent.'),
    ...RunTestFieldsShape,
    simulation_type: z.enum(['voice', 'text']).optional().describe('Voice calls or chats; drawn from the seed when absent.'),
    scenarios: z
      .union([
        z.int().min(1).max(MAX_RUN_SCENARIOS),
        z.array(z.string().trim().min(1).max(255)).min(1).max(MAX_RUN_SCENARIOS)
      ])
      .optional()
      .describe(`The run test's scenarios: how many (1–${MAX_RUN_SCENARIOS}), or their names; four to eight drawn from the seed when absent. Each speaks the lines of one of the run's scenario templates, in turn.`)
  })
  .meta({ id: 'GeneratedRunBody', description: 'A run test whose rows are generated from a seed, like the well-known runs.' })

export const HeldRunBodySchema = z
  .strictObject({
    id: UuidSchema.optional().describe('The run test id; a random one when absent.'),
    ...RunTestFieldsShape,
    simulation_type: z.enum(['voice', 'text']).optional().describe('Voice calls or chats; what the rows show when absent (voice for no rows).'),
    rows: z
      .array(z.union([DocsCallExecutionSchema, PlatformRowSchema]))
      .describe('Rows in the shape of the contract the mock serves, checked as fixture rows are (an invalid row is a 400 naming its path).')
  })
  .meta({ id: 'HeldRunBody', description: 'A run test whose rows are written out, as in a fixture file.' })

export const CreateRunBodySchema = z
  .union([GeneratedRunBodySchema, HeldRunBodySchema])
  .meta({ id: 'CreateRunBody', description: 'Either `calls` (generated rows) or `rows` (rows written out).' })
export type CreateRunBody = z.infer<typeof GeneratedRunBodySchema> | (Omit<z.infer<typeof HeldRunBodySchema>, 'rows'> & { rows: unknown[] })

/**
 * A written-out run's body as it is first read: rows are only required to be a list here, and are then
 * checked one by one against the served contract's schema, so that an error names the row's own path.
 */
export const HeldRunRequestSchema = HeldRunBodySchema.extend({ rows: z.array(z.unknown()) })

export const CreatedRunSchema = RunInfoSchema
  .extend({ url: z.url().describe('The run test\'s listing, absolute.'), session: z.string() })
  .meta({ id: 'CreatedRun', description: 'The run test just created.' })
export type CreatedRun = z.infer<typeof CreatedRunSchema>

const decimal = (name: string) => z.string().regex(/^\d+$/, `${name}: expected a whole number`).transform(Number)

export const RequestFilterSchema = z.strictObject({
  method: z.string().optional().meta({ description: 'Only requests of this method (any case).', examples: ['GET'] }),
  path: z.string().optional().meta({ description: 'Only requests to this path exactly (no query string), or to every path it starts when it ends with `*`.', examples: ['/simulate/*'] }),
  status: decimal('status').optional().meta({ description: 'Only requests answered with this status.', examples: ['200'] }),
  run_test_id: UuidSchema.optional().meta({ description: 'Only requests for this run test.' }),
  since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only requests that arrived at or after this ISO-8601 time.' }),
  limit: decimal('limit').optional().meta({ description: 'At most this many entries (the newest).' })
})
export type RequestFilter = z.infer<typeof RequestFilterSchema>

export const JournalEntryViewSchema = z
  .strictObject({
    id: z.string(),
    time: z.iso.datetime().describe('When the request arrived.'),
    method: z.string(),
    path: z.string().describe('Without the query string.'),
    query: z.string().describe('The raw query string, without `?`.'),
    headers: z.record(z.string(), z.string()).describe('As sent (names keep their case); credential values are `<redacted>`.'),
    status: z.int(),
    durationMs: z.number().min(0),
    runTestId: UuidSchema.nullable().describe('The run test the path names, if any.'),
    keysAccepted: z.boolean().describe('Whether the request carried credentials the mock accepts.'),
    fault: z.string().nullable().describe('The fault answered instead of the page, if any.'),
    ignoredPreferences: z.array(z.string()).describe(
      'The preferences of its `Prefer` header the mock did not apply, as sent (a misspelt `fault=slowbody`, a code it cannot ' +
      'force, `respond-async`); the applied ones are in the answer\'s `Preference-Applied` header.'
    )
  })
  .meta({ id: 'JournalEntry', description: 'A request the session received.' })
export type JournalEntryView = z.infer<typeof JournalEntryViewSchema>

export const JournalSchema = z
  .strictObject({ session: z.string(), total: z.int().min(0), requests: z.array(JournalEntryViewSchema) })
  .meta({ id: 'Journal', description: 'The session\'s requests, newest first; `total` counts them before `limit`.' })

export const AdminErrorSchema = z
  .strictObject({
    error: z.string(),
    path: z.string().optional().describe('Where in the request body the problem is, as `rows[3].status`.')
  })
  .meta({ id: 'AdminError', description: 'Why the control plane refused a request; nothing of it was applied.' })

export const BehaviourSchema = z
  .strictObject({
    session: z.string(),
    latency: z.string().nullable().describe('The session\'s delay spec; null: the process-wide `--latency` applies.'),
    effectiveLatency: z.string().nullable().describe('The delay the session\'s answers get: its own, else the process-wide one, else none.')
  })
  .meta({ id: 'Behaviour', description: 'How the session\'s answers are delayed.' })

export const BehaviourBodySchema = z
  .strictObject({
    latency: z.string().nullable().describe('`120` (ms), `50-300` (uniform) or `lognormal:median=80,p99=600`; null to go back to the process-wide one.')
  })
  .meta({ id: 'BehaviourBody', description: 'The session\'s delay.' })

export const FaultMatchSchema = z
  .strictObject({
    run_test_id: UuidSchema.optional().describe('Requests for this run test.'),
    method: z.string().optional().describe('Requests of this method (any case).'),
    path: z.string().optional().describe('Requests to this path exactly, or to every path it starts when it ends with `*`.')
  })
  .meta({ id: 'FaultMatch', description: 'Which requests the rule looks at; every request of the platform\'s API when empty.' })

export const FaultRuleBodySchema = z
  .strictObject({
    match: FaultMatchSchema.default({}),
    fault: z.enum(FAULTS).describe('What the matching request gets instead of its answer.'),
    times: z.int().min(1).optional().describe('At most this many times; no limit when absent.'),
    after: z.int().min(0).optional().describe('Let this many matching requests through first.'),
    probability: z.number().min(0).max(1).optional().describe('The share of matching requests it fires on (drawn from the seed, so the same requests meet the same faults); 1 when absent.')
  })
  .meta({ id: 'FaultRuleBody', description: 'A fault rule: e.g. `{"fault": "status=503", "times": 2}` fails the first two requests, then lets them through.' })

export const FaultRuleSchema = FaultRuleBodySchema
  .extend({
    id: z.string(),
    match: FaultMatchSchema,
    seen: z.int().min(0).describe('Matching requests so far.'),
    fired: z.int().min(0).describe('Times it fired.')
  })
  .meta({ id: 'FaultRule', description: 'A fault rule of the session, with its counters.' })

export const FaultListSchema = z
  .strictObject({ session: z.string(), faults: z.array(FaultRuleSchema) })
  .meta({ id: 'FaultList', description: 'The session\'s fault rules, in the order they are tried.' })

export const ClockSchema = z
  .strictObject({
    session: z.string(),
    now: z.iso.datetime().describe('The instant the session\'s live runs are seen at.'),
    running: z.boolean().describe('Whether it follows wall time.')
  })
  .meta({ id: 'Clock', description: 'The session\'s clock.' })

export const ClockBodySchema = z
  .union([
    z.strictObject({ advance: z.string().describe('A duration: `30s`, `5m`, `1h`, `1m30s`, `250ms`.') }),
    z.strictObject({ set: z.iso.datetime().describe('An ISO-8601 UTC instant.') }),
    z.strictObject({ run: z.boolean().describe('true: follow wall time from where it stands; false: freeze it.') })
  ])
  .meta({ id: 'ClockBody', description: 'One of `advance`, `set` or `run`.' })
