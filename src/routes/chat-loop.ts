// The simulate SDK's chat loop: start a chat execution, create its calls in batches, hold each chat turn by turn, and mark a call failed.
import type { FastifyInstance } from 'fastify'
import type { Session } from '../control/sessions.js'
import { ACTIVITY_LIMITS, type ActivityCall, type RunActivity, type WireMessage } from '../data/activity.js'
import type { CallRecord } from '../data/model.js'
import { storedEvalOutputs } from '../data/present.js'
import { formatMicros } from '../domain/datetime.js'
import { readChatMessages, readMetrics } from '../domain/chat-messages.js'
import { FieldValidationError, NoScenariosError, badRequest, viewNotFound, viewServerError } from '../errors.js'
import { actionOperations } from '../openapi/action-operations.js'
import { CALL_STATUS_BODY, SEND_MESSAGE_BODY } from '../schemas/actions.js'
import { actOn, callOf, findCall, findExecution, modelOf, runIdOf, runOf, startExecution, withinBounds, type ActionViewOptions } from './actions.js'
import { guardView, viewRoute, keepBodiesAsText, noBody, sendBody, validated } from './platform-view.js'

/** Calls one batch creates at most. */
export const BATCH_SIZE = 10

interface RunParams { run_test_id: string }
interface ExecutionParams { test_execution_id: string }
interface CallParams { call_execution_id: string }

/** A failed call's reason, whatever the client says (the platform never keeps the client's text). */
const GENERIC_FAILURE = 'Error processing simulation'

