// Starting, cancelling and rerunning test executions: the platform's three action views, each read as its pipeline, in order.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Session } from '../control/sessions.js'
import type { ActivityCall, ActivityExecution, RunActivity, RunContext } from '../data/activity.js'
import type { CallRecord } from '../data/model.js'
import type { ExecutionView, RunTestModel } from '../data/run-tests.js'
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

/** A test execution the session's actions started (or already took in), with the run test's activity. */
export interface ActedExecution { activity: RunActivity; execution: ActivityExecution }

/** A test execution of a run test's own (configured at start-up or created through the control plane) the session has not acted on yet. */
export interface OwnExecution { runId: string; context: RunContext; view: ExecutionView }

/** The run test's model as the session sees it: its own executions and calls with what the session's actions did to them. */
export function modelOf (session: Session, runId: string): RunTestModel {
  const model = session.store.runTest(runId)
  if (model === null) throw new Error(`run test ${runId} is not in session ${session.name}`)
  return model
}

/** A test execution of any run test the session sees, as it stands; null when there is none of that id. */
export function findExecution (session: Session, id: string): ActedExecution | OwnExecution | null {
  const acted = session.activity.execution(id)
  if (acted !== undefined) return acted
  const store = session.store as SourcedStore
  const now = session.clock.now()
  for (const runId of store.runIds()) {
    const source = store.source(runId)
    const view = source?.runTest.executions(now).find((candidate) => candidate.id === id)
    if (source !== null && source !== undefined && view !== undefined) return { runId, context: contextOf(source, HELD_RUN_SEED), view }
  }
  return null
}

/** The live call of any run test the session sees: one its actions hold, or a row of a run's own; null when there is none of that id. */
export function findCall (session: Session, id: string): { activity: RunActivity; call: ActivityCall } | { runId: string; record: CallRecord } | null {
  const acted = session.activity.call(id)
  if (acted !== undefined) return acted
  const store = session.store as SourcedStore
  const now = session.clock.now()
  for (const runId of store.runIds()) {
    const record = store.runTest(runId)?.findCall(id, now) ?? null
    if (record !== null && !record.isSnapshot) return { runId, record }
  }
  return null
}

/** The run test a found execution belongs to. */
export const runIdOf = (found: ActedExecution | OwnExecution): string => ('execution' in found ? found.activity.runId : found.runId)

/**
 * The execution, taken into the session's actions if it is one of a run's own (counted as one
 * execution against the session's bounds); its calls are taken in one by one as they change.
 */
export function actOn (session: Session, found: ActedExecution | OwnExecution): ActedExecution {
  if ('execution' in found) return found
  return withinBounds(() => {
    session.activity.reserve(1, 0)
    const activity = session.activity.of(found.runId, found.context)
    const { view } = found
    const execution = activity.adoptExecution(view.id, view.ref, view.createdAt, view.scenarioIds)
    session.activity.addedExecution(activity, execution)
    return { activity, execution }
  })
}

/**
 * The session's call of that row: the one its actions hold, or the run's own row taken in now (the
 * caller has reserved room for it). Null for a row whose scenario no longer exists anywhere.
 */
export function callOf (session: Session, acted: ActedExecution, record: CallRecord): ActivityCall | null {
  const held = session.activity.call(record.id)
  if (held !== undefined) return held.call
  const call = acted.activity.adoptCall(acted.execution, record)
  if (call !== null) session.activity.addedCall(acted.activity, call)
  return call
}

/** How many of `records` the session's actions do not hold yet: what taking them in counts. */
export function notHeld (session: Session, records: readonly CallRecord[]): number {
  return records.filter((record) => session.activity.call(record.id) === undefined).length
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
      const found = findExecution(session, request.params.test_execution_id)
      if (found === null) throw viewNotFound('Test execution not found')
      const runId = runIdOf(found)
      request.mockRunTestId = runId
      const now = session.clock.now()
      if ('execution' in found && !found.execution.own) {
        found.activity.cancel(found.execution, now)
      } else {
        // The run's own calls still waiting or running are taken in first, within the session's bounds.
        const model = modelOf(session, runId)
        const view = model.executions(now).find((candidate) => candidate.id === request.params.test_execution_id) as ExecutionView
        const { pending, queued, ongoing } = view.counts.byStatus
        withinBounds(() => session.activity.reserve('execution' in found ? 0 : 1, pending + queued + ongoing))
        const waiting = pending + queued + ongoing === 0
          ? []
          : (model.executionCalls(view.id, { search: '', offset: 0, limit: view.counts.total }, now)?.rows ?? [])
              .filter((record) => record.status === 'pending' || record.status === 'queued' || record.status === 'ongoing')
        const acted = actOn(session, found)
        for (const record of waiting) callOf(session, acted, record)
        acted.activity.cancel(acted.execution, now)
      }
      return sendBody(reply, {
        success: true,
        message: 'Test execution cancellation initiated',
        test_execution_id: request.params.test_execution_id
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
      const teId = request.params.test_execution_id
      const found = findExecution(session, teId)
      if (found === null) throw viewNotFound('Test execution not found')
      const runId = runIdOf(found)
      request.mockRunTestId = runId
      const now = session.clock.now()
      const model = modelOf(session, runId)
      const view = model.executions(now).find((candidate) => candidate.id === teId) as ExecutionView
      const status = view.status
      if (status === 'pending' || status === 'cancelling') {
        throw badRequest(`Cannot rerun calls while test execution is in '${status}' status. Wait for it to complete or cancel it first.`)
      }
      const { plan } = 'execution' in found ? found.activity.context : found.context
      if (body.rerun_type !== 'eval_only' && plan.executions[0]?.agentDefinition != null && plan.callType === 'text') {
        throw badRequest("Text/Chat agents only support 'eval_only' rerun type.")
      }
      const listed = new Set(body.call_execution_ids)
      const snapshots = body.rerun_type === 'call_and_eval' ? 1 : 0
      let chosenRecords: CallRecord[]
      if ('execution' in found && !found.execution.own) {
        const { activity, execution } = found
        chosenRecords = execution.calls.filter((call) => body.select_all ? !listed.has(call.id) : listed.has(call.id)).map((call) => activity.viewOf(call, now))
      } else if (body.select_all) {
        // Every call of the execution: the session's bounds are checked before any is read.
        withinBounds(() => session.activity.reserve('execution' in found ? 0 : 1, view.counts.total * (1 + snapshots)))
        chosenRecords = (model.executionCalls(teId, { search: '', offset: 0, limit: view.counts.total }, now)?.rows ?? []).filter((record) => !listed.has(record.id))
      } else {
        chosenRecords = [...listed].map((id) => model.findCall(id, now)).filter((record): record is CallRecord => record !== null && !record.isSnapshot && record.testExecution.id === teId)
      }
      if (chosenRecords.length === 0) throw badRequest('No call executions found that can be rerun.')
      withinBounds(() => session.activity.reserve('execution' in found ? 0 : 1, notHeld(session, chosenRecords) + snapshots * chosenRecords.length))
      const acted = actOn(session, found)
      const { activity, execution } = acted
      const chosen = chosenRecords.map((record) => callOf(session, acted, record)).filter((call): call is ActivityCall => call !== null)
      withinBounds(() => {
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
