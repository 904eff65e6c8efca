// Execute, cancel and rerun over HTTP, then the listing, status, executions and call detail read back at several instants of the clock.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' }
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

// Answers are read as loosely typed JSON: each test asserts the shape it relies on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

const post = async (app: FastifyInstance, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...JSON_HEADERS, ...headers }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) })
const get = async (app: FastifyInstance, url: string) => app.inject({ url, headers: AUTH })
const advance = async (app: FastifyInstance, by: string) =>
  app.inject({ method: 'POST', url: '/__mock/clock', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ advance: by }) })

async function execute (app: FastifyInstance, runId = DEMO_RUN, body: unknown = {}): Promise<Json> {
  const res = await post(app, `/simulate/run-tests/${runId}/execute/`, body)
  if (res.statusCode !== 200) throw new Error(`execute: ${res.body}`)
  return res.json() as Json
}

const statusOf = async (app: FastifyInstance, runId = DEMO_RUN): Promise<Json> => (await get(app, `/simulate/run-tests/${runId}/status/`)).json() as Json
const callsOf = async (app: FastifyInstance, te: string): Promise<Json[]> => (await get(app, `/simulate/test-executions/${te}/?limit=100`)).json().results as Json[]

t.test('execute starts an execution whose calls move through their lifecycle as the clock advances', async (t) => {
  const app = build(t, { contract: 'platform' })
  const before = (await get(app, listPath(DEMO_RUN))).json().count as number
  const started = await execute(app)
  t.match(started, { message: 'Test execution started successfully', run_test_id: DEMO_RUN, status: 'started' })
  t.equal(started.total_calls, started.scenario_ids.length)
  t.equal(started.total_scenarios, started.scenario_ids.length)
  const te = started.execution_id as string

  const seen: string[] = []
  for (const step of [null, '3s', '30s', '10m']) {
    if (step !== null) await advance(app, step)
    const status = await statusOf(app)
    seen.push(status.status as string)
    t.equal(status.execution_id, te, 'the newest execution is the one started')
    const calls = await callsOf(app, te)
    t.equal(calls.length, started.total_calls)
    const counted = calls.filter((call) => call.status === 'completed' || call.status === 'analyzing').length
    t.equal(status.completed_calls, counted, 'status counts the calls the execution lists')
    const listing = (await get(app, listPath(DEMO_RUN, '?limit=100'))).json() as Json
    t.equal(listing.count, before + started.total_calls, 'the listing has the new calls too')
    const ids = new Set((listing.results as Json[]).map((row) => row.id))
    t.ok(calls.every((call) => ids.has(call.id)), 'every call of the execution is in the listing')
    if (step === null) t.ok(calls.every((call) => call.status === 'pending'), 'all pending at first')
    if (step === '3s') t.ok(calls.every((call) => call.status === 'queued'), 'then queued')
  }
  t.same(seen, ['pending', 'pending', 'running', 'completed'])
  const calls = await callsOf(app, te)
  t.ok(calls.every((call) => call.status === 'completed' || call.status === 'failed'), 'every call ends')
  const one = (await get(app, `/simulate/call-executions/${calls[0]?.id as string}/`)).json() as Json
  t.equal(one.status, calls[0]?.status, 'the call detail agrees with its row')
  const executions = (await get(app, `/simulate/run-tests/${DEMO_RUN}/executions/?limit=1`)).json() as Json
  t.match(executions.results[0], { id: te, status: 'Completed', calls: started.total_calls })
})

t.test('the same seed and clock give the same executed rows in another app', async (t) => {
  const rows = async () => {
    const app = build(t, { contract: 'platform' })
    const { execution_id: te } = await execute(app)
    await advance(app, '90s')
    return (await app.inject({ url: `/simulate/test-executions/${te as string}/?limit=100`, headers: AUTH })).body
  }
  t.equal(await rows(), await rows())
})

t.test('cancel mid-run stops the calls still waiting or running, and not the ones done', async (t) => {
  const app = build(t, { contract: 'platform' })
  const { execution_id: te } = await execute(app, DEMO_RUN, {})
  await advance(app, '90s')
  const before = await callsOf(app, te as string)
  const res = await post(app, `/simulate/test-executions/${te as string}/cancel/`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { success: true, message: 'Test execution cancellation initiated', test_execution_id: te })
  await advance(app, '10m')
  const after = await callsOf(app, te as string)
  for (const call of after) {
    const earlier = before.find((candidate) => candidate.id === call.id) as Json
    if (['pending', 'queued', 'ongoing'].includes(earlier.status as string)) {
      t.equal(call.status, 'cancelled')
      t.equal(call.ended_reason, 'Cancelled by user')
    } else {
      t.not(call.status, 'cancelled', 'a call that had ended keeps its state')
    }
  }
  t.equal((await statusOf(app)).status, 'cancelled')
})

