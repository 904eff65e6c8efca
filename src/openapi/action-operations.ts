// The documented action operations: starting, cancelling and rerunning executions, and the simulate SDK's chat loop.
import type { FastifySchema } from 'fastify'
import { z } from 'zod'
import {
  ActionErrorSchema,
  CallExecutionUpdateSchema,
  CallStatusBodySchema,
  CancelResultSchema,
  ChatBatchResponseSchema,
  ChatExecuteResponseSchema,
  EmptyBodySchema,
  ExecuteBodySchema,
  ExecuteResultSchema,
  RerunBodySchema,
  RerunResultSchema,
  SendMessageBodySchema,
  SendMessageResponseSchema
} from '../schemas/actions.js'
import { ErrorEnvelopeSchema } from '../schemas/envelope.js'
import { PreferHeaderSchema } from '../schemas/list-request.js'
import { UuidSchema } from '../schemas/common.js'
import { API_KEY_SCHEME, SECRET_KEY_SCHEME } from './operations.js'

/** The actions' tag, after the read side's in the document. */
export const ACTIONS_TAG = { name: 'Actions', description: 'Starting, cancelling and rerunning test executions, and the simulate SDK\'s chat loop: each changes the run tests of the session it is sent in.' }

const json = (schema: z.ZodType) => ({ 'application/json': { schema } })
const HtmlPageSchema = z.string().meta({ description: "Django's plain HTML page." })

const params = (name: string, what: string) => z.strictObject({ [name]: UuidSchema.describe(`The ${what}'s id (lowercase hyphenated UUID).`) })

const COMMON = {
  401: { description: 'Missing or invalid keys (checked before the body is read). Carries `WWW-Authenticate: ApiKey`.', content: json(ErrorEnvelopeSchema) },
  405: { description: 'Another method than the view\'s, with valid keys.', content: json(ErrorEnvelopeSchema) },
  413: { description: 'A body over 1 MiB: the reverse proxy\'s HTML page.', content: { 'text/html': { schema: HtmlPageSchema } } },
  415: { description: 'A body in a media type other than JSON or a form.', content: json(ErrorEnvelopeSchema) }
}

function operation (spec: {
  id: string
  summary: string
  description: string
  param: [string, string]
  body: z.ZodType
  ok: z.ZodType
  okDescription: string
  errors: { 400: string, 404?: string }
}): FastifySchema {
  return {
    operationId: spec.id,
    tags: [ACTIONS_TAG.name],
    summary: spec.summary,
    description: spec.description,
    security: [{ [API_KEY_SCHEME]: [], [SECRET_KEY_SCHEME]: [] }],
    params: params(spec.param[0], spec.param[1]),
    headers: PreferHeaderSchema,
    body: spec.body,
    response: {
      200: { description: spec.okDescription, content: json(spec.ok) },
      400: { description: spec.errors[400], content: json(ActionErrorSchema) },
      ...COMMON,
      404: {
        description: `${spec.errors[404] ?? 'Not found.'} An id that is not a lowercase hyphenated UUID is Django's HTML page.`,
        content: { ...json(ErrorEnvelopeSchema), 'text/html': { schema: HtmlPageSchema } }
      }
    }
  }
}

const SESSION_NOTE = 'It changes the session it is sent in (`X-Mock-Session`, the default one without it): the listing, the read endpoints and the journal show the change at once, and `POST /__mock/reset` undoes it.'

