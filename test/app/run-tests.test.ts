// The read endpoints around the listing agree with it and with each other, in both contracts, at any instant of a session's clock.
import fc from 'fast-check'
import t from 'tap'
import type { Test } from 'tap'
import type { Contract } from '../../src/data/model.js'
import { RUN_PROFILES } from '../../src/data/runs.js'
import { AUTH, DEMO_RUN, EMPTY_RUN, FIXTURE_RUN, MILLION_RUN, UNKNOWN_RUN, build, listPath } from '../helper.js'
import { propertyRuns } from '../property-runs.js'

type App = ReturnType<typeof build>
type Json = Record<string, unknown>
const LIVE_RUN = '66666666-6666-4666-8666-666666666666'

async function getJson (app: App, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const res = await app.inject({ url, headers: { ...AUTH, ...headers } })
  return { status: res.statusCode, body: res.json() as Json }
}

/** Every row of a listing, snapshots included. */
async function listing (app: App, runId: string, headers: Record<string, string> = {}): Promise<Json[]> {
  const { body } = await getJson(app, listPath(runId, '?limit=100000'), headers)
  return body.results as Json[]
}

/** Every page of a DRF-paginated endpoint, following `next`. */
async function allPages (app: App, url: string, headers: Record<string, string> = {}): Promise<{ count: number; results: Json[]; last: Json }> {
  let next: string | null = url
  const results: Json[] = []
  let count = -1
  let last: Json = {}
  while (next !== null) {
    const { status, body } = await getJson(app, next.replace(/^http:\/\/[^/]+/, ''), headers)
    if (status !== 200) throw new Error(`${next}: ${status} ${JSON.stringify(body)}`)
    count = body.count as number
    results.push(...(body.results as Json[]))
    last = body
    next = body.next as string | null
  }
  return { count, results, last }
}

/**
 * `part / whole * 100` to one decimal as Python's `round()` gives it: an exact tie goes to the even
 * tenth (1 of 16 is 6.2, where `Math.round` would give 6.3). Worked in integers, so it is exact.
 */
function percentToTenths (part: number, whole: number): number {
  const tenths = Math.floor((part * 1000) / whole)
  const twiceRest = 2 * (part * 1000 - tenths * whole)
  const rounded = twiceRest > whole || (twiceRest === whole && tenths % 2 === 1) ? tenths + 1 : tenths
  return rounded / 10
}

