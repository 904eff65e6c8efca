// startMockServer(): a real server inside the test process, configured and validated like the command line.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import {
  ConfigError,
  DocsCallExecutionPageSchema,
  ErrorEnvelopeSchema,
  HealthSchema,
  PlatformCallExecutionPageSchema,
  startMockServer,
  type FixtureFile,
  type MockServer,
  type MockServerOptions
} from '../../src/index.js'
import { AUTH, DEMO_RUN, FIXTURE_RUN, listPath } from '../helper.js'

const ADDED_RUN = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const OBJECT_RUN = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'

/** The bundled fixture file, as the objects a test suite would pass. */
const bundled = (): FixtureFile => JSON.parse(readFileSync(new URL('../../fixtures/edge-cases.json', import.meta.url), 'utf8')) as FixtureFile

async function start (t: Test, options?: MockServerOptions): Promise<MockServer> {
  const server = await startMockServer(options)
  t.teardown(() => server.close())
  return server
}

async function getJson (url: string, headers: Record<string, string> = AUTH): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers })
  return { status: res.status, body: await res.json() }
}

t.test('listens on a free port of 127.0.0.1 and serves the demo run with the default keys', async (t) => {
  const server = await start(t)
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.not(new URL(server.url).port, '8000')
  const { status, body } = await getJson(`${server.url}${listPath(DEMO_RUN, '?limit=5')}`)
  t.equal(status, 200)
  const page = DocsCallExecutionPageSchema.parse(body)
  t.equal(page.count, 23)
  t.equal(page.results.length, 5)
})

t.test('stops listening once closed', async (t) => {
  const server = await startMockServer()
  await server.close()
  await t.rejects(fetch(`${server.url}/health`))
})

t.test('runs two servers side by side with their own settings', async (t) => {
  const docs = await start(t, { seed: 3 })
  const platform = await start(t, { seed: 4, contract: 'platform' })
  t.not(docs.url, platform.url)
  t.match(HealthSchema.parse((await getJson(`${docs.url}/health`, {})).body), { contract: 'docs', seed: 3 })
  t.match(HealthSchema.parse((await getJson(`${platform.url}/health`, {})).body), { contract: 'platform', seed: 4 })
  PlatformCallExecutionPageSchema.parse((await getJson(`${platform.url}${listPath(DEMO_RUN)}`)).body)
})

t.test('answers the same bytes for the same seed in two servers', async (t) => {
  const [a, b] = await Promise.all([start(t, { seed: 9 }), start(t, { seed: 9 })])
  const query = listPath(DEMO_RUN, '?limit=23')
  const [first, second] = await Promise.all([a, b].map(async (server) => (await fetch(`${server.url}${query}`, { headers: AUTH })).text()))
  t.equal(first?.replaceAll(a.url, ''), second?.replaceAll(b.url, ''))
})

t.test('uses the keys and access token it is given', async (t) => {
  const server = await start(t, { apiKey: 'k', secretKey: 's', accessToken: 'token-1' })
  const url = `${server.url}${listPath(DEMO_RUN)}`
  t.equal((await getJson(url, { 'x-api-key': 'k', 'x-secret-key': 's' })).status, 200)
  t.equal((await getJson(url, { authorization: 'Bearer token-1' })).status, 200)
  const refused = await getJson(url)
  t.equal(refused.status, 401)
  t.match(ErrorEnvelopeSchema.parse(refused.body), { code: 'authentication_failed' })
})

t.test('adds runs given as a list, and as MOCK_RUNS text', async (t) => {
  const listed = await start(t, { runs: [{ id: ADDED_RUN, rows: 3, profile: 'failing' }] })
  t.equal(((await getJson(`${listed.url}${listPath(ADDED_RUN)}`)).body as { count: number }).count, 3)
  const text = await start(t, { runs: `${ADDED_RUN}:4` })
  t.equal(((await getJson(`${text.url}${listPath(ADDED_RUN)}`)).body as { count: number }).count, 4)
})

t.test('serves fixture objects in place of the bundled fixtures', async (t) => {
  const file = bundled()
  const run = file.runTests[0]
  if (run === undefined) throw new Error('the bundled fixture file has no run test')
  run.id = OBJECT_RUN
  const server = await start(t, { fixtures: [file] })
  const { status, body } = await getJson(`${server.url}${listPath(OBJECT_RUN)}`)
  t.equal(status, 200)
  t.equal((body as { count: number }).count, run.rows.length)
  t.equal((await getJson(`${server.url}${listPath(FIXTURE_RUN)}`)).status, 404)
})

