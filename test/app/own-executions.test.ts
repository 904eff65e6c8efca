// Cancel, rerun and status updates on the test executions and calls a run already holds (configured at start-up or created through the control plane), read back through every endpoint.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { AUTH, FIXTURE_RUN, MILLION_RUN, build, listPath } from '../helper.js'

const LIVE_RUN = '66666666-6666-4666-8666-666666666666'
const CHAT_RUN = '33333333-3333-4333-8333-333333333333'
/** Every execution of this run has ended. */
const FAILING_RUN = '77777777-7777-4777-8777-777777777777'
const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' }

// Answers are read as loosely typed JSON: each test asserts the shape it relies on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

const post = async (app: FastifyInstance, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...JSON_HEADERS, ...headers }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) })
const get = async (app: FastifyInstance, url: string, headers: Record<string, string> = {}): Promise<Json> =>
  (await app.inject({ url, headers: { ...AUTH, ...headers } })).json() as Json
const advance = async (app: FastifyInstance, by: string) =>
  app.inject({ method: 'POST', url: '/__mock/clock', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ advance: by }) })
const executionsOf = async (app: FastifyInstance, runId: string, headers: Record<string, string> = {}): Promise<Json[]> =>
  (await get(app, `/simulate/run-tests/${runId}/executions/?limit=50`, headers)).results as Json[]
const callsOf = async (app: FastifyInstance, te: string, headers: Record<string, string> = {}): Promise<Json[]> =>
  (await get(app, `/simulate/test-executions/${te}/?limit=1000`, headers)).results as Json[]

/** Every row of the listing, walked page by page: each row once, in order. */
async function walk (app: FastifyInstance, runId: string, query = '', limit = 7): Promise<Json[]> {
  const rows: Json[] = []
  for (let page = 1; ; page++) {
    const res = await app.inject({ url: listPath(runId, `?limit=${limit}&page=${page}${query}`), headers: AUTH })
    if (res.statusCode !== 200) break
    const body = res.json() as Json
    rows.push(...(body.results as Json[]))
    if (body.next === null) break
  }
  return rows
}

t.test('cancelling an execution of the live run cancels its calls still waiting or running, in the listing, the execution and each call', async (t) => {
  const app = build(t, { contract: 'platform' })
  const [execution] = await executionsOf(app, LIVE_RUN) as [Json]
  const before = await callsOf(app, execution.id as string)
  const waiting = before.filter((call) => ['pending', 'queued', 'ongoing'].includes(call.status as string))
  t.ok(waiting.length > 0, 'the live run has calls still under way')
  const listed = (await get(app, listPath(LIVE_RUN))).count as number
  const cancelledBefore = (await get(app, listPath(LIVE_RUN, '?status=cancelled'))).count as number

  const res = await post(app, `/simulate/test-executions/${execution.id as string}/cancel/`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { success: true, message: 'Test execution cancellation initiated', test_execution_id: execution.id })

  const after = await callsOf(app, execution.id as string)
  t.equal(after.length, before.length, 'the execution keeps its calls')
  for (const call of waiting) {
    const now = after.find((candidate) => candidate.id === call.id) as Json
    t.match(now, { status: 'cancelled', ended_reason: 'Cancelled by user' }, `call ${call.scenario as string} cancelled`)
    t.equal((await get(app, `/simulate/call-executions/${call.id as string}/`)).status, 'cancelled', 'its detail agrees')
  }
  t.equal((await get(app, listPath(LIVE_RUN))).count, listed, 'no row is added')
  t.equal((await get(app, listPath(LIVE_RUN, '?status=cancelled'))).count, cancelledBefore + waiting.length, 'the status filter sees the cancelled calls')
  const rows = await walk(app, LIVE_RUN)
  t.equal(new Set(rows.map((row) => row.id)).size, listed, 'every row listed once')
  t.match((await executionsOf(app, LIVE_RUN)).find((view) => view.id === execution.id), { status: 'Cancelled' })
  await advance(app, '30m')
  const later = await callsOf(app, execution.id as string)
  t.ok(waiting.every((call) => later.find((candidate) => candidate.id === call.id)?.status === 'cancelled'), 'they stay cancelled as the clock runs')

  const other = await callsOf(app, execution.id as string, { 'x-mock-session': 'other' })
  t.same(other.filter((call) => call.status === 'cancelled').length, before.filter((call) => call.status === 'cancelled').length, 'another session sees the run as it was')
  await app.inject({ method: 'POST', url: '/__mock/reset' })
  t.same((await callsOf(app, execution.id as string)).map((call) => call.status), before.map((call) => call.status), 'a reset undoes the cancel')
})

