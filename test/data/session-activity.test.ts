// What a session's actions may keep: each bound refuses the request that would pass it, names it, and frees what a reset or a deleted run held.
import t from 'tap'
import { ACTIVITY_LIMITS, newUsage } from '../../src/data/activity.js'
import { planRun } from '../../src/data/run-plan.js'
import { LimitReached, PROCESS_ACTIVITY_LIMITS, SessionActivity } from '../../src/data/session-activity.js'

const RUN = 'c4a7c4a7-0000-4000-8000-000000000001'
const context = { seed: 1, plan: planRun(1, { id: RUN, rows: 0, profile: 'finished', callType: 'text', scenarios: 3 }) }

t.test('a session refuses executions and calls past its bounds, naming them', async (t) => {
  const activity = new SessionActivity(() => {})
  activity.usage.executions = ACTIVITY_LIMITS.executions
  t.throws(() => activity.reserve(1, 0), new LimitReached(`This session already holds ${ACTIVITY_LIMITS.executions} test executions started through the API; the mock keeps at most ${ACTIVITY_LIMITS.executions} per session. Reset the session (POST /__mock/reset) to start again.`))
  activity.usage.executions = 0
  activity.usage.calls = ACTIVITY_LIMITS.calls - 2
  t.doesNotThrow(() => activity.reserve(1, 2))
  t.throws(() => activity.reserve(1, 3), /at most 50000 per session/)
  activity.usage.messages = ACTIVITY_LIMITS.messages
  t.throws(() => activity.reserveMessages(1, 10), /at most 200000 per session/)
})

t.test('all sessions together are bounded too, and what a session held is freed when it is released', async (t) => {
  const shared = newUsage()
  const first = new SessionActivity(() => {}, shared)
  const second = new SessionActivity(() => {}, shared)
  const run = first.of(RUN, context)
  const execution = run.startExecution('chat', run.context.plan.scenarios.map((scenario) => scenario.id), 0)
  first.addedExecution(run, execution)
  const call = run.addCall(execution, run.context.plan.scenarios[0] as never, 0, 'chat')
  first.addedCall(run, call)
  first.addedRows([run.initiate(call, 0)])
  t.match(shared, { executions: 1, calls: 1, messages: 1 })
  t.ok(shared.characters > 0)
  shared.characters = PROCESS_ACTIVITY_LIMITS.characters
  t.throws(() => second.reserveMessages(1, 1), /All sessions' chat messages together/)
  shared.characters = first.usage.characters
  first.release()
  t.same(shared, newUsage(), 'a reset session counts for nothing')
})

t.test('forgetting a deleted run frees its executions, calls and messages', async (t) => {
  const activity = new SessionActivity(() => {})
  const run = activity.of(RUN, context)
  const execution = run.startExecution('chat', [], 0)
  activity.addedExecution(run, execution)
  const call = run.addCall(execution, run.context.plan.scenarios[1] as never, 0, 'chat')
  activity.addedCall(run, call)
  activity.addedRows([run.initiate(call, 0)])
  activity.forget(RUN)
  t.same(activity.usage, newUsage())
  t.equal(activity.call(call.id), undefined)
  t.equal(activity.execution(execution.id), undefined)
})