t.test('reads fixtures from a directory path', async (t) => {
  const server = await start(t, { fixtures: new URL('../../fixtures/', import.meta.url).pathname })
  t.equal((await getJson(`${server.url}${listPath(FIXTURE_RUN)}`)).status, 200)
})

t.test('answers CORS preflights unless cors is false', async (t) => {
  const preflight = { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' }
  const on = await start(t)
  t.equal((await fetch(`${on.url}${listPath(DEMO_RUN)}`, { method: 'OPTIONS', headers: preflight })).status, 204)
  const off = await start(t, { cors: false })
  t.equal((await fetch(`${off.url}${listPath(DEMO_RUN)}`, { method: 'OPTIONS', headers: preflight })).status, 401)
})

t.test('links with the public URL', async (t) => {
  const server = await start(t, { publicUrl: 'https://mock.example.test/prefix' })
  const body = (await getJson(`${server.url}${listPath(DEMO_RUN)}`)).body as { next: string }
  t.equal(body.next, `https://mock.example.test/prefix${listPath(DEMO_RUN, '?page=2')}`)
})

t.test('does not read the environment', async (t) => {
  process.env.MOCK_CONTRACT = 'platform'
  t.teardown(() => { delete process.env.MOCK_CONTRACT })
  const server = await start(t)
  t.match((await getJson(`${server.url}/health`, {})).body, { contract: 'docs' })
})

const invalidOptions: Array<[string, unknown, string | RegExp]> = [
  ['an option that does not exist', { bogus: 1 }, /^bogus: unknown option \(the options are port, host, seed, /],
  ['two that do not exist', { bogus: 1, Seed: 2 }, /^bogus, Seed: unknown options /],
  ['a negative port', { port: -1 }, 'port: expected a whole number from 0 to 65535, got "-1"'],
  ['a fractional port', { port: 1.5 }, 'port: expected a whole number from 0 to 65535, got "1.5"'],
  ['an unknown contract', { contract: 'v2' }, 'contract: expected one of docs, platform, got "v2"'],
  ['a seed that is not a number', { seed: {} }, 'seed: expected a string, a number or a boolean, got object'],
  ['an empty api key', { apiKey: '' }, 'apiKey: must not be empty'],
  ['a relative public URL', { publicUrl: '/prefix' }, 'publicUrl: expected an absolute http(s) URL such as https://mock.example.test/prefix, got "/prefix"'],
  ['a run id that is not a UUID', { runs: [{ id: 'run-1', rows: 3 }] }, 'runs: entry "run-1:3": run id must be a lowercase hyphenated UUID'],
  ['a run id with a comma', { runs: [{ id: 'a,b', rows: 3 }] }, 'runs[0].id: must be a lowercase hyphenated UUID'],
  ['an unknown profile', { runs: [{ id: ADDED_RUN, rows: 3, profile: 'slow' }] }, `runs: entry "${ADDED_RUN}:3:slow": unknown profile "slow" (expected one of finished, in-progress, failing, live)`],
  ['a missing fixtures folder', { fixtures: '/no/such/dir' }, 'fixtures: no directory at "/no/such/dir"'],
  ['a fixture object of no known contract', { fixtures: [{ contract: 'v2', runTests: [] }] }, /^fixtures\[0\]\.contract: /]
]

for (const [what, options, message] of invalidOptions) {
  t.test(`rejects ${what} with a ConfigError naming the option`, async (t) => {
    const error = await startMockServer(options as MockServerOptions).then(
      async (server) => { await server.close(); return null },
      (caught: unknown) => caught
    )
    t.type(error, ConfigError)
    if (typeof message === 'string') t.equal((error as Error).message, message)
    else t.match((error as Error).message, message)
  })
}

t.test('names the fixture object and the path within it for a bad row', async (t) => {
  const file = bundled()
  const run = file.runTests[0]
  const row = run?.rows[0]
  if (run === undefined || row === undefined) throw new Error('the bundled fixture file has no row')
  const broken = { ...file, runTests: [{ ...run, rows: [{ ...row, status: 'bogus' }] }] } as unknown as FixtureFile
  await t.rejects(startMockServer({ fixtures: [bundled(), broken] }), { name: 'ConfigError', message: /^fixtures\[1\]\.runTests\[0\]\.rows\[0\]\.status: / })
})

t.test('creates a run through its handle, which HTTP clients of that session then list', async (t) => {
  const server = await start(t)
  const created = server.createRun({ id: ADDED_RUN, calls: 12, profile: 'failing' })
  t.same(created, {
    id: ADDED_RUN,
    rows: 12,
    origin: 'created',
    profile: 'failing',
    contract: null,
    name: created.name,
    description: null,
    simulationType: created.simulationType,
    url: `${server.url}${listPath(ADDED_RUN)}`,
    session: 'default'
  })
  t.match(created.name, / aaaaaaaa$/, 'a name made of its agent and the start of its id')
  const { status, body } = await getJson(created.url)
  t.equal(status, 200)
  t.equal((body as { count: number }).count, 12)
  t.match(server.runs().at(-1), { id: ADDED_RUN, origin: 'created' })
})

t.test('reads the journal through its handle, newest first and filtered, as /__mock/requests does', async (t) => {
  const server = await start(t)
  await fetch(`${server.url}${listPath(DEMO_RUN, '?page=2')}`, { headers: AUTH })
  await fetch(`${server.url}${listPath(DEMO_RUN)}`)
  const all = server.requests()
  t.match(all, [{ status: 401, keysAccepted: false }, { status: 200, query: 'page=2', keysAccepted: true }])
  t.same(server.requests({ status: 200 }).map((entry) => entry.query), ['page=2'])
  t.same(server.requests({ since: new Date(Date.now() + 60_000) }), [])
  server.clearRequests()
  t.same(server.requests(), [])
})

t.test('keeps the handles of two sessions apart, and resets one without touching the other', async (t) => {
  const server = await start(t)
  const a = server.session('job-a')
  const b = server.session('job-b')
  a.createRun({ id: ADDED_RUN, calls: 2 })
  b.createRun({ id: ADDED_RUN, calls: 3 })
  const count = async (name: string) => ((await getJson(`${server.url}${listPath(ADDED_RUN)}`, { ...AUTH, 'x-mock-session': name })).body as { count: number }).count
  t.equal(await count('job-a'), 2)
  t.equal(await count('job-b'), 3)
  t.equal((await getJson(`${server.url}${listPath(ADDED_RUN)}`)).status, 404, 'the default session has neither')
  t.equal(a.requests().length, 1)
  a.reset()
  t.equal(a.requests().length, 0)
  t.equal((await getJson(`${server.url}${listPath(ADDED_RUN)}`, { ...AUTH, 'x-mock-session': 'job-a' })).status, 404)
  t.equal(await count('job-b'), 3)
})

t.test('throws the control plane\'s errors from its handles', async (t) => {
  const server = await start(t)
  t.throws(() => server.createRun({ id: DEMO_RUN, calls: 1 }), { name: 'AdminError', statusCode: 409 })
  t.throws(() => server.deleteRun(DEMO_RUN), { name: 'AdminError', statusCode: 409 })
  t.throws(() => server.deleteRun(ADDED_RUN), { name: 'AdminError', statusCode: 404 })
  t.throws(() => server.createRun({ rows: [{ id: 'x' }] }), { name: 'AdminError', statusCode: 400, path: 'rows[0].id' })
  t.throws(() => server.session('not a name'), { name: 'AdminError', statusCode: 400 })
  t.throws(() => server.requests({ limit: -1 }), { name: 'AdminError', statusCode: 400 })
})

t.test('turns the control plane off with admin: false', async (t) => {
  const server = await start(t, { admin: false })
  t.equal((await fetch(`${server.url}/__mock/runs`)).status, 404)
  t.throws(() => server.createRun({ calls: 1 }), { name: 'AdminError', message: 'the control plane is off (admin: false)' })
})

t.test('a session handle creates a named run test and reads it as the read endpoints show it', async (t) => {
  const server = await start(t)
  const session = server.session('handles-run-test')
  const created = session.createRun({ calls: 12, profile: 'in-progress', seed: 5, name: 'Handle run', description: 'Made in process', simulationType: 'text' })
  t.match(created, { name: 'Handle run', description: 'Made in process', simulationType: 'text' })
  const view = session.runTest(created.id)
  t.equal(view?.identity.name, 'Handle run')
  t.equal(view?.identity.simulationType, 'text')
  t.ok((view?.executions.length ?? 0) > 0)
  const { status, body } = await getJson(`${server.url}/simulate/run-tests/${created.id}/status/`, { ...AUTH, 'x-mock-session': 'handles-run-test' })
  t.equal(status, 200)
  t.match(body, { execution_id: view?.executions[0]?.id, status: view?.executions[0]?.status })
  t.equal(session.runTest('99999999-9999-4999-8999-999999999999'), null)
  t.ok(server.runs().some((run) => run.name === 'Every status showcase'), 'the well-known runs carry their names')
})
