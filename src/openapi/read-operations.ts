// The documented read endpoints around the listing, as route schemas @fastify/swagger turns into the OpenAPI documents.
import type { FastifySchema } from 'fastify'
import { z } from 'zod'
import type { Contract } from '../data/model.js'
import { ErrorEnvelopeSchema } from '../schemas/envelope.js'
import { PreferHeaderSchema } from '../schemas/list-request.js'
import {
  ExecutionPageSchema,
  RunTestNameSchema,
  RunTestPageSchema,
  RunTestSchema,
  RunTestStatusSchema,
  ValidationErrorSchema,
  callDetailSchema,
  testExecutionPageSchema
} from '../schemas/run-tests.js'
import { API_KEY_SCHEME, SECRET_KEY_SCHEME, TAG } from './operations.js'

/** The platform's docs group these endpoints by what they read. */
export const TEST_EXECUTIONS_TAG = { name: 'Test executions', description: 'One run of a run test: its calls and their progress.' }
export const CALL_EXECUTIONS_TAG = { name: 'Call executions', description: 'One simulated call or chat.' }

export const READ_OPERATIONS = [
  'listRunTests',
  'getRunTest',
  'getRunTestIdByName',
  'getRunTestStatus',
  'listRunTestExecutions',
  'getTestExecution',
  'getCallExecution'
] as const
export type ReadOperation = (typeof READ_OPERATIONS)[number]

const uuidParam = (name: string, what: string, example: string) =>
  z.object({
    [name]: z.string().meta({
      format: 'uuid',
      description: `UUID of the ${what}. Only the lowercase hyphenated form matches the route; anything else is Django's \`text/html\` 404 page.`,
      examples: [example]
    })
  })

const RUN = '11111111-1111-4111-8111-111111111111'

const pageQuery = (defaultLimit: number, more: Record<string, z.ZodType>) =>
  z.object({
    ...more,
    page: z.int().min(1).default(1).optional().meta({ description: 'Page number. A page past the end is answered as the endpoint says below.' }),
    limit: z.int().min(1).default(defaultLimit).optional().meta({ description: `Items per page (DRF reads it with \`int()\`; anything it cannot use is ${defaultLimit}).` })
  })

const json = (schema: z.ZodType) => ({ 'application/json': { schema } })
const html = { 'text/html': { schema: z.string().meta({ description: "Django's plain HTML page." }) } }

function errors (notFound: string | null, server: string, badRequest: string | null) {
  return {
    ...(badRequest === null ? {} : { 400: { description: badRequest, content: json(ValidationErrorSchema) } }),
    401: { description: 'Missing or invalid keys, as for the listing. Carries `WWW-Authenticate: ApiKey`.', content: json(ErrorEnvelopeSchema) },
    404: {
      description: `${notFound === null ? '' : `${notFound} `}An id that is not a lowercase hyphenated UUID is Django's HTML page, before authentication.`,
      content: { ...json(ErrorEnvelopeSchema), ...html }
    },
    405: { description: 'A method other than GET, HEAD and OPTIONS, with valid keys.', content: json(ErrorEnvelopeSchema) },
    406: { description: 'An `Accept` header that excludes `application/json`.', content: json(ErrorEnvelopeSchema) },
    500: { description: server, content: json(ErrorEnvelopeSchema) }
  }
}

const COMMON =
  'Authentication, the trailing slash (301 without it), `format`, `Accept`, `Prefer: code=`/`delay=`/`fault=` and the ' +
  'session (`X-Mock-Session`) work as on the listing; every answer is journaled with its run test id.'