export async function chatLoopRoutes (app: FastifyInstance, options: ActionViewOptions): Promise<void> {
  keepBodiesAsText(app)
  const docs = actionOperations()

  viewRoute<RunParams>(app, {
    method: 'POST',
    url: '/simulate/run-tests/:run_test_id/chat-execute/',
    schema: docs.chatExecute,
    guard: guardView(options, 'run_test_id', ['POST'], {
      name: 'Run Test Chat Execution',
      description: 'API View to execute a test run with all its scenarios'
    }),
    handler: async function chatExecute (request, reply) {
      noBody(request)
      const session = options.sessionOf(request)
      const runId = request.params.run_test_id
      request.mockRunTestId = runId
      const run = runOf(session, runId)
      if (run === null) throw viewNotFound('Run test not found.')
      const scenarioIds = run.context.plan.scenarios.map((scenario) => scenario.id)
      if (scenarioIds.length === 0) throw new NoScenariosError()
      // Chat calls are made batch by batch, each counted then.
      const execution = startExecution(session, runId, run.context, 'chat', scenarioIds, 0)
      return sendBody(reply, {
        status: true,
        result: {
          message: 'Test execution started successfully',
          execution_id: execution.id,
          run_test_id: runId,
          status: 'pending',
          total_scenarios: scenarioIds
        }
      })
    }
  })

  viewRoute<ExecutionParams>(app, {
    method: 'POST',
    url: '/simulate/test-executions/:test_execution_id/chat/call-executions/batch/',
    schema: docs.batch,
    guard: guardView(options, 'test_execution_id', ['POST'], {
      name: 'Test Execution Chat Batch',
      description: 'Create a batch of CallExecution records for chat execution.\n\nThis endpoint has side effects (creates CallExecution rows), so it is POST-only.'
    }),
    handler: async function createChatBatch (request, reply) {
      noBody(request)
      const session = options.sessionOf(request)
      const found = findExecution(session, request.params.test_execution_id)
      if (found === null) throw badRequest('Test execution not found')
      request.mockRunTestId = runIdOf(found)
      // A run's own execution already has a call for each of its scenarios.
      if (!('execution' in found) || found.execution.own) {
        throw badRequest('No remaining call executions to create. All scenarios and rows have been processed.')
      }
      const { activity, execution } = found
      const processed = new Set(execution.calls.filter((call) => call.execution.ref.simulationCallType === 'text' && call.mode.kind === 'chat').map((call) => call.scenario.id))
      // The platform walks the execution's scenarios in order, and says there is more when it stops at a full batch.
      const batch: string[] = []
      let hasMore = false
      for (const scenarioId of execution.scenarioIds) {
        if (batch.length >= BATCH_SIZE) {
          hasMore = true
          break
        }
        if (!processed.has(scenarioId) && activity.scenario(scenarioId) !== undefined) batch.push(scenarioId)
      }
      if (batch.length === 0) {
        throw badRequest('No remaining call executions to create. All scenarios and rows have been processed.')
      }
      const now = session.clock.now()
      const calls = withinBounds(() => {
        session.activity.reserve(0, batch.length)
        return batch.map((scenarioId) => {
          const call = activity.addCall(execution, activity.scenario(scenarioId) as NonNullable<ReturnType<typeof activity.scenario>>, now, 'chat')
          session.activity.addedCall(activity, call)
          return call
        })
      })
      return sendBody(reply, {
        status: true,
        result: { call_execution_ids: calls.map((call) => call.id), has_more: hasMore, batched_scenarios: batch }
      })
    }
  })

  viewRoute<CallParams>(app, {
    method: 'POST',
    url: '/simulate/call-executions/:call_execution_id/chat/send-message/',
    schema: docs.sendMessage,
    guard: guardView(options, 'call_execution_id', ['POST'], {
      name: 'Chat Send Message',
      description: 'API View to send a message to a chat execution'
    }),
    handler: async function sendChatMessage (request, reply) {
      const body = validated(request, SEND_MESSAGE_BODY)
      const messages = readChatMessages(body.messages)
      if ('error' in messages) throw new FieldValidationError([['messages', messages.error]])
      const session = options.sessionOf(request)
      const found = findCall(session, request.params.call_execution_id)
      if (found === null) throw viewNotFound('Call execution not found')
      const now = session.clock.now()
      if (!('call' in found) || found.call.mode.kind === 'own') {
        // A call of a run's own executions: a chat only as far as the checks go, as it has no chat session to continue.
        const record = 'call' in found ? found.activity.viewOf(found.call, now) : found.record
        request.mockRunTestId = 'call' in found ? found.activity.runId : found.runId
        if (record.testExecution.simulationCallType !== 'text') throw badRequest('Call execution is not a chat execution')
        const status = modelOf(session, request.mockRunTestId).executions(now).find((view) => view.id === record.testExecution.id)?.status
        if (body.initiate_chat && status !== 'running' && status !== 'evaluating' && status !== 'pending') {
          throw badRequest('Test execution is not running, evaluating, or pending so no call to be made')
        }
        if (!body.initiate_chat && status !== 'running' && status !== 'evaluating') {
          throw badRequest('Test execution is not running or evaluating so no call to be made')
        }
        throw badRequest('Call execution is not a chat execution')
      }
      request.mockRunTestId = found.activity.runId
      const { activity, call } = found
      if (call.mode.kind !== 'chat') throw badRequest('Call execution is not a chat execution')
      const metrics = readMetrics(body.metrics)
      if ('error' in metrics) throw badRequest(metrics.error)
      const executionStatus = activity.statusOf(call.execution, now)

      if (body.initiate_chat) {
        if (executionStatus !== 'running' && executionStatus !== 'evaluating' && executionStatus !== 'pending') {
          throw badRequest('Test execution is not running, evaluating, or pending so no call to be made')
        }
        const row = withinBounds(() => {
          session.activity.reserveMessages(1, ACTIVITY_LIMITS.messageCharacters)
          const opening = activity.initiate(call, now)
          session.activity.addedRows([opening])
          return opening
        })
        const opening = row.content
        return sendBody(reply, { status: true, result: { output_message: opening, message_history: opening, chat_ended: false } })
      }

      if (executionStatus !== 'running' && executionStatus !== 'evaluating') {
        throw badRequest('Test execution is not running or evaluating so no call to be made')
      }
      const sent = messages.value
      if (sent === null || sent.length === 0) throw badRequest('Messages are required')
      if (sent.some((message) => message.content === undefined || message.content.trim() === '')) throw badRequest('Empty messages are not allowed')
      checkSizes(sent)
      if (activity.statusAt(call, now) !== 'ongoing') {
        // The platform marks the call failed with its own exception's text, then answers 500.
        activity.patch(call, 'failed', 'Call execution is not ongoing', now)
        throw viewServerError('Failed to send message: Error sending message to chat: Call execution is not ongoing')
      }
      const latency = metrics.value?.latency ?? null
      const answer = withinBounds(() => {
        session.activity.reserveMessages(sent.length + 1, sent.reduce((sum, message) => sum + (message.content?.length ?? 0), 0) + ACTIVITY_LIMITS.messageCharacters)
        const before = chatRows(call)
        const result = activity.send(call, sent as WireMessage[], latency === null ? null : Math.trunc(latency), now)
        session.activity.addedRows(call.mode.kind === 'chat' ? call.mode.chat.rows.slice(before) : [])
        return result
      })
      return sendBody(reply, {
        status: true,
        result: {
          input_message: answer.input,
          output_message: answer.output,
          message_history: activity.history(call),
          chat_ended: answer.ended
        }
      })
    }
  })

  viewRoute<CallParams>(app, {
    method: 'PATCH',
    url: '/simulate/call-executions/:call_execution_id/',
    servedElsewhere: ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE'],
    schema: docs.updateCall,
    guard: guardView(options, 'call_execution_id', ['GET', 'PATCH', 'HEAD'], {
      name: 'Call Execution Detail',
      description: 'API View to retrieve a specific call execution with all its details'
    }),
    handler: async function updateCallStatus (request, reply) {
      const body = validated(request, CALL_STATUS_BODY)
      const session = options.sessionOf(request)
      const found = findCall(session, request.params.call_execution_id)
      if (found === null) throw viewNotFound('Call execution not found')
      request.mockRunTestId = 'call' in found ? found.activity.runId : found.runId
      const now = session.clock.now()
      const { activity, call } = 'call' in found ? found : adoptCall(session, found.record)
      let reason: string | null = null
      if (body.status === 'failed') reason = GENERIC_FAILURE
      else if ((body.status === 'cancelled' || body.status === 'completed') && body.ended_reason !== null) reason = body.ended_reason.slice(0, 200)
      activity.patch(call, body.status, reason, now)
      return sendBody(reply, callSerializerView(activity.viewOf(call, now), call, now))
    }
  })
}

