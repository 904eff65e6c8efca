// The control plane under /__mock/: every route and error, sessions kept apart, the journal, the admin token and --no-admin.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { createAppControlPlane } from '../../src/app.js'
import { DEFAULTS } from '../../src/config.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import { AUTH, DEMO_RUN, UNKNOWN_RUN, build, listPath } from '../helper.js'

const CREATED = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'
const JSON_BODY = { 'content-type': 'application/json' }
const session = (name: string) => ({ 'x-mock-session': name })

/** The docs-contract row of docs/fixtures.md, a complete row of that contract. */
function docsRow (): Record<string, unknown> {
  const page = readFileSync(new URL('../../docs/fixtures.md', import.meta.url), 'utf8')
  const block = /\*\*Writing a docs-contract row\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(page)?.[1]
  if (block === undefined) throw new Error('docs/fixtures.md has no docs-contract row example')
  return JSON.parse(block) as Record<string, unknown>
}

function platformRows (): unknown[] {
  const file = JSON.parse(readFileSync(new URL('../../fixtures/edge-cases.json', import.meta.url), 'utf8')) as { runTests: Array<{ rows: unknown[] }> }
  return file.runTests[0]?.rows ?? []
}

async function createRun (app: ReturnType<typeof build>, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/__mock/runs', headers: { ...JSON_BODY, ...headers }, payload: JSON.stringify(body) })
}

t.test('lists the run tests every session sees, with their origin, profile and contract', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: '/__mock/runs' })
  t.equal(res.statusCode, 200)
  const { session: name, runs } = res.json() as { session: string; runs: Array<Record<string, unknown>> }
  t.equal(name, 'default')
  t.match(runs.find((run) => run.id === DEMO_RUN), { rows: 23, origin: 'generated', profile: 'finished', contract: null })
  t.match(runs.find((run) => run.id === '44444444-4444-4444-8444-444444444444'), { origin: 'fixture', profile: null, contract: 'platform' })
})

t.test('creates a generated run in the session, with its absolute listing URL, seen by no other session', async (t) => {
  const app = build(t)
  const res = await createRun(app, { id: CREATED, calls: 1_000_000, profile: 'failing', seed: 7 }, session('job-1'))
  t.equal(res.statusCode, 201)
  t.same(res.json(), {
    id: CREATED,
    rows: 1_000_000,
    origin: 'created',
    profile: 'failing',
    contract: null,
    name: (res.json() as { name: string }).name,
    description: null,
    simulationType: (res.json() as { simulationType: string }).simulationType,
    url: `http://localhost:80${listPath(CREATED)}`,
    session: 'job-1'
  })
  t.match(res.json(), { name: /^.+ cccccccc$/, simulationType: /^(voice|text)$/ })
  const page = await app.inject({ url: listPath(CREATED, '?status=failed&limit=2'), headers: { ...AUTH, ...session('job-1') } })
  t.equal(page.statusCode, 200)
  t.ok((page.json() as { count: number }).count > 500_000, 'a failing run: mostly failed calls')
  for (const other of [{}, session('job-2')]) {
    t.equal((await app.inject({ url: listPath(CREATED), headers: { ...AUTH, ...other } })).statusCode, 404, JSON.stringify(other))
  }
})

t.test('gives a created run a random id when none is asked for, and the mock\'s seed', async (t) => {
  const app = build(t)
  const one = (await createRun(app, { calls: 3 })).json() as { id: string; profile: string }
  const two = (await createRun(app, { calls: 3 })).json() as { id: string }
  t.match(one.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.not(one.id, two.id)
  t.equal(one.profile, 'finished')
})

t.test('creates a run from rows written out in the docs contract, served exactly as written', async (t) => {
  const app = build(t)
  const row = docsRow()
  const res = await createRun(app, { id: CREATED, rows: [row] })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { rows: 1, origin: 'created', profile: null, contract: 'docs' })
  const page = await app.inject({ url: listPath(CREATED), headers: AUTH })
  t.same((page.json() as { results: unknown[] }).results, [row])
})

