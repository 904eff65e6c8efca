// Starting, cancelling and rerunning test executions: the platform's three action views, each read as its pipeline, in order.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Session } from '../control/sessions.js'
import type { ActivityCall, RunContext } from '../data/activity.js'
import type { SourcedStore } from '../data/store.js'
import { contextOf } from '../data/run-context.js'
import { LimitReached } from '../data/session-activity.js'
import { badRequest, viewNotFound } from '../errors.js'
import { actionOperations } from '../openapi/action-operations.js'
import { EXECUTE_BODY, RERUN_BODY } from '../schemas/actions.js'
import { guardView, keepBodiesAsText, noBody, sendBody, validated, viewRoute, type PlatformViewOptions } from './platform-view.js'

/** Seed of the calls drawn for runs written out, which have none of their own. */
const HELD_RUN_SEED = 1

/** The run test `runId` as a session sees it, with what new calls of it are drawn from; null when the session has no such run. */
export function runOf (session: Session, runId: string): { context: RunContext } | null {
  const source = (session.store as SourcedStore).source?.(runId) ?? null
  if (source === null) return null
  return { context: contextOf(source, HELD_RUN_SEED) }
}

/** Runs `act`, turning a bound reached into the platform's 400 naming it. */
export function withinBounds<T> (act: () => T): T {
  try {
    return act()
  } catch (error) {
    if (error instanceof LimitReached) throw badRequest(error.message)
    throw error
  }
}

/**
 * A new test execution of `runId` in the session, with `calls` of its calls counted against the
 * session's bounds first (a bound reached is the platform's 400 and starts nothing).
 */
export function startExecution (session: Session, runId: string, context: RunContext, kind: 'execute' | 'chat', scenarioIds: string[], calls: number) {
  return withinBounds(() => {
    session.activity.reserve(1, calls)
    const activity = session.activity.of(runId, context)
    const started = activity.startExecution(kind, scenarioIds, session.clock.now())
    session.activity.addedExecution(activity, started)
    return started
  })
}

interface RunParams { run_test_id: string }
interface ExecutionParams { test_execution_id: string }

/** The platform's views that change a world: the credentials, and the session (or the process-wide world) a request acts in. */
export interface ActionViewOptions extends PlatformViewOptions {
  sessionOf: (request: FastifyRequest) => Session
}

export async function actionRoutes (app: FastifyInstance, options: ActionViewOptions): Promise<void> {
  keepBodiesAsText(app)
  const docs = actionOperations()

  viewRoute<RunParams>(app, {
    method: 'POST',
    url: '/simulate/run-tests/:run_test_id/execute/',
    schema: docs.execute,
    guard: guardView(options, 'run_test_id', ['POST'], {
      name: 'Run Test Execution',
      description: 'API View to execute a test run with all its scenarios'
    }),
    handler: async function executeRunTest (request, reply) {
      const body = validated(request, EXECUTE_BODY)
      const session = options.sessionOf(request)
      const runId = request.params.run_test_id
      request.mockRunTestId = runId
      const run = runOf(session, runId)
      if (run === null) throw viewNotFound('Run test not found')
      const known = run.context.plan.scenarios.map((scenario) => scenario.id)
      const scenarioIds = body.scenario_ids.length > 0 ? body.scenario_ids : known
      if (scenarioIds.length === 0) throw badRequest('At least one scenario is required to execute the test.')
      const calls = scenarioIds.filter((id) => known.includes(id)).length
      const execution = startExecution(session, runId, run.context, 'execute', scenarioIds, calls)
      return sendBody(reply, {
        message: 'Test execution started successfully',
        execution_id: execution.id,
        run_test_id: runId,
        status: 'started',
        total_scenarios: scenarioIds.length,
        total_calls: execution.calls.length,
        scenario_ids: scenarioIds
      })
    }
  })

  viewRoute<ExecutionParams>(app, {
    method: 'POST',
    url: '/simulate/test-executions/:test_execution_id/cancel/',
    schema: docs.cancel,
    guard: guardView(options, 'test_execution_id', ['POST'], {
      name: 'Test Execution Cancel',
      description: 'API View to cancel a test execution\nSupports cancelling by run_test_id (latest execution) or specific test_execution_id'
    }),
    handler: async function cancelTestExecution (request, reply) {
      noBody(request)
      const session = options.sessionOf(request)
      const found = session.activity.execution(request.params.test_execution_id)
      if (found === undefined) throw viewNotFound('Test execution not found')
      request.mockRunTestId = found.activity.runId
      found.activity.cancel(found.execution, session.clock.now())
      return sendBody(reply, {
        success: true,
        message: 'Test execution cancellation initiated',
        test_execution_id: found.execution.id
      })
    }
  })

  viewRoute<ExecutionParams>(app, {
    method: 'POST',
    url: '/simulate/test-executions/:test_execution_id/rerun-calls/',
    schema: docs.rerun,
    guard: guardView(options, 'test_execution_id', ['POST'], {
      name: 'Call Execution Rerun',
      description: 'API View to handle bulk call execution rerun requests'
    }),
    handler: async function rerunCalls (request: FastifyRequest<{ Params: ExecutionParams }>, reply) {
      const body = validated(request, RERUN_BODY)
      const session = options.sessionOf(request)
      const found = session.activity.execution(request.params.test_execution_id)
      if (found === undefined) throw viewNotFound('Test execution not found')
      request.mockRunTestId = found.activity.runId
      const { activity, execution } = found
      const now = session.clock.now()
      const status = activity.statusOf(execution, now)
      if (status === 'pending') {
        throw badRequest(`Cannot rerun calls while test execution is in '${status}' status. Wait for it to complete or cancel it first.`)
      }
      const { plan } = activity.context
      if (body.rerun_type !== 'eval_only' && plan.executions[0]?.agentDefinition != null && plan.callType === 'text') {
        throw badRequest("Text/Chat agents only support 'eval_only' rerun type.")
      }
      const listed = new Set(body.call_execution_ids)
      const chosen: ActivityCall[] = body.select_all
        ? execution.calls.filter((call) => !listed.has(call.id))
        : execution.calls.filter((call) => listed.has(call.id))
      if (chosen.length === 0) throw badRequest('No call executions found that can be rerun.')
      withinBounds(() => {
        if (body.rerun_type === 'call_and_eval') session.activity.reserve(0, chosen.length)
        for (const call of chosen) {
          if (body.rerun_type === 'eval_only') {
            activity.rerunEvals(call, now)
          } else {
            activity.rerunCall(call, now)
            session.activity.addedSnapshot()
          }
        }
      })
      const ids = chosen.map((call) => call.id)
      return sendBody(reply, {
        message: `Bulk call execution rerun prepared and initiated successfully (${body.rerun_type})`,
        test_execution_id: execution.id,
        rerun_type: body.rerun_type,
        total_processed: ids.length,
        successful_reruns: ids,
        failed_reruns: [],
        success_count: ids.length,
        failure_count: 0,
        dispatch_error: null
      })
    }
  })
}