/** A call of a run's own executions, taken into the session's actions (with its execution) within the session's bounds. */
function adoptCall (session: Session, record: CallRecord): { activity: RunActivity; call: ActivityCall } {
  const execution = findExecution(session, record.testExecution.id)
  if (execution === null) throw new Error(`call ${record.id} has no execution ${record.testExecution.id}`)
  withinBounds(() => session.activity.reserve('execution' in execution ? 0 : 1, 1))
  const acted = actOn(session, execution)
  const call = callOf(session, acted, record)
  if (call === null) throw viewNotFound('Call execution not found')
  return { activity: acted.activity, call }
}

function chatRows (call: ActivityCall): number {
  return call.mode.kind === 'chat' ? call.mode.chat.rows.length : 0
}

/** Refuses messages past the per-request bounds, naming the bound. */
function checkSizes (sent: ReadonlyArray<{ content?: string; tool_calls?: Array<{ function: { arguments: string } }> }>): void {
  if (sent.length > ACTIVITY_LIMITS.messagesPerRequest) {
    throw badRequest(`Too many messages in one request: ${sent.length}; the mock takes at most ${ACTIVITY_LIMITS.messagesPerRequest}.`)
  }
  for (const message of sent) {
    if ((message.content?.length ?? 0) > ACTIVITY_LIMITS.messageCharacters) {
      throw badRequest(`A message of ${message.content?.length ?? 0} characters is longer than the mock keeps: at most ${ACTIVITY_LIMITS.messageCharacters}.`)
    }
    const toolCalls = message.tool_calls ?? []
    if (toolCalls.length > ACTIVITY_LIMITS.toolCallsPerMessage) {
      throw badRequest(`A message with ${toolCalls.length} tool calls has more than the mock keeps: at most ${ACTIVITY_LIMITS.toolCallsPerMessage}.`)
    }
    if (toolCalls.some((toolCall) => toolCall.function.arguments.length > ACTIVITY_LIMITS.messageCharacters)) {
      throw badRequest(`Tool call arguments longer than the mock keeps: at most ${ACTIVITY_LIMITS.messageCharacters} characters.`)
    }
  }
}

const formatOptional = (micros: number | null): string | null => (micros === null ? null : formatMicros(micros))

/** The call as the platform's `CallExecutionSerializer` writes it (the answer to `PATCH`). */
function callSerializerView (record: CallRecord, call: ActivityCall, now: number): Record<string, unknown> {
  const chat = call.mode.kind === 'chat' ? call.mode.chat : null
  const ended = record.status === 'completed' || record.status === 'failed' || record.status === 'cancelled'
  const endedAt = ended ? (call.patched?.at ?? record.timestamp) : null
  return {
    id: record.id,
    phone_number: record.testExecution.simulationCallType === 'text' ? '' : record.testExecution.phoneNumber,
    service_provider_call_id: record.providerCallId,
    status: record.status,
    started_at: formatOptional(record.startTime),
    completed_at: formatOptional(chat?.ended?.at ?? null),
    duration_seconds: record.duration === null ? null : Math.trunc(record.duration),
    recording_url: record.audioUrl,
    cost_cents: record.costCents,
    call_metadata: {
      call_direction: record.testExecution.callDirection.toLowerCase(),
      call_channel: record.testExecution.simulationCallType === 'text' ? 'chat' : 'voice',
      language: 'en',
      ...(chat?.startedAt == null ? {} : { chat_session_id: `chat-${record.id.slice(0, 8)}`, chat_provider: 'vapi' })
    },
    error_message: null,
    scenario_name: record.scenario?.name ?? null,
    transcripts: [],
    created_at: formatMicros(record.createdAt),
    updated_at: formatMicros(Math.max(now, record.timestamp)),
    provider_call_data: null,
    stereo_recording_url: record.recordings.stereo ?? null,
    ended_reason: record.endedReason,
    stt_cost_cents: null,
    llm_cost_cents: null,
    tts_cost_cents: null,
    overall_score: record.overallScore,
    response_time_ms: record.responseTimeMs,
    response_time_seconds: record.responseTimeMs === null ? null : Math.round(record.responseTimeMs) / 1000,
    assistant_id: null,
    customer_number: record.customerNumber,
    call_type: record.providerCallType,
    ended_at: formatOptional(endedAt),
    analysis_data: null,
    evaluation_data: null,
    message_count: chat?.rows.length ?? record.transcript.length,
    transcript_available: record.transcript.length > 0,
    recording_available: record.audioUrl !== null,
    eval_outputs: storedEvalOutputs(record.evals),
    error_localizer_tasks: [],
    call_summary: record.callSummary,
    agent_version: null,
    customer_cost_cents: null,
    system_metrics: null,
    cost_breakdown: null,
    customer_call_id: record.providerCallId,
    simulation_call_type: record.testExecution.simulationCallType,
    processing_skipped: false,
    processing_skip_reason: null
  }
}