t.test('creates a run from platform rows when the mock serves the platform contract', async (t) => {
  const app = build(t, { contract: 'platform' })
  const rows = platformRows()
  const res = await createRun(app, { id: CREATED, rows })
  t.equal(res.statusCode, 201)
  const page = await app.inject({ url: listPath(CREATED, '?limit=100'), headers: AUTH })
  t.equal((page.json() as { count: number }).count, rows.length)
})

const refusals: Array<[string, unknown, number, Record<string, unknown>]> = [
  ['a row that breaks its contract', { rows: [{ ...docsRow(), status: 'COMPLETED' }] }, 400, { path: 'rows[0].status' }],
  ['a row with a missing key', { rows: [(({ created_at: _, ...rest }) => rest)(docsRow())] }, 400, { error: 'missing key (expected string)', path: 'rows[0].created_at' }],
  ['a row the mock would serve differently', { rows: [{ ...docsRow(), created_at: '2026-04-04T12:00:00.1234567Z' }] }, 400, { path: 'rows[0].created_at' }],
  ['an unknown field', { calls: 3, size: 'big' }, 400, { path: null }],
  ['neither calls nor rows', { id: CREATED }, 400, {}],
  ['calls that are not a number', { calls: 'ten' }, 400, { path: 'calls' }],
  ['too many calls', { calls: 10_000_001 }, 400, { path: 'calls' }],
  ['an id that is not a lowercase UUID', { id: CREATED.toUpperCase(), calls: 1 }, 400, { path: 'id' }],
  ['an unknown profile', { calls: 1, profile: 'slow' }, 400, { path: 'profile' }],
  ['the id of a run every session sees', { id: DEMO_RUN, calls: 1 }, 409, { path: 'id', error: /a run every session sees/ }]
]

for (const [name, body, status, shape] of refusals) {
  t.test(`refuses ${name} with ${status}, creating nothing`, async (t) => {
    const app = build(t)
    const before = (await app.inject({ url: '/__mock/runs' })).body
    const res = await createRun(app, body)
    t.equal(res.statusCode, status)
    const error = res.json() as { error: string; path?: string }
    t.type(error.error, 'string')
    if (shape.path === null) t.notOk('path' in error && error.path !== undefined && error.path.startsWith('rows'))
    else if (shape.path !== undefined) t.equal(error.path, shape.path)
    if (shape.error !== undefined) t.match(error.error, shape.error as string | RegExp)
    t.equal((await app.inject({ url: '/__mock/runs' })).body, before, 'the session is unchanged')
  })
}

t.test('refuses an id the session already created, but lets another session use it', async (t) => {
  const app = build(t)
  t.equal((await createRun(app, { id: CREATED, calls: 1 })).statusCode, 201)
  t.equal((await createRun(app, { id: CREATED, calls: 1 })).statusCode, 409)
  t.equal((await createRun(app, { id: CREATED, calls: 1 }, session('other'))).statusCode, 201)
})

t.test('refuses a body that is not JSON, or too large, and reads an empty JSON body as none', async (t) => {
  const app = build(t)
  const broken = await app.inject({ method: 'POST', url: '/__mock/runs', headers: JSON_BODY, payload: '{"calls": ' })
  t.equal(broken.statusCode, 400)
  t.match(broken.json(), { error: /^the body is not JSON/ })
  const huge = await app.inject({ method: 'POST', url: '/__mock/runs', headers: JSON_BODY, payload: `{"rows": [${'"x",'.repeat(5_000_000)}"x"]}` })
  t.equal(huge.statusCode, 413)
  t.match(huge.json(), { error: /larger than 16 MB/ })
  for (const url of ['/__mock/faults', '/__mock/behaviour', '/__mock/clock']) {
    const large = await app.inject({ method: url === '/__mock/behaviour' ? 'PUT' : 'POST', url, headers: JSON_BODY, payload: `"${'x'.repeat(2 * 2 ** 20)}"` })
    t.equal(large.statusCode, 413, url)
    t.same(large.json(), { error: 'the body is larger than 1 MB' }, `${url} names its own limit`)
  }
  const text = await app.inject({ method: 'POST', url: '/__mock/runs', headers: { 'content-type': 'text/plain' }, payload: 'calls=1' })
  t.equal(text.statusCode, 415)
  t.equal((await app.inject({ method: 'POST', url: '/__mock/reset', headers: JSON_BODY, payload: '' })).statusCode, 204)
})