/** The agreement rules between the listing and every read endpoint, for one run as a session sees it now. */
async function checkAgreement (t: Test, app: App, contract: Contract, runId: string, headers: Record<string, string>): Promise<void> {
  const rows = await listing(app, runId, headers)
  const live = rows.filter((row) => row.is_snapshot === false)
  const snapshots = rows.filter((row) => row.is_snapshot === true)
  const runTest = (await getJson(app, `/simulate/run-tests/${runId}/`, headers)).body
  const scenarioIds = new Set(runTest.scenarios as string[])
  const evalIds = new Set(runTest.simulate_eval_configs as string[])
  for (const row of rows) {
    if (row.scenario_id !== null) t.ok(scenarioIds.has(row.scenario_id as string), 'the run test lists every scenario its rows show')
    for (const id of Object.keys((row.eval_outputs ?? {}) as Json)) if (contract === 'platform') t.ok(evalIds.has(id), 'and every eval config')
    if (contract === 'platform' && row.is_snapshot === false && 'agent_definition_used_id' in row) t.equal(row.agent_definition_used_id, runTest.agent_definition)
  }
  const executions = await allPages(app, `/simulate/run-tests/${runId}/executions/?limit=3`, headers)
  const status = (await getJson(app, `/simulate/run-tests/${runId}/status/`, headers)).body
  if (rows.length === 0) {
    t.equal(executions.count, 0)
    t.same(status, { run_test_id: runId, status: 'not_found', error: 'Test execution not found in database' })
    return
  }
  t.equal(status.execution_id, executions.results[0]?.id, 'status reads the newest execution')
  let calls = 0
  for (const execution of executions.results) {
    const page = await allPages(app, `/simulate/test-executions/${execution.id as string}/?limit=4`, headers)
    calls += page.count
    t.equal(execution.calls, page.count, 'an execution\'s calls are its test-execution page\'s count')
    const results = page.results
    const byStatus = (wanted: string[]) => results.filter((row) => wanted.includes(row.status as string)).length
    t.equal(execution.calls_attempted, page.count - byStatus(['pending', 'queued']))
    t.equal(execution.status, String(page.last.status).charAt(0).toUpperCase() + String(page.last.status).slice(1))
    const completed = byStatus(['completed'])
    t.equal(execution.success_rate, page.count === 0 ? 0 : percentToTenths(completed, page.count))
    if (execution.id === status.execution_id) {
      t.equal(status.total_calls, page.count)
      t.equal(status.completed_calls, byStatus(['completed', 'analyzing']))
      t.equal(status.failed_calls, byStatus(['failed']))
      t.equal(status.status, page.last.status)
    }
    for (const row of results) {
      const listed = live.find((candidate) => candidate.id === row.id)
      t.ok(listed !== undefined, 'every call of an execution is a live row of the listing')
      const { rerun_snapshots: reruns, ...rest } = row
      t.same(rest, { ...listed, transcript: [], ...(contract === 'platform' ? { recordings: {} } : {}) }, 'the same values, in list mode')
      const rerunIds = (reruns as Json[]).map((snapshot) => snapshot.id)
      if (contract === 'platform') {
        t.same(rerunIds, snapshots.filter((snapshot) => snapshot.original_call_execution_id === row.id).map((snapshot) => snapshot.id), 'its reruns are the snapshot rows taken from it, newest first')
      } else {
        t.ok(rerunIds.every((id) => snapshots.some((snapshot) => snapshot.id === id)), 'its reruns are snapshot rows of the listing')
      }
    }
  }
  t.equal(calls + snapshots.length, rows.length, 'the listing\'s count is every execution\'s calls and the snapshot rows')
  for (const row of live.slice(0, 5)) {
    const call = await getJson(app, `/simulate/call-executions/${row.id as string}/`, headers)
    t.equal(call.status, 200)
    const { rerun_snapshots: reruns, ...rest } = call.body
    t.same(rest, row, 'a call\'s own page is its listing row, value for value')
    t.same(reruns, [])
  }
  for (const row of snapshots.slice(0, 2)) {
    t.equal((await getJson(app, `/simulate/call-executions/${row.id as string}/`, headers)).status, 404, 'a snapshot row\'s id is no call\'s')
  }
}

for (const contract of ['docs', 'platform'] as const) {
  t.test(`every endpoint agrees with the listing and with the others, over random runs at several instants (${contract})`, async (t) => {
    const app = build(t, { contract })
    let sessionNumber = 0
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom(...RUN_PROFILES),
      fc.constantFrom('voice', 'text'),
      fc.integer({ min: 0, max: 9 }),
      async (seed, calls, profile, type, minutes) => {
        const headers = { 'x-mock-session': `agree-${sessionNumber++}` }
        const created = await app.inject({ method: 'POST', url: '/__mock/runs', headers, payload: { calls, profile, seed, simulation_type: type } })
        const runId = (created.json() as { id: string }).id
        await app.inject({ method: 'POST', url: '/__mock/clock', headers, payload: { advance: `${minutes}m` } })
        await checkAgreement(t, app, contract, runId, headers)
      }
    ), { numRuns: propertyRuns(contract === 'docs' ? 8 : 12) })
  })
}

t.test('the well-known runs and the fixture run agree with their listings', async (t) => {
  const app = build(t, { contract: 'platform' })
  for (const runId of [DEMO_RUN, EMPTY_RUN, FIXTURE_RUN, '77777777-7777-4777-8777-777777777777', LIVE_RUN]) await checkAgreement(t, app, 'platform', runId, {})
})