export function readOperationSchema (operation: ReadOperation, contract: Contract): FastifySchema {
  const base = { operationId: operation, security: [{ [API_KEY_SCHEME]: [], [SECRET_KEY_SCHEME]: [] }], headers: PreferHeaderSchema }
  switch (operation) {
    case 'listRunTests':
      return {
        ...base,
        tags: [TAG.name],
        summary: 'List run tests',
        description: 'The organisation\'s run tests, newest `created_at` first; `last_run_at` is the newest test execution\'s `created_at`. ' +
          'Unknown query parameters are a 400 (the view\'s serializer rejects them). ' + COMMON,
        querystring: pageQuery(10, {
          search: z.string().optional().meta({ description: 'Case-insensitive substring of the name or of the agent\'s name.' }),
          simulation_type: z.enum(['agent_definition', 'prompt', '']).optional().meta({ description: 'The source type (not voice/text): `agent_definition` or `prompt`.' }),
          prompt_template_id: z.string().optional().meta({ format: 'uuid', description: 'With `simulation_type=prompt`: only that prompt\'s run tests.' })
        }),
        response: {
          200: { description: 'A page of run tests.', content: json(RunTestPageSchema) },
          ...errors(null, '`Failed to retrieve run tests: Invalid page.` for a page past the end.', 'A query parameter the serializer refuses, or one it does not know.')
        }
      }
    case 'getRunTest':
      return {
        ...base,
        tags: [TAG.name],
        summary: 'Get a run test',
        description: 'One run test; `last_run_at` is always null here. ' + COMMON,
        params: uuidParam('run_test_id', 'run test', RUN),
        response: { 200: { description: 'The run test.', content: json(RunTestSchema) }, ...errors('`Run test not found`.', 'Unexpected server error.', null) }
      }
    case 'getRunTestIdByName':
      return {
        ...base,
        tags: [TAG.name],
        summary: 'Get a run test\'s id by its name',
        description: 'What the simulate SDK calls first. The name goes into the path percent-encoded (spaces, non-ASCII); an unknown name is a **400**. ' + COMMON,
        params: z.object({ run_test_name: z.string().meta({ description: 'The exact name (case-sensitive).', examples: ['Every status showcase'] }) }),
        response: {
          200: { description: 'The run test\'s id and name.', content: json(RunTestNameSchema) },
          ...errors(null, '`Failed to get run test id by name`.', '`Run test not found` (code `invalid`, no `details`).')
        }
      }
    case 'getRunTestStatus':
      return {
        ...base,
        tags: [TAG.name],
        summary: 'Get a run test\'s status',
        description: 'The newest test execution\'s progress, its status following its calls\' at the session\'s clock. ' + COMMON,
        params: uuidParam('run_test_id', 'run test', RUN),
        response: { 200: { description: 'The progress, or `not_found` for a run test never run.', content: json(RunTestStatusSchema) }, ...errors('`Run test not found`.', '`Failed to get test status: …`.', null) }
      }
    case 'listRunTestExecutions':
      return {
        ...base,
        tags: [TAG.name],
        summary: 'List a run test\'s executions',
        description: 'One row per test execution, newest first. Unknown query parameters are ignored. ' + COMMON,
        params: uuidParam('run_test_id', 'run test', RUN),
        querystring: pageQuery(10, {
          search: z.string().optional().meta({ description: 'Case-insensitive substring of the execution\'s status or of one of its scenarios\' names.' }),
          status: z.string().optional().meta({ description: 'The execution status, lowercase and exact (`running`, `completed`, …).' })
        }),
        response: {
          200: { description: 'A page of executions.', content: json(ExecutionPageSchema) },
          ...errors('`Run test not found.` (with a full stop).', '`Failed to retrieve test executions: Invalid page.` for a page past the end.', null)
        }
      }
    case 'getTestExecution':
      return {
        ...base,
        tags: [TEST_EXECUTIONS_TAG.name],
        summary: 'Get a test execution\'s calls',
        description: 'One test execution\'s calls (snapshot rows nested under their call as `rerun_snapshots`), most recently updated first, ' +
          '10 a page unless `limit` says otherwise. A page past the end is a 200 with no results. Unknown query parameters are a 400. ' + COMMON,
        params: uuidParam('test_execution_id', 'test execution', '00000000-0000-4000-8000-000000000000'),
        querystring: pageQuery(10, {
          search: z.string().optional().meta({ description: 'Case-insensitive substring of the scenario name or the agent\'s phone number.' }),
          filters: z.string().optional().meta({ description: 'A JSON list (accepted; not applied by the mock).' }),
          row_groups: z.string().optional().meta({ description: 'A JSON list (accepted; not applied by the mock).' }),
          group_keys: z.string().optional().meta({ description: 'A JSON list (accepted; not applied by the mock).' })
        }),
        response: {
          200: { description: 'A page of the execution\'s calls.', content: json(testExecutionPageSchema(contract)) },
          ...errors(null, 'An unknown test execution: `Failed to retrieve test execution: No TestExecution matches the given query.`', 'A query parameter the serializer refuses, or one it does not know.')
        }
      }
    case 'getCallExecution':
      return {
        ...base,
        tags: [CALL_EXECUTIONS_TAG.name],
        summary: 'Get a call execution',
        description: 'One call: the listing\'s row, value for value, plus `rerun_snapshots`. A snapshot row\'s id is a 404. ' + COMMON,
        params: uuidParam('call_execution_id', 'call execution', '00000000-0000-4000-8000-000000000000'),
        response: { 200: { description: 'The call.', content: json(callDetailSchema(contract)) }, ...errors('`Call execution not found`.', 'Unexpected server error.', null) }
      }
  }
}