t.test('deletes a created run (204, then 404), but not a run configured at start-up (409)', async (t) => {
  const app = build(t)
  await createRun(app, { id: CREATED, calls: 2 })
  t.equal((await app.inject({ method: 'DELETE', url: `/__mock/runs/${CREATED}` })).statusCode, 204)
  t.equal((await app.inject({ url: listPath(CREATED), headers: AUTH })).statusCode, 404)
  const again = await app.inject({ method: 'DELETE', url: `/__mock/runs/${CREATED}` })
  t.equal(again.statusCode, 404)
  t.same(again.json(), { error: `no run test ${CREATED} in this session` })
  const builtIn = await app.inject({ method: 'DELETE', url: `/__mock/runs/${DEMO_RUN}` })
  t.equal(builtIn.statusCode, 409)
  t.equal((await app.inject({ url: listPath(DEMO_RUN), headers: AUTH })).statusCode, 200)
})

t.test('resets the session to its start-up state: its runs and its journal are gone, other sessions untouched', async (t) => {
  const app = build(t)
  await createRun(app, { id: CREATED, calls: 2 }, session('a'))
  await createRun(app, { id: CREATED, calls: 2 }, session('b'))
  await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, ...session('a') } })
  t.equal((await app.inject({ method: 'POST', url: '/__mock/reset', headers: session('a') })).statusCode, 204)
  t.equal((await app.inject({ url: listPath(CREATED), headers: { ...AUTH, ...session('a') } })).statusCode, 404)
  t.equal((await app.inject({ url: listPath(CREATED), headers: { ...AUTH, ...session('b') } })).statusCode, 200)
  const journal = (await app.inject({ url: '/__mock/requests', headers: session('a') })).json() as { total: number; requests: Array<{ path: string }> }
  t.same(journal.requests.map((entry) => entry.path), [listPath(CREATED)], 'only the request made after the reset')
})

t.test('journals the session\'s requests, newest first, with what was sent and how it was answered', async (t) => {
  const app = build(t)
  await app.inject({ url: listPath(DEMO_RUN, '?limit=2&search=a+b'), headers: { ...AUTH, ...session('j') } })
  await app.inject({ url: listPath(UNKNOWN_RUN), headers: { ...AUTH, 'x-secret-key': 'wrong', ...session('j') } })
  await app.inject({ url: '/health', headers: session('j') })
  await app.inject({ url: '/nowhere', headers: session('j') })
  await app.inject({ url: '/__mock/runs', headers: session('j') })
  const res = await app.inject({ url: '/__mock/requests', headers: session('j') })
  t.equal(res.statusCode, 200)
  const journal = res.json() as { session: string; total: number; requests: Array<Record<string, unknown>> }
  t.equal(journal.session, 'j')
  t.equal(journal.total, 3, 'the mock\'s own routes (health, control plane) are left out')
  t.match(journal.requests, [
    { method: 'GET', path: '/nowhere', query: '', status: 404, runTestId: null, keysAccepted: false, fault: null },
    { path: listPath(UNKNOWN_RUN), status: 401, runTestId: UNKNOWN_RUN, keysAccepted: false },
    { path: listPath(DEMO_RUN), query: 'limit=2&search=a+b', status: 200, runTestId: DEMO_RUN, keysAccepted: true }
  ])
  const first = journal.requests[2] as { id: string; time: string; durationMs: number; headers: Record<string, string> }
  t.match(first.id, /^[0-9a-f-]{36}$/)
  t.ok(Math.abs(Date.parse(first.time) - Date.now()) < 60_000, 'timed when it arrived')
  t.ok(first.durationMs >= 0)
  t.equal(first.headers['x-mock-session'], 'j')
})

t.test('never stores or shows a credential: keys and tokens are <redacted> in the journal', async (t) => {
  const app = build(t, { apiKey: 'journal-key-91', secretKey: 'journal-secret-37', accessToken: 'journal-token-55' })
  await app.inject({ url: listPath(DEMO_RUN), headers: { 'x-api-key': 'journal-key-91', 'x-secret-key': 'journal-secret-37', cookie: 'c=journal-cookie-12' } })
  await app.inject({ url: listPath(DEMO_RUN), headers: { authorization: 'Bearer journal-token-55' } })
  const body = (await app.inject({ url: '/__mock/requests' })).body
  for (const secret of ['journal-key-91', 'journal-secret-37', 'journal-token-55', 'journal-cookie-12']) t.notOk(body.includes(secret), secret)
  t.match(JSON.parse(body), { requests: [{ headers: { authorization: '<redacted>' }, keysAccepted: true }, { headers: { 'x-api-key': '<redacted>', 'x-secret-key': '<redacted>', cookie: '<redacted>' }, keysAccepted: true }] })
})