t.test('the live run\'s status and executions move forward with the session\'s clock', async (t) => {
  const app = build(t)
  const headers = { 'x-mock-session': 'live-clock' }
  const rank: Record<string, number> = { pending: 0, running: 1, evaluating: 2, completed: 3 }
  let previous = -1
  let previousCompleted = -1
  for (let minute = 0; minute <= 8; minute++) {
    const status = (await getJson(app, `/simulate/run-tests/${LIVE_RUN}/status/`, headers)).body
    t.ok((rank[status.status as string] ?? -1) >= previous, `minute ${minute}: ${String(status.status)} does not go back`)
    t.ok((status.completed_calls as number) >= previousCompleted, 'completed calls only grow')
    previous = rank[status.status as string] ?? -1
    previousCompleted = status.completed_calls as number
    await app.inject({ method: 'POST', url: '/__mock/clock', headers, payload: { advance: '1m' } })
  }
  t.equal(previous, 3, 'every execution has completed some minutes later')
  const executions = (await getJson(app, `/simulate/run-tests/${LIVE_RUN}/executions/`, headers)).body.results as Json[]
  t.ok(executions.every((row) => row.status === 'Completed' && (row.duration as number) > 0))
  const fresh = (await getJson(app, `/simulate/run-tests/${LIVE_RUN}/status/`)).body
  t.not(fresh.status, 'completed', 'another session\'s clock has not moved')
})

t.test('the million-call run answers every endpoint', async (t) => {
  const app = build(t)
  const executions = (await getJson(app, `/simulate/run-tests/${MILLION_RUN}/executions/`)).body
  const te = (executions.results as Json[])[0]?.id as string
  const pages = [
    `/simulate/run-tests/${MILLION_RUN}/`,
    `/simulate/run-tests/${MILLION_RUN}/status/`,
    `/simulate/test-executions/${te}/?page=20000`,
    `/simulate/test-executions/${te}/?search=zzz-no-such-scenario`
  ]
  for (const url of pages) t.equal((await getJson(app, url)).status, 200, url)
  const status = (await getJson(app, `/simulate/run-tests/${MILLION_RUN}/status/`)).body
  const listed = (await getJson(app, listPath(MILLION_RUN, '?limit=1'))).body
  t.equal(listed.count, 1_000_000)
  t.ok((status.total_calls as number) > 100_000)
  const deep = (await getJson(app, `/simulate/test-executions/${te}/?page=20000&limit=10`)).body.results as Json[]
  const call = await getJson(app, `/simulate/call-executions/${deep[0]?.id as string}/`)
  t.equal(call.status, 200, 'a call deep in the run is found by its id')
})

t.test('run tests are listed newest first, found by name (spaces and non-ASCII percent-encoded) and filtered', async (t) => {
  const app = build(t)
  const headers = { 'x-mock-session': 'names' }
  const name = 'Überprüfung der Rückrufe 2'
  t.equal((await app.inject({ method: 'POST', url: '/__mock/runs', headers, payload: { calls: 3, name, description: 'Callbacks', simulation_type: 'text' } })).statusCode, 201)
  const found = await getJson(app, `/simulate/run-tests/get-id-by-name/${encodeURIComponent(name)}/`, headers)
  t.equal(found.status, 200)
  const id = (found.body.result as Json).run_test_id as string
  t.same(found.body, { status: true, result: { run_test_id: id, run_test_name: name } })
  const detail = (await getJson(app, `/simulate/run-tests/${id}/`, headers)).body
  t.match(detail, { name, description: 'Callbacks', last_run_at: null })
  t.equal((await getJson(app, `/simulate/run-tests/get-id-by-name/${encodeURIComponent(name)}/`)).status, 400, 'another session does not see it')
  const list = (await getJson(app, '/simulate/run-tests/?limit=100', headers)).body
  const created = (list.results as Json[]).map((row) => row.created_at as string)
  t.same(created, [...created].sort().reverse(), 'newest created_at first')
  t.ok((list.results as Json[]).every((row) => row.last_run_at === null || typeof row.last_run_at === 'string'))
  const searched = (await getJson(app, '/simulate/run-tests/?search=%C3%9CBERPR%C3%9CFUNG', headers)).body
  t.same((searched.results as Json[]).map((row) => row.id), [id], 'search is case-insensitive')
  const prompts = (await getJson(app, '/simulate/run-tests/?simulation_type=prompt&limit=100', headers)).body
  t.ok((prompts.results as Json[]).every((row) => row.source_type === 'prompt'))
  t.equal((await app.inject({ method: 'POST', url: '/__mock/runs', headers, payload: { calls: 1, name } })).statusCode, 409, 'names are unique in a session')
})