t.test('call_and_eval keeps each call as a snapshot row and runs it again; eval_only clears the evals a while', async (t) => {
  const app = build(t, { contract: 'platform' })
  const { execution_id: te, total_calls: total } = await execute(app)
  await advance(app, '10m')
  const calls = await callsOf(app, te as string)
  const [first, second] = calls as [Json, Json]
  const count = (await get(app, listPath(DEMO_RUN))).json().count as number

  const rerun = await post(app, `/simulate/test-executions/${te as string}/rerun-calls/`, { rerun_type: 'call_and_eval', call_execution_ids: [first.id, UNKNOWN] })
  t.equal(rerun.statusCode, 200)
  t.same(rerun.json(), {
    message: 'Bulk call execution rerun prepared and initiated successfully (call_and_eval)',
    test_execution_id: te,
    rerun_type: 'call_and_eval',
    total_processed: 1,
    successful_reruns: [first.id],
    failed_reruns: [],
    success_count: 1,
    failure_count: 0,
    dispatch_error: null
  }, 'unknown ids are dropped')
  const listing = (await get(app, listPath(DEMO_RUN, '?limit=3'))).json() as Json
  t.equal(listing.count, count + 1, 'one snapshot row more')
  const snapshot = (listing.results as Json[]).find((row) => row.is_snapshot === true) as Json
  t.match(snapshot, { original_call_execution_id: first.id, rerun_type: 'call_and_eval', status: first.status })
  t.not(snapshot.id, first.id)
  t.equal(((listing.results as Json[]).find((row) => row.id === first.id) as Json).status, 'pending', 'the call runs again')
  t.equal((await statusOf(app)).status, 'running')
  t.match((await get(app, `/simulate/test-executions/${te as string}/?limit=100`)).json(), { count: total }, 'an execution counts its calls, not the snapshots')
  t.equal((await get(app, `/simulate/call-executions/${snapshot.id as string}/`)).statusCode, 404, 'a snapshot row is not a call')

  await advance(app, '10m')
  const evalOnly = await post(app, `/simulate/test-executions/${te as string}/rerun-calls/`, { rerun_type: 'eval_only', select_all: true, call_execution_ids: [second.id] })
  t.equal(evalOnly.json().total_processed, total - 1, 'select_all leaves the listed ids out')
  t.equal((await statusOf(app)).status, 'evaluating')
  const during = (await get(app, `/simulate/call-executions/${first.id as string}/`)).json() as Json
  t.same(during.eval_outputs, {}, 'evals cleared while they run again')
  t.equal((await get(app, listPath(DEMO_RUN))).json().count, count + 1, 'eval_only adds no row')
  await advance(app, '1m')
  t.equal((await statusOf(app)).status, 'completed')
})