t.test('filters the journal by method, path, status, run test, time and count', async (t) => {
  const app = build(t)
  const before = new Date().toISOString()
  await app.inject({ url: listPath(DEMO_RUN), headers: AUTH })
  await app.inject({ method: 'POST', url: listPath(DEMO_RUN), headers: AUTH })
  await app.inject({ url: listPath(UNKNOWN_RUN), headers: AUTH })
  await app.inject({ url: listPath(DEMO_RUN, '?page=2'), headers: AUTH })
  const count = async (query: string) => ((await app.inject({ url: `/__mock/requests?${query}` })).json() as { requests: unknown[] }).requests.length
  t.equal(await count('method=post'), 1)
  t.equal(await count(`path=${encodeURIComponent(listPath(DEMO_RUN))}`), 3)
  t.equal(await count('status=404'), 1)
  t.equal(await count(`run_test_id=${DEMO_RUN}`), 3)
  t.equal(await count(`since=${encodeURIComponent(before)}`), 4)
  t.equal(await count('since=2999-01-01T00:00:00Z'), 0)
  const limited = (await app.inject({ url: '/__mock/requests?limit=1' })).json() as { total: number; requests: Array<{ query: string }> }
  t.equal(limited.total, 4)
  t.same(limited.requests.map((entry) => entry.query), ['page=2'])
  const bad = await app.inject({ url: '/__mock/requests?status=ok' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { error: /status/, path: 'status' })
  t.equal((await app.inject({ url: '/__mock/requests?colour=red' })).statusCode, 400, 'an unknown filter is refused')
  t.equal((await app.inject({ method: 'DELETE', url: '/__mock/requests' })).statusCode, 204)
  t.equal(await count(''), 0)
})

t.test('keeps at most the journal size per session', async (t) => {
  const store = createStoreFromConfig(DEFAULTS)
  const app = build(t, { store, control: createAppControlPlane({ store, contract: 'docs', seed: 1 }, { maxSessions: 10, journalSize: 3, clock: 'frozen' }) })
  for (let page = 1; page <= 5; page++) await app.inject({ url: listPath(DEMO_RUN, `?page=${page}`), headers: AUTH })
  const journal = (await app.inject({ url: '/__mock/requests' })).json() as { requests: Array<{ query: string }> }
  t.same(journal.requests.map((entry) => entry.query), ['page=5', 'page=4', 'page=3'])
})

t.test('refuses a session header that is not a session name, on the control plane only', async (t) => {
  const app = build(t)
  for (const name of ['has space', 'x'.repeat(65), 'ünï', '']) {
    const res = await app.inject({ url: '/__mock/runs', headers: session(name) })
    t.equal(res.statusCode, 400, JSON.stringify(name))
    t.match(res.json(), { error: /^x-mock-session: expected 1 to 64 characters/ })
  }
  const listing = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, ...session('has space') } })
  t.equal(listing.statusCode, 200, 'a platform client is answered as the platform would')
})

t.test('asks for the admin token when one is set, and only on the control plane', async (t) => {
  const app = build(t, { adminToken: 'admin-secret-1' })
  for (const url of ['/__mock/runs', '/__admin/requests']) {
    const missing = await app.inject({ url })
    t.equal(missing.statusCode, 401, url)
    t.equal(missing.headers['www-authenticate'], 'Bearer')
    t.equal((await app.inject({ url, headers: { authorization: 'Bearer wrong' } })).statusCode, 401)
    t.equal((await app.inject({ url, headers: { authorization: 'Bearer admin-secret-1' } })).statusCode, 200)
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      t.equal((await app.inject({ url, headers: { authorization: `${scheme} admin-secret-1` } })).statusCode, 200, `${url}: the scheme in any case`)
    }
    for (const wrong of ['Bearer admin-secret-', 'Bearer admin-secret-12', 'Bearer  ', 'Basic admin-secret-1', 'admin-secret-1', 'Bearer ADMIN-SECRET-1']) {
      t.equal((await app.inject({ url, headers: { authorization: wrong } })).statusCode, 401, `${url}: ${wrong}`)
    }
  }
  t.equal((await app.inject({ url: listPath(DEMO_RUN), headers: AUTH })).statusCode, 200)
  const journal = (await app.inject({ url: '/__mock/requests', headers: { authorization: 'Bearer admin-secret-1' } })).body
  t.notOk(journal.includes('admin-secret-1'))
})

