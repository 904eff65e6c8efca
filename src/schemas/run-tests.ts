// The read endpoints' bodies around the listing (run tests, status, executions, one execution's calls, one call), as the OpenAPI documents describe them.
import { z } from 'zod'
import type { Contract } from '../data/model.js'
import { EXECUTION_STATUSES, SOURCE_TYPES } from '../data/run-tests.js'
import { DateTimeSchema, UuidSchema } from './common.js'
import { DocsCallExecutionSchema } from './docs-row.js'
import { PlatformCallExecutionSchema } from './platform-row.js'

const looseDetail = (description: string) => z.record(z.string(), z.unknown()).describe(description)

export const AgentVersionSchema = z
  .strictObject({
    id: UuidSchema,
    name: z.string().describe('The version\'s name, e.g. `v3`.'),
    configuration_snapshot: z.record(z.string(), z.unknown()).describe('The agent\'s configuration when the version was made; `agent_type` always set.')
  })
  .meta({ id: 'AgentVersion', description: 'The agent version a run test runs: the latest one when it binds none.' })

export const RunTestSchema = z
  .strictObject({
    id: UuidSchema,
    name: z.string().describe('Unique among the organisation\'s run tests the mock serves; what get-id-by-name looks up.'),
    description: z.string().nullable(),
    agent_definition: UuidSchema.nullable().describe('The agent under test (the rows\' `agent_definition_used_id`); null for a prompt-based run test.'),
    agent_version: AgentVersionSchema.nullable(),
    agent_definition_detail: looseDetail('The agent definition as its own detail endpoint shows it.').nullable(),
    source_type: z.enum(SOURCE_TYPES),
    source_type_display: z.enum(['Agent Definition', 'Prompt']),
    prompt_template: UuidSchema.nullable(),
    prompt_template_detail: looseDetail('`{id, name, description, variable_names}` of the prompt.').nullable(),
    prompt_version: UuidSchema.nullable(),
    prompt_version_detail: looseDetail('The prompt version.').nullable(),
    scenarios: z.array(UuidSchema).describe('Every scenario of the run test: every `scenario_id` its rows show, and any without calls yet.'),
    scenarios_detail: z.array(looseDetail('A scenario as the scenarios endpoint shows it.')),
    dataset_row_ids: z.array(z.string()),
    simulator_agent: UuidSchema.nullable(),
    simulator_agent_detail: looseDetail('The simulator agent.').nullable(),
    simulate_eval_configs: z.array(UuidSchema).describe('The eval configs the rows\' `eval_outputs` are keyed by.'),
    simulate_eval_configs_detail: z.array(looseDetail('An eval config.')),
    evals_detail: z.array(looseDetail('The same eval configs, under their older name.')),
    organization: UuidSchema,
    enable_tool_evaluation: z.boolean(),
    created_at: DateTimeSchema,
    updated_at: DateTimeSchema,
    last_run_at: DateTimeSchema.nullable().describe('The newest test execution\'s `created_at`: filled by the list only, always null on the detail.'),
    deleted: z.boolean(),
    deleted_at: DateTimeSchema.nullable(),
    evals: z.array(looseDetail('The same eval configs, once more, appended last.'))
  })
  .meta({ id: 'RunTest', description: 'A run test: its agent, scenarios and eval configs.' })

/** A DRF page (`ExtendedPageNumberPagination`). */
function drfPageSchema<Row extends z.ZodType> (row: Row) {
  return z.strictObject({
    count: z.int().min(0),
    next: z.string().nullable().describe('Absolute URL of the next page: DRF writes the query parameters again in sorted order with `page` set.'),
    previous: z.string().nullable().describe('Absolute URL of the previous page; page 2 links to a URL without `page`.'),
    results: z.array(row),
    total_pages: z.int().min(1),
    current_page: z.int().min(1)
  })
}

export const RunTestPageSchema = drfPageSchema(RunTestSchema).meta({ id: 'RunTestPage', description: 'A page of run tests, newest `created_at` first.' })

export const RunTestNameSchema = z
  .strictObject({
    status: z.literal(true),
    result: z.strictObject({ run_test_id: UuidSchema, run_test_name: z.string() })
  })
  .meta({ id: 'RunTestName', description: 'The id of the run test of that name, in the success envelope.' })

const PyFloat = z.number().describe('A Python float: written with a decimal point (`80.0`).')

export const RunTestStatusSchema = z
  .union([
    z.strictObject({
      run_test_id: UuidSchema,
      execution_id: UuidSchema.describe('The newest test execution.'),
      status: z.enum(EXECUTION_STATUSES),
      total_scenarios: z.int().min(0),
      total_calls: z.int().min(0).describe('Its calls (snapshot rows are not calls).'),
      completed_calls: z.int().min(0).describe('Its calls `completed` or `analyzing`.'),
      failed_calls: z.int().min(0).describe('Its calls `failed`.'),
      success_rate: z.number().describe('`completed_calls / total_calls * 100`, unrounded; the integer 0 without calls.'),
      start_time: DateTimeSchema,
      end_time: DateTimeSchema.nullable(),
      message: z.string()
    }),
    z.strictObject({
      run_test_id: UuidSchema,
      status: z.literal('not_found'),
      error: z.literal('Test execution not found in database')
    })
  ])
  .meta({ id: 'RunTestStatus', description: 'The newest test execution\'s progress, or `not_found` for a run test that has never run.' })