t.test('DRF pages: links with sorted parameters, page 2 back to no page, a page past the end is the view\'s 500', async (t) => {
  const app = build(t)
  const first = (await getJson(app, '/simulate/run-tests/?search=&limit=2')).body
  t.equal(first.next, 'http://localhost:80/simulate/run-tests/?limit=2&page=2&search=')
  const second = (await getJson(app, '/simulate/run-tests/?limit=2&page=2&search=')).body
  t.equal(second.previous, 'http://localhost:80/simulate/run-tests/?limit=2&search=')
  const past = await getJson(app, '/simulate/run-tests/?page=99')
  t.equal(past.status, 500)
  t.equal(past.body.detail, 'Failed to retrieve run tests: Invalid page.')
  const executions = await getJson(app, `/simulate/run-tests/${DEMO_RUN}/executions/?page=99`)
  t.equal(executions.body.detail, 'Failed to retrieve test executions: Invalid page.')
  const te = ((await getJson(app, `/simulate/run-tests/${DEMO_RUN}/executions/`)).body.results as Json[])[0]?.id as string
  const beyond = await getJson(app, `/simulate/test-executions/${te}/?page=99`)
  t.equal(beyond.status, 200, 'a test execution\'s page past the end is an empty 200')
  t.same(beyond.body.results, [])
  t.notOk('provider' in beyond.body)
  t.equal((await getJson(app, '/simulate/run-tests/?limit=abc')).status, 400, 'the list\'s serializer refuses a limit that is not a number')
  t.equal((await getJson(app, `/simulate/run-tests/${DEMO_RUN}/executions/?limit=abc`)).status, 200, 'the executions view has no serializer: DRF falls back to 10')
})

t.test('unknown parameters, ids and names are answered as the platform answers them', async (t) => {
  const app = build(t)
  const unknown = await getJson(app, '/simulate/run-tests/?foo=1&page=x')
  t.equal(unknown.status, 400)
  t.same(unknown.body, {
    status: false,
    type: 'validation_error',
    code: 'invalid',
    detail: 'page: A valid integer is required.; foo: Unknown field.',
    message: 'page: A valid integer is required.; foo: Unknown field.',
    error: 'page: A valid integer is required.; foo: Unknown field.',
    result: 'page: A valid integer is required.; foo: Unknown field.',
    attr: 'page',
    details: { page: ['A valid integer is required.'], foo: ['Unknown field.'] }
  })
  t.match((await getJson(app, '/simulate/run-tests/?simulation_type=voice')).body, { code: 'invalid_choice', detail: 'simulation_type: "voice" is not a valid choice.' })
  t.match((await getJson(app, '/simulate/run-tests/?page=0')).body, { code: 'min_value' })
  t.same((await getJson(app, `/simulate/run-tests/${UNKNOWN_RUN}/`)).body.detail, 'Run test not found')
  t.same((await getJson(app, `/simulate/run-tests/${UNKNOWN_RUN}/status/`)).status, 404)
  t.same((await getJson(app, `/simulate/run-tests/${UNKNOWN_RUN}/executions/`)).body.detail, 'Run test not found.')
  const byName = await getJson(app, '/simulate/run-tests/get-id-by-name/No%20such%20run/')
  t.equal(byName.status, 400)
  t.same(byName.body, { status: false, type: 'validation_error', code: 'invalid', detail: 'Run test not found', message: 'Run test not found', error: 'Run test not found', result: 'Run test not found' })
  const te = await getJson(app, `/simulate/test-executions/${UNKNOWN_RUN}/`)
  t.equal(te.status, 500)
  t.equal(te.body.detail, 'Failed to retrieve test execution: No TestExecution matches the given query.')
  t.equal((await getJson(app, `/simulate/call-executions/${UNKNOWN_RUN}/`)).body.detail, 'Call execution not found')
  for (const url of ['/simulate/run-tests/ABC/', '/simulate/run-tests/ABCDEFAB-1111-4111-8111-111111111111/status/', '/simulate/test-executions/1/', '/simulate/call-executions/x/']) {
    const res = await app.inject({ url, headers: AUTH })
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /text\/html/)
  }
})