t.test('without the control plane, its paths are the platform\'s HTML 404 and the session header changes nothing', async (t) => {
  const app = build(t, { control: null })
  for (const url of ['/__mock/runs', '/__mock/requests', '/__mock/openapi.json', '/__admin/requests', '/__admin/health']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
  }
  t.equal((await createRun(app, { calls: 1 })).statusCode, 404)
  t.equal((await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, ...session('job') } })).statusCode, 200)
})

/** Status, headers without the date, and body: what makes two answers the same answer. */
async function answers (t: Test, app: ReturnType<typeof build>): Promise<string[]> {
  const requests = [
    { url: listPath(DEMO_RUN), headers: AUTH },
    { url: listPath(DEMO_RUN, '?limit=5&page=2&search=a'), headers: AUTH },
    { url: listPath(DEMO_RUN, '?limit=abc'), headers: AUTH },
    { url: listPath(UNKNOWN_RUN), headers: AUTH },
    { url: listPath(DEMO_RUN) },
    { url: listPath(DEMO_RUN), headers: { ...AUTH, accept: 'text/html' } },
    { url: `/simulate/run-tests/${DEMO_RUN}/call-executions?x=1` },
    { url: '/simulate/nowhere' },
    { method: 'POST' as const, url: listPath(DEMO_RUN), headers: AUTH },
    { method: 'OPTIONS' as const, url: listPath(DEMO_RUN), headers: AUTH }
  ]
  const seen: string[] = []
  for (const request of requests) {
    for (let round = 0; round < 2; round++) {
      const res = await app.inject(request)
      const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => name !== 'date'))
      seen.push(JSON.stringify([res.statusCode, headers, res.body]))
    }
  }
  t.ok(seen.length > 0)
  return seen
}

t.test('a client that never touches the control plane gets the same bytes whether it is on or off', async (t) => {
  const on = await answers(t, build(t))
  const off = await answers(t, build(t, { control: null }))
  t.same(on, off)
})

t.test('sessions created and read at once, over real connections, each see only their own runs and requests', async (t) => {
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const names = Array.from({ length: 40 }, (_, i) => `parallel-${i}`)
  await Promise.all(names.map(async (name, i) => {
    const id = `cccccccc-cccc-4ccc-8ccc-${String(i).padStart(12, '0')}`
    const headers = { ...JSON_BODY, ...session(name) }
    const created = await fetch(`${origin}/__mock/runs`, { method: 'POST', headers, body: JSON.stringify({ id, calls: i + 1 }) })
    if (created.status !== 201) throw new Error(`${name}: ${created.status}`)
    for (let page = 1; page <= 3; page++) {
      const res = await fetch(`${origin}${listPath(id, `?limit=1&page=${page}`)}`, { headers: { ...AUTH, ...session(name) } })
      await res.arrayBuffer()
    }
  }))
  for (const [i, name] of names.entries()) {
    const runs = (await (await fetch(`${origin}/__mock/runs`, { headers: session(name) })).json()) as { runs: Array<{ id: string; origin: string; rows: number }> }
    const own = runs.runs.filter((run) => run.origin === 'created')
    t.same(own.map((run) => run.rows), [i + 1], `${name} sees its one run`)
    const journal = (await (await fetch(`${origin}/__mock/requests`, { headers: session(name) })).json()) as { requests: Array<{ runTestId: string; headers: Record<string, string> }> }
    t.equal(journal.requests.length, 3)
    t.ok(journal.requests.every((entry) => entry.runTestId === own[0]?.id && entry.headers['x-mock-session'] === name), `${name} reads only its requests`)
  }
})