t.test('call_and_eval on a run\'s own call keeps a snapshot row and runs the call again, every row still listed once', async (t) => {
  const app = build(t, { contract: 'platform' })
  const [execution] = await executionsOf(app, FAILING_RUN) as [Json]
  t.equal(execution.status, 'Completed')
  const te = execution.id as string
  const [call] = (await callsOf(app, te)).filter((row) => row.status === 'completed') as [Json]
  const listed = (await get(app, listPath(FAILING_RUN))).count as number
  const own = (await get(app, `/simulate/test-executions/${te}/`)).count as number

  const res = await post(app, `/simulate/test-executions/${te}/rerun-calls/`, { rerun_type: 'call_and_eval', call_execution_ids: [call.id] })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { test_execution_id: te, total_processed: 1, successful_reruns: [call.id], failed_reruns: [] })

  const first = (await get(app, listPath(FAILING_RUN, '?limit=2'))).results as Json[]
  const snapshot = first.find((row) => row.is_snapshot === true) as Json
  t.match(snapshot, { original_call_execution_id: call.id, rerun_type: 'call_and_eval', status: 'completed', scenario: call.scenario })
  t.not(snapshot.id, call.id)
  t.match(first.find((row) => row.id === call.id), { status: 'pending', is_snapshot: false }, 'the call is listed first, waiting again')
  const rows = await walk(app, FAILING_RUN)
  t.equal(rows.length, listed + 1, 'one snapshot row more')
  t.equal(rows.filter((row) => row.id === call.id).length, 1, 'the call is listed once')
  t.equal(new Set(rows.map((row) => row.id)).size, rows.length)
  const completed = await walk(app, FAILING_RUN, '&status=completed', 3)
  t.notOk(completed.some((row) => row.id === call.id), 'the status filter sees its new status')
  t.equal((await get(app, `/simulate/test-executions/${te}/`)).count, own, 'the execution counts its calls, not the snapshot')
  t.equal((await get(app, `/simulate/call-executions/${call.id as string}/`)).status, 'pending')
  t.equal((await executionsOf(app, FAILING_RUN)).find((view) => view.id === te)?.status, 'Running')

  await advance(app, '15m')
  const done = await get(app, `/simulate/call-executions/${call.id as string}/`)
  t.ok(done.status === 'completed' || done.status === 'failed', 'the call runs to its end under the clock')
  t.equal((await executionsOf(app, FAILING_RUN)).find((view) => view.id === te)?.status, 'Completed')
})

t.test('eval_only on every call of a run\'s own execution clears their evals a while, then the execution completes', async (t) => {
  const app = build(t, { contract: 'platform' })
  const te = (await executionsOf(app, FAILING_RUN)).find((view) => view.status === 'Completed')?.id as string
  const calls = await callsOf(app, te)
  const res = await post(app, `/simulate/test-executions/${te}/rerun-calls/`, { rerun_type: 'eval_only', select_all: true })
  t.equal(res.json().total_processed, calls.length)
  t.equal((await executionsOf(app, FAILING_RUN)).find((view) => view.id === te)?.status, 'Evaluating')
  const during = await get(app, `/simulate/call-executions/${calls[0]?.id as string}/`)
  t.same(during.eval_outputs, {}, 'evals cleared while they run again')
  await advance(app, '1m')
  t.equal((await executionsOf(app, FAILING_RUN)).find((view) => view.id === te)?.status, 'Completed')
  t.same((await get(app, `/simulate/call-executions/${calls[0]?.id as string}/`)).eval_outputs, (await get(app, `/simulate/call-executions/${calls[0]?.id as string}/`, { 'x-mock-session': 'other' })).eval_outputs, 'and come back as they were')
})