t.test('execute, cancel and rerun-calls answer the platform\'s 400s and 404s', async (t) => {
  const app = build(t, { contract: 'platform' })
  const { execution_id: te } = await execute(app)
  const bare = await app.inject({ method: 'POST', url: '/__mock/runs', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ id: 'b0b0b0b0-0000-4000-8000-000000000000', rows: [] }) })
  t.equal(bare.statusCode, 201)
  const cases: Array<[string, string, unknown, number, Json]> = [
    ['an unknown key to execute', `/simulate/run-tests/${DEMO_RUN}/execute/`, { scenarioIds: [] }, 400, { code: 'invalid', message: 'scenarioIds: Unknown field.', attr: 'scenarioIds', details: { scenarioIds: ['Unknown field.'] } }],
    ['a scenario id that is no UUID', `/simulate/run-tests/${DEMO_RUN}/execute/`, { scenario_ids: ['x'] }, 400, { message: 'scenario_ids: 0: Must be a valid UUID.' }],
    ['a run test without scenarios', '/simulate/run-tests/b0b0b0b0-0000-4000-8000-000000000000/execute/', {}, 400, { message: 'At least one scenario is required to execute the test.' }],
    ['an unknown run test', `/simulate/run-tests/${UNKNOWN}/execute/`, {}, 404, { message: 'Run test not found' }],
    ['a body to cancel', `/simulate/test-executions/${te as string}/cancel/`, { reason: 'x' }, 400, { message: 'This endpoint does not accept a request body.', attr: 'reason' }],
    ['cancel of an unknown execution', `/simulate/test-executions/${UNKNOWN}/cancel/`, undefined, 404, { message: 'Test execution not found' }],
    ['a rerun of a pending execution', `/simulate/test-executions/${te as string}/rerun-calls/`, { rerun_type: 'eval_only', select_all: true }, 400, { message: "Cannot rerun calls while test execution is in 'pending' status. Wait for it to complete or cancel it first." }],
    ['neither ids nor select_all', `/simulate/test-executions/${te as string}/rerun-calls/`, { rerun_type: 'eval_only' }, 400, { message: "Either 'select_all' must be True or 'call_execution_ids' must be provided", details: { non_field_errors: ["Either 'select_all' must be True or 'call_execution_ids' must be provided"] } }],
    ['an unknown rerun type', `/simulate/test-executions/${te as string}/rerun-calls/`, { rerun_type: 'all', select_all: true }, 400, { code: 'invalid_choice', message: 'rerun_type: "all" is not a valid choice.' }],
    ['a body that is not JSON', `/simulate/test-executions/${te as string}/rerun-calls/`, 'raw', 400, {}]
  ]
  for (const [title, url, body, status, expected] of cases) {
    const res = body === 'raw'
      ? await app.inject({ method: 'POST', url, headers: JSON_HEADERS, payload: '{"rerun_type":' })
      : await post(app, url, body)
    t.equal(res.statusCode, status, title)
    t.match(res.json(), { status: false, ...expected }, title)
  }
  const notJson = await app.inject({ method: 'POST', url: `/simulate/test-executions/${te as string}/rerun-calls/`, headers: JSON_HEADERS, payload: '{"rerun_type":' })
  t.equal(notJson.json().message, 'JSON parse error - Expecting value: line 1 column 15 (char 14)')
  await advance(app, '10m')
  const none = await post(app, `/simulate/test-executions/${te as string}/rerun-calls/`, { rerun_type: 'eval_only', call_execution_ids: [UNKNOWN] })
  t.equal(none.json().message, 'No call executions found that can be rerun.')
  const get405 = await app.inject({ url: `/simulate/run-tests/${DEMO_RUN}/execute/`, headers: AUTH })
  t.equal(get405.statusCode, 405)
  t.equal(get405.headers.allow, 'POST, OPTIONS')
  t.equal((await app.inject({ method: 'POST', url: `/simulate/run-tests/${DEMO_RUN}/execute/` })).statusCode, 401, 'keys are checked before the body is read')
  t.equal((await app.inject({ method: 'POST', url: '/simulate/run-tests/NOT-A-UUID/execute/', headers: AUTH })).statusCode, 404)
})

t.test('actions change only their own session, and a reset undoes them', async (t) => {
  const app = build(t, { contract: 'platform' })
  const job = { 'x-mock-session': 'job-a' }
  const count = (await get(app, listPath(DEMO_RUN))).json().count as number
  t.equal((await post(app, `/simulate/run-tests/${DEMO_RUN}/execute/`, {}, job)).statusCode, 200)
  const inJob = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, ...job } })
  t.ok((inJob.json().count as number) > count)
  t.equal((await get(app, listPath(DEMO_RUN))).json().count, count, 'the default session is untouched')
  await app.inject({ method: 'POST', url: '/__mock/reset', headers: job })
  t.equal((await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, ...job } })).json().count, count)
})

t.test('without the control plane, the actions change one process-wide world that every request reads, session header or not', async (t) => {
  let wall = Date.UTC(2030, 0, 1)
  const app = build(t, { contract: 'platform', control: null, clock: 'realtime', wallMs: () => wall })
  const count = (await get(app, listPath(DEMO_RUN))).json().count as number
  const started = await execute(app)
  const te = started.execution_id as string
  t.equal((await get(app, listPath(DEMO_RUN))).json().count, count + (started.total_calls as number), 'the listing has the new calls')
  const other = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, 'x-mock-session': 'job' } })
  t.equal(other.json().count, count + (started.total_calls as number), 'a session header names no other world')
  t.equal((await statusOf(app)).execution_id, te)
  t.equal((await statusOf(app)).status, 'pending')
  wall += 10 * 60_000
  t.equal((await statusOf(app)).status, 'completed', 'its calls run under the process clock')
  const [first] = await callsOf(app, te) as [Json]
  const rerun = await post(app, `/simulate/test-executions/${te}/rerun-calls/`, { rerun_type: 'call_and_eval', call_execution_ids: [first.id] })
  t.equal(rerun.statusCode, 200)
  t.equal((await get(app, listPath(DEMO_RUN))).json().count, count + (started.total_calls as number) + 1, 'the snapshot row is listed')
  t.equal((await post(app, `/simulate/test-executions/${te}/cancel/`)).statusCode, 200)
  t.equal((await statusOf(app)).status, 'cancelled')
  t.equal((await get(app, `/simulate/call-executions/${first.id as string}/`)).json().status, 'cancelled', 'the call rerun and then cancelled')
})