t.test('each endpoint has the listing\'s pipeline: 301 without the slash, auth, 405, HEAD, OPTIONS and Prefer', async (t) => {
  const app = build(t)
  const te = ((await getJson(app, `/simulate/run-tests/${DEMO_RUN}/executions/`)).body.results as Json[])[0]?.id as string
  const paths = ['/simulate/run-tests/', `/simulate/run-tests/${DEMO_RUN}/`, '/simulate/run-tests/get-id-by-name/Every%20status%20showcase/',
    `/simulate/run-tests/${DEMO_RUN}/status/`, `/simulate/run-tests/${DEMO_RUN}/executions/`, `/simulate/test-executions/${te}/`]
  for (const path of paths) {
    const redirect = await app.inject({ url: `${path.slice(0, -1)}?a=1` })
    t.equal(redirect.statusCode, 301, path)
    t.equal(redirect.headers.location, `${path.slice(0, -1)}/?a=1`)
    const anonymous = await app.inject({ url: path })
    t.equal(anonymous.statusCode, 401)
    t.equal(anonymous.headers['www-authenticate'], 'ApiKey')
    const post = await app.inject({ method: 'POST', url: path, headers: AUTH })
    t.equal(post.statusCode, 405)
    t.equal(post.headers.allow, 'GET, HEAD, OPTIONS')
    const get = await app.inject({ url: path, headers: AUTH })
    const head = await app.inject({ method: 'HEAD', url: path, headers: AUTH })
    t.equal(head.statusCode, get.statusCode)
    t.equal(head.headers['content-type'], get.headers['content-type'])
    const options = await app.inject({ method: 'OPTIONS', url: path, headers: AUTH })
    t.match(options.json(), { renders: ['application/json'] })
    t.equal((await app.inject({ url: path, headers: { ...AUTH, prefer: 'code=500' } })).statusCode, 500)
    t.equal((await app.inject({ url: path, headers: { ...AUTH, accept: 'text/html' } })).statusCode, 406)
  }
})

t.test('each read is journaled with the run test it read', async (t) => {
  const app = build(t)
  const headers = { 'x-mock-session': 'journal' }
  const te = ((await getJson(app, `/simulate/run-tests/${DEMO_RUN}/executions/`, headers)).body.results as Json[])[0]?.id as string
  const call = ((await getJson(app, listPath(DEMO_RUN, '?limit=1'), headers)).body.results as Json[])[0]?.id as string
  await getJson(app, `/simulate/test-executions/${te}/`, headers)
  await getJson(app, `/simulate/call-executions/${call}/`, headers)
  await getJson(app, '/simulate/run-tests/get-id-by-name/Every%20status%20showcase/', headers)
  const journal = (await app.inject({ url: '/__mock/requests', headers })).json() as { requests: Array<{ path: string; runTestId: string | null }> }
  for (const entry of journal.requests) t.equal(entry.runTestId, DEMO_RUN, entry.path)
})