t.test('a rerun in the million-call run keeps only the changed call: the listing pages around it stay whole', async (t) => {
  const app = build(t, { contract: 'platform' })
  const [execution] = await executionsOf(app, MILLION_RUN) as [Json]
  const te = execution.id as string
  const page = (await get(app, listPath(MILLION_RUN, '?limit=3&page=2'))).results as Json[]
  const call = page.find((row) => row.is_snapshot === false && row.test_execution_id === te) ?? ((await callsOf(app, te)).at(0) as Json)
  const res = await post(app, `/simulate/test-executions/${te}/rerun-calls/`, { rerun_type: 'call_and_eval', call_execution_ids: [call.id] })
  t.equal(res.statusCode, 200)
  const listing = await get(app, listPath(MILLION_RUN, '?limit=10'))
  t.equal(listing.count, 1_000_001)
  t.ok((listing.results as Json[]).some((row) => row.id === call.id), 'the rerun call is listed first')
  const deep = await get(app, listPath(MILLION_RUN, '?limit=10&page=100001'))
  t.equal((deep.results as Json[]).length, 1, 'the last page holds the last row')
  const around = [...(await get(app, listPath(MILLION_RUN, '?limit=10&page=1'))).results as Json[], ...(await get(app, listPath(MILLION_RUN, '?limit=10&page=2'))).results as Json[]]
  t.equal(around.filter((row) => row.id === call.id).length, 1, 'listed once')
  t.equal(new Set(around.map((row) => row.id)).size, 20)

  const all = await post(app, `/simulate/test-executions/${te}/rerun-calls/`, { rerun_type: 'eval_only', select_all: true })
  t.equal(all.statusCode, 400, 'every call of a large execution is past the session\'s bound')
  t.match(all.json().message, /the mock keeps at most 50000 per session/)
  t.equal((await get(app, listPath(MILLION_RUN))).count, 1_000_001, 'and changes nothing')
})

t.test('an execution of the million-call run lists a rerun call first and its other calls in their pages, as before', async (t) => {
  const app = build(t, { contract: 'platform' })
  const other = { 'x-mock-session': 'other' }
  const [execution] = await executionsOf(app, MILLION_RUN) as [Json]
  const te = execution.id as string
  const pageOf = async (page: number, headers: Record<string, string> = {}) => get(app, `/simulate/test-executions/${te}/?limit=10&page=${page}`, headers)
  const before = await pageOf(1)
  const call = (before.results as Json[])[3] as Json
  t.equal((await post(app, `/simulate/test-executions/${te}/rerun-calls/`, { rerun_type: 'call_and_eval', call_execution_ids: [call.id] })).statusCode, 200)

  const first = await pageOf(1)
  t.equal(first.count, before.count, 'the execution keeps its count')
  const expected = [call.id, ...(before.results as Json[]).map((row) => row.id).filter((id) => id !== call.id)].slice(0, 10)
  t.same((first.results as Json[]).map((row) => row.id), expected, 'the rerun call first, then the others in their order')
  t.equal((first.results as Json[])[0]?.status, 'pending')
  for (const page of [2, 3, Math.ceil((before.count as number) / 10)]) {
    t.same(((await pageOf(page)).results as Json[]).map((row) => row.id), ((await pageOf(page, other)).results as Json[]).map((row) => row.id), `page ${page} as another session sees it`)
  }
})