export function actionOperations (): Record<'execute' | 'cancel' | 'rerun' | 'chatExecute' | 'batch' | 'sendMessage' | 'updateCall', FastifySchema> {
  return {
    execute: operation({
      id: 'executeRunTest',
      summary: 'Start a test execution',
      description: 'Starts a test execution of the run test with one call per scenario (all of the run test\'s, or `scenario_ids`). ' +
        'Its calls move through `pending`, `queued`, `ongoing`, `analyzing` and `completed` (or `failed`) as the session\'s clock advances. ' +
        'The body is snake_case; an unknown key is a 400. ' + SESSION_NOTE,
      param: ['run_test_id', 'run test'],
      body: ExecuteBodySchema,
      ok: ExecuteResultSchema,
      okDescription: 'The execution started (a plain body, not the `{status, result}` envelope).',
      errors: { 400: 'A body the serializer refuses (DRF\'s messages, `attr` and `details`), or a run test without scenarios.', 404: '"Run test not found".' }
    }),
    cancel: operation({
      id: 'cancelTestExecution',
      summary: 'Cancel a test execution',
      description: 'Calls that are `pending`, `queued` or `ongoing` become `cancelled` ("Cancelled by user"), and the execution too; ' +
        'there is no check of the execution\'s own status. No body is accepted. ' + SESSION_NOTE,
      param: ['test_execution_id', 'test execution'],
      body: EmptyBodySchema,
      ok: CancelResultSchema,
      okDescription: 'The cancellation.',
      errors: { 400: 'Any body: "This endpoint does not accept a request body.".', 404: '"Test execution not found".' }
    }),
    rerun: operation({
      id: 'rerunCalls',
      summary: 'Rerun calls of a test execution',
      description: '`eval_only` evaluates the calls again (their evals are cleared meanwhile; the execution is `evaluating`). ' +
        '`call_and_eval` keeps each call as it stands as a snapshot row of the listing (`is_snapshot: true`) and runs it again from `pending`. ' +
        'With `select_all`, `call_execution_ids` lists the calls to leave out; ids of other executions are ignored. ' + SESSION_NOTE,
      param: ['test_execution_id', 'test execution'],
      body: RerunBodySchema,
      ok: RerunResultSchema,
      okDescription: 'What was rerun.',
      errors: {
        400: 'A body the serializer refuses (neither ids nor `select_all`, an unknown `rerun_type` or key); an execution still `pending`; ' +
          '`call_and_eval` on a text agent; no call matching.',
        404: '"Test execution not found".'
      }
    }),
    chatExecute: operation({
      id: 'chatExecuteRunTest',
      summary: 'Start a chat execution (simulate SDK)',
      description: 'The simulate SDK\'s first step: a test execution in `pending` whose calls the client asks for in batches and drives turn by turn. ' + SESSION_NOTE,
      param: ['run_test_id', 'run test'],
      body: EmptyBodySchema,
      ok: ChatExecuteResponseSchema,
      okDescription: 'The execution, in the `{status, result}` envelope.',
      errors: { 400: 'A body; or a run test without scenarios (the gate\'s answer, with `result` an object).', 404: '"Run test not found.".' }
    }),
    batch: operation({
      id: 'createChatCallBatch',
      summary: 'Create the next batch of chat calls (simulate SDK)',
      description: 'Up to 10 new `pending` chat calls, one per scenario still without one, in the execution\'s scenario order. ' +
        '`has_more` is true while scenarios remain; once every scenario has its call the next request is a 400. ' + SESSION_NOTE,
      param: ['test_execution_id', 'test execution'],
      body: EmptyBodySchema,
      ok: ChatBatchResponseSchema,
      okDescription: 'The calls created, in the envelope.',
      errors: { 400: 'A body; an unknown execution ("Test execution not found", a 400 here); nothing left to create.' }
    }),
    sendMessage: operation({
      id: 'sendChatMessage',
      summary: 'Hold a chat turn with the simulated customer (simulate SDK)',
      description: '`{initiate_chat: true}` starts the chat: the call goes `ongoing` and the answer holds the customer\'s opening line. ' +
        'Then each request carries the agent\'s reply (role `user`, with any `tool_calls`, followed by `tool` results) and `metrics.latency` in ms; ' +
        'the answer holds the customer\'s reply and the whole history. When the customer ends the chat (`chat_ended`), the call is `analyzing` ' +
        'until its evals are done (`completed`). The customer is deterministic: the same agent gets the same conversation. ' + SESSION_NOTE,
      param: ['call_execution_id', 'call execution'],
      body: SendMessageBodySchema,
      ok: SendMessageResponseSchema,
      okDescription: 'The customer\'s answer, in the envelope.',
      errors: {
        400: 'A body the serializer refuses; unknown metric keys; an execution not running; no messages; an empty message; a bound passed.',
        404: '"Call execution not found".'
      }
    }),
    updateCall: operation({
      id: 'updateCallExecutionStatus',
      summary: 'Set a call\'s status (simulate SDK, when the agent fails)',
      description: 'The SDK marks a call `failed` (or `completed` after some turns) when the user\'s agent raises. A `failed` call\'s ' +
        '`ended_reason` is always "Error processing simulation". The status must be lowercase. ' + SESSION_NOTE,
      param: ['call_execution_id', 'call execution'],
      body: CallStatusBodySchema,
      ok: CallExecutionUpdateSchema,
      okDescription: 'The call as the platform\'s call serializer writes it (a plain body).',
      errors: { 400: 'A body the serializer refuses (an unknown status or key).', 404: '"Call execution not found".' }
    })
  }
}