export const ExecutionRowSchema = z
  .strictObject({
    id: UuidSchema,
    status: z.string().describe('The execution\'s status in Title case (`Running`, `Evaluating`, `Completed`, …).'),
    scenarios: z.string().describe('Its scenarios\' names joined with `, `; `No scenarios` when none.'),
    start_time: z.string().nullable().describe('Python\'s `isoformat()`: ends in `+00:00`, not `Z`.'),
    duration: z.int().min(0).describe('Whole seconds from start to completion; 0 while it runs.'),
    error_reason: z.string().nullable(),
    success_rate: PyFloat.describe('Calls `completed` (only) over all, × 100, rounded to 1 decimal.'),
    avg_response_time: PyFloat.describe('Mean `response_time_ms` of its calls, in seconds, 3 decimals; 0.0 when none.'),
    calls: z.int().min(0),
    calls_attempted: z.int().min(0).describe('Calls neither `pending` nor `queued`.'),
    connected_calls: z.int().min(0).describe('Calls that lasted more than 0 s.'),
    agent_version: z.string(),
    agent_definition: z.string(),
    calls_connected_percentage: PyFloat,
    total_chats: z.int().min(0),
    agent_type: z.string(),
    total_number_of_fagi_agent_turns: z.int().min(0).describe('Messages of the simulated customer in its chats.'),
    source_type: z.enum(SOURCE_TYPES)
  })
  .meta({ id: 'RunTestExecution', description: 'One test execution of a run test.' })

export const ExecutionPageSchema = drfPageSchema(ExecutionRowSchema).meta({ id: 'RunTestExecutionPage', description: 'A page of a run test\'s executions, newest first.' })

export const RerunSnapshotSchema = looseDetail('An earlier attempt of the call kept by a `call_and_eval` rerun (`CallExecutionSnapshotSerializer`).').meta({ id: 'RerunSnapshot' })

const reruns = z.array(RerunSnapshotSchema).describe('This call\'s `call_and_eval` snapshots, newest first (always empty on the call\'s own page, as the platform\'s view passes no snapshots).')

const CALL_DETAIL_SCHEMAS = {
  docs: DocsCallExecutionSchema.extend({ rerun_snapshots: reruns }).meta({ id: 'DocsCallExecutionDetail', description: 'A call execution with its reruns.' }),
  platform: PlatformCallExecutionSchema.extend({ rerun_snapshots: reruns }).meta({ id: 'PlatformCallExecutionDetail', description: 'A call execution with its reruns.' })
}

/** A call as its own page and a test execution's page show it: the served contract's row and its reruns. */
export function callDetailSchema (contract: Contract) {
  return CALL_DETAIL_SCHEMAS[contract]
}

const ColumnSchema = looseDetail('A column of the execution\'s grid: `{column_name, id, visible[, type, eval_config]}`.')

const TEST_EXECUTION_PAGE_SCHEMAS = { docs: testExecutionPage('docs'), platform: testExecutionPage('platform') }

export function testExecutionPageSchema (contract: Contract) {
  return TEST_EXECUTION_PAGE_SCHEMAS[contract]
}

function testExecutionPage (contract: Contract) {
  return z
    .strictObject({
      count: z.int().min(0).describe('The execution\'s calls matching `search` (snapshot rows are not counted).'),
      next: z.string().nullable(),
      previous: z.string().nullable(),
      results: z.array(callDetailSchema(contract)).describe('Calls most recently updated first, in list mode: `transcript` is `[]` and `recordings` `{}`.'),
      total_pages: z.int().min(0),
      current_page: z.int(),
      column_order: z.array(ColumnSchema),
      error_messages: z.array(z.string()),
      status: z.enum(EXECUTION_STATUSES),
      provider: z.string().nullable().optional().describe('The agent\'s voice provider, `prompt` without an agent; absent on a page past the end.'),
      agent_type: z.enum(['voice', 'text']).optional().describe('Absent on a page past the end.')
    })
    .meta({ id: contract === 'docs' ? 'DocsTestExecutionPage' : 'PlatformTestExecutionPage', description: 'One test execution\'s calls, a page at a time.' })
}

export const ValidationErrorSchema = z
  .strictObject({
    status: z.literal(false),
    type: z.literal('validation_error'),
    code: z.string().describe('The first error\'s code (`invalid`, `min_value`, `invalid_choice`), else `invalid`.'),
    detail: z.string().describe('`field: message`, several fields joined with `; `.'),
    message: z.string(),
    error: z.string(),
    result: z.string(),
    attr: z.string().optional().describe('The first field at fault.'),
    details: z.record(z.string(), z.array(z.string())).optional().describe('Every field\'s messages; an unknown query parameter is "Unknown field.".')
  })
  .meta({ id: 'ValidationError', description: 'The platform\'s 400 for a request its serializer refuses.' })