t.test('PATCH sets the status of a run\'s own call, and a created run\'s executions can be cancelled and rerun', async (t) => {
  const app = build(t, { contract: 'platform' })
  const [call] = (await get(app, listPath(CHAT_RUN, '?limit=1'))).results as [Json]
  const patched = await app.inject({ method: 'PATCH', url: `/simulate/call-executions/${call.id as string}/`, headers: JSON_HEADERS, payload: JSON.stringify({ status: 'failed', ended_reason: 'agent crashed' }) })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { id: call.id, status: 'failed', ended_reason: 'Error processing simulation' })
  t.match(await get(app, `/simulate/call-executions/${call.id as string}/`), { status: 'failed', ended_reason: 'Error processing simulation' })
  t.equal((await get(app, listPath(CHAT_RUN))).count, 10_000)

  const created = await app.inject({ method: 'POST', url: '/__mock/runs', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ id: 'c0c0c0c0-0000-4000-8000-000000000001', calls: 6 }) })
  t.equal(created.statusCode, 201)
  const [execution] = await executionsOf(app, 'c0c0c0c0-0000-4000-8000-000000000001') as [Json]
  t.equal((await post(app, `/simulate/test-executions/${execution.id as string}/rerun-calls/`, { rerun_type: 'eval_only', select_all: true })).statusCode, 200)
  t.equal((await post(app, `/simulate/test-executions/${execution.id as string}/cancel/`)).statusCode, 200)
  t.match((await executionsOf(app, 'c0c0c0c0-0000-4000-8000-000000000001')).find((view) => view.id === execution.id), { status: 'Cancelled' })
})

t.test('a fixture run\'s text execution takes an eval_only rerun and lists the rerun call first, each call once', async (t) => {
  const app = build(t, { contract: 'platform' })
  const execution = (await executionsOf(app, FIXTURE_RUN)).find((view) => (view.calls as number) >= 4) as Json
  const te = execution.id as string
  const before = await callsOf(app, te)
  const call = before.at(-1) as Json
  const listed = (await get(app, listPath(FIXTURE_RUN))).count as number
  const refused = await post(app, `/simulate/test-executions/${te}/rerun-calls/`, { rerun_type: 'call_and_eval', call_execution_ids: [call.id] })
  t.equal(refused.json().message, "Text/Chat agents only support 'eval_only' rerun type.")
  t.equal((await post(app, `/simulate/test-executions/${te}/rerun-calls/`, { rerun_type: 'eval_only', call_execution_ids: [call.id] })).statusCode, 200)
  const rows = await walk(app, FIXTURE_RUN, '', 2)
  t.equal(rows.length, listed, 'eval_only adds no row')
  t.equal(new Set(rows.map((row) => row.id)).size, listed, 'each row once')
  t.same((await get(app, `/simulate/call-executions/${call.id as string}/`)).eval_outputs, {}, 'its evals are cleared while they run again')
  const after = await callsOf(app, te)
  t.same(after.map((row) => row.id), [call.id, ...before.map((row) => row.id).filter((id) => id !== call.id)], 'the rerun call first, then the others')
  const paged = [...((await get(app, `/simulate/test-executions/${te}/?limit=2&page=1`)).results as Json[]), ...((await get(app, `/simulate/test-executions/${te}/?limit=2&page=2`)).results as Json[])]
  t.same(paged.map((row) => row.id), after.slice(0, 4).map((row) => row.id), 'page by page the same')
  t.equal((await executionsOf(app, FIXTURE_RUN)).find((view) => view.id === te)?.status, 'Running', 'still running: one of its calls has not started')
})

t.test('without the control plane, a run\'s own execution can be cancelled too', async (t) => {
  const app = build(t, { contract: 'platform', control: null })
  const [execution] = await executionsOf(app, LIVE_RUN) as [Json]
  t.equal((await post(app, `/simulate/test-executions/${execution.id as string}/cancel/`)).statusCode, 200)
  t.match((await executionsOf(app, LIVE_RUN)).find((view) => view.id === execution.id), { status: 'Cancelled' })
  t.ok((await callsOf(app, execution.id as string)).some((call) => call.status === 'cancelled'))
})
