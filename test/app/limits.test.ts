// The control plane's bounds over HTTP: what a client can make the mock keep, which sessions exist, the clock's range, held connections and the pages a browser may call it from.
import { request as httpRequest } from 'node:http'
import t, { type Test } from 'tap'
import { createAppControlPlane, type ControlPlaneSettings } from '../../src/app.js'
import { DEFAULTS } from '../../src/config.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import { Holds, MAX_HELD_CONNECTIONS } from '../../src/plugins/behaviour.js'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const LIST = listPath(DEMO_RUN)
const JSON_BODY = { 'content-type': 'application/json' }
const session = (name: string) => ({ 'x-mock-session': name })

/** An app with its control plane at hand, its bounds as given (their defaults otherwise). */
function withControl (t: Test, settings: Partial<ControlPlaneSettings> = {}, overrides: Parameters<typeof build>[1] = {}) {
  const store = createStoreFromConfig(DEFAULTS)
  const control = createAppControlPlane({ store, contract: DEFAULTS.contract, seed: 1 }, { maxSessions: 1000, journalSize: 1000, clock: 'frozen', ...settings })
  const app = build(t, { store, control, ...overrides })
  return { app, control }
}

const post = (app: ReturnType<typeof build>, url: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...JSON_BODY, ...headers }, payload: JSON.stringify(body) })

/** A complete docs-contract row whose `call_summary` holds `summary`. */
const docsRow = (id: string, summary: string) => ({
  id,
  session_id: null,
  status: 'completed',
  duration: 45.2,
  start_time: '2026-04-04T12:00:00Z',
  transcript: [{ role: 'user', content: 'Hi' }],
  scenario: { id: 'b2c3d4e5-f6a7-4901-bcde-f12345678901', name: 'Happy Path' },
  overall_score: 92.5,
  eval_outputs: {},
  eval_metrics: {},
  customer_name: 'John Doe',
  call_summary: summary,
  ended_reason: 'completed',
  avg_agent_latency: 1.2,
  scenario_id: 'b2c3d4e5-f6a7-4901-bcde-f12345678901',
  is_snapshot: false,
  rerun_type: null,
  created_at: '2026-04-04T12:00:00Z'
})

t.test('the health check, the documents and the docs page make no session, whatever header they carry', async (t) => {
  const { app, control } = withControl(t)
  for (const url of ['/health', '/openapi.json', '/docs', '/__mock/openapi.json']) {
    await app.inject({ url, headers: session(`probe-${url.length}`) })
  }
  t.equal(control.sessions.count, 1, 'only the default session')
  t.equal((await app.inject({ url: LIST, headers: { ...AUTH, ...session('job') } })).statusCode, 200)
  t.ok(control.sessions.has('job'), 'a listing makes its session')
  t.equal((await app.inject({ url: '/__mock/runs', headers: session('admin-job') })).statusCode, 200)
  t.ok(control.sessions.has('admin-job'), 'so does a control-plane call')
})

t.test('a control-plane call refused for its token makes no session', async (t) => {
  const { app, control } = withControl(t, {}, { adminToken: 'secret' })
  t.equal((await app.inject({ url: '/__mock/runs', headers: session('sneaky') })).statusCode, 401)
  t.notOk(control.sessions.has('sneaky'))
})

t.test('floods in other sessions never drop a session used within the active window: the new ones get a 409 naming the bound', async (t) => {
  const { app } = withControl(t, { maxSessions: 3 })
  const created = await post(app, '/__mock/runs', { calls: 5 }, session('job'))
  t.equal(created.statusCode, 201)
  const { id } = created.json() as { id: string }
  const answers: number[] = []
  for (let n = 0; n < 6; n++) answers.push((await app.inject({ url: LIST, headers: { ...AUTH, ...session(`flood-${n}`) } })).statusCode)
  t.same(answers, [200, 200, 409, 409, 409, 409], 'two more sessions fit, then none')
  const refused = await app.inject({ url: '/__mock/runs', headers: session('late') })
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { error: /3 sessions \(its bound, --max-sessions\), each used within the last 10 minutes/ })
  t.equal((await app.inject({ url: listPath(id), headers: { ...AUTH, ...session('job') } })).statusCode, 200, 'the job\'s run is still there')
  t.equal((await app.inject({ url: LIST, headers: AUTH })).statusCode, 200, 'the default session is always served')
})

t.test('a session idle past the window makes room for a new one, its memory given back', async (t) => {
  let wall = 0
  const { app, control } = withControl(t, { maxSessions: 1, activeMs: 1000, wallMs: () => wall })
  t.equal((await post(app, '/__mock/faults', { fault: 'status=500' }, session('old'))).statusCode, 201)
  const held = control.sessions.memory()
  wall += 1000
  t.equal((await app.inject({ url: '/__mock/runs', headers: session('new') })).statusCode, 200)
  t.notOk(control.sessions.has('old'))
  t.equal(control.sessions.memory().faults, 0, `${held.faults} bytes of rules given back`)
})

t.test('rows written out are bounded in bytes: one large row fits, the next run past the bound is a 413 and nothing is created', async (t) => {
  const { app, control } = withControl(t, { heldRowBytes: 2 * 2 ** 20 })
  const big = 'x'.repeat(1_500_000)
  const first = await post(app, '/__mock/runs', { rows: [docsRow('a1b2c3d4-e5f6-4890-abcd-ef1234567890', big)] })
  t.equal(first.statusCode, 201)
  t.ok(control.sessions.memory().heldRows > 1_500_000, 'counted at least at its string\'s length')
  const second = await post(app, '/__mock/runs', { rows: [docsRow('a1b2c3d4-e5f6-4890-abcd-ef1234567891', big)] }, session('other'))
  t.equal(second.statusCode, 413)
  t.match(second.json(), { error: /of its bound of 2 MB for all sessions/, path: 'rows' })
  t.same((await app.inject({ url: '/__mock/runs', headers: session('other') })).json().runs.filter((run: { origin: string }) => run.origin === 'created'), [])
  t.equal((await app.inject({ method: 'POST', url: '/__mock/reset' })).statusCode, 204)
  t.equal(control.sessions.memory().heldRows, 0, 'given back on reset')
  t.equal((await post(app, '/__mock/runs', { rows: [docsRow('a1b2c3d4-e5f6-4890-abcd-ef1234567891', big)] }, session('other'))).statusCode, 201)
})

t.test('a fault rule is bounded in bytes: a large one is a 413, a session past its share a 409, and reading them back stays small', async (t) => {
  const { app } = withControl(t)
  const huge = await post(app, '/__mock/faults', { fault: 'status=500', match: { path: `/${'p'.repeat(100_000)}` } })
  t.equal(huge.statusCode, 413)
  t.match(huge.json(), { error: /more than a session's bound of 64 KB of fault rules/ })
  const rule = { fault: 'status=500', match: { path: `/${'p'.repeat(20_000)}` } }
  const answers: number[] = []
  for (let n = 0; n < 4; n++) answers.push((await post(app, '/__mock/faults', rule)).statusCode)
  t.same(answers, [201, 201, 201, 409])
  const listed = await app.inject({ url: '/__mock/faults' })
  t.equal((listed.json() as { faults: unknown[] }).faults.length, 3)
  t.ok(listed.body.length < 64 * 2 ** 10, `${listed.body.length} bytes read back`)
})

t.test('the clock refuses an instant it cannot show with a 400, and stays readable', async (t) => {
  const { app } = withControl(t)
  for (const body of [{ set: '2256-01-01T00:00:00Z' }, { set: '1969-12-31T23:59:59Z' }, { advance: '99999999999d' }, { advance: '100000d' }]) {
    const res = await post(app, '/__mock/clock', body, session('c'))
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.match(res.json(), { error: /2199-12-31T23:59:59.999999Z/ })
  }
  const read = await app.inject({ url: '/__mock/clock', headers: session('c') })
  t.equal(read.statusCode, 200)
  t.equal(read.json().now, '2026-04-06T12:00:00Z', 'nothing was applied')
  t.equal((await post(app, '/__mock/clock', { set: '2199-12-31T23:59:59.999999Z' }, session('c'))).statusCode, 200, 'the last instant is allowed')
  t.equal((await app.inject({ url: listPath('66666666-6666-4666-8666-666666666666'), headers: { ...AUTH, ...session('c') } })).statusCode, 200)
})

t.test('connections held by hang and slow-body faults are counted, and refused with a 409 past the bound', async (t) => {
  const holds = new Holds()
  const releases = Array.from({ length: MAX_HELD_CONNECTIONS }, () => holds.holdConnection('hang'))
  t.equal(holds.connections, MAX_HELD_CONNECTIONS)
  t.throws(() => holds.holdConnection('slow-body'), { statusCode: 409, message: new RegExp(`${MAX_HELD_CONNECTIONS} connections for hang and slow-body faults \\(its bound\\)`) })
  releases[0]?.()
  releases[0]?.()
  t.equal(holds.connections, MAX_HELD_CONNECTIONS - 1, 'a release counts once')
  t.doesNotThrow(() => holds.holdConnection('hang'))
})

t.test('a slow body is sent whole at once when the server closes, without waiting out the drain window', async (t) => {
  const app = build(t, { slowBodyRate: 100 })
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  // Closed once the body has begun to dribble: a request that arrived after close began would get its 503.
  let dribbling = (): void => {}
  const begun = new Promise<void>((resolve) => { dribbling = resolve })
  const answer = new Promise<{ status?: number; length: number; declared?: string }>((resolve) => {
    httpRequest(`${origin}${LIST}`, { headers: { ...AUTH, prefer: 'fault=slow-body' }, agent: false }, (res) => {
      dribbling()
      let length = 0
      res.on('data', (chunk: Buffer) => { length += chunk.length })
      res.on('end', () => resolve({ status: res.statusCode, length, declared: res.headers['content-length'] }))
      res.on('error', () => resolve({ status: res.statusCode, length: -1 }))
    }).on('error', () => { dribbling(); resolve({ length: -1 }) }).end()
  })
  await begun
  const started = Date.now()
  await app.close()
  const took = Date.now() - started
  const got = await answer
  t.equal(got.status, 200)
  t.equal(String(got.length), got.declared, 'the whole body arrived')
  t.ok(took < 4000, `closed in ${took} ms, well inside the 8 s drain window`)
})

const FOREIGN = 'https://evil.example'
const ALLOWED = 'http://localhost:5173'

t.test('the control plane refuses a page on an origin not allowed, before acting, and says how to allow it', async (t) => {
  const { app, control } = withControl(t, {}, { cors: true })
  await post(app, '/__mock/runs', { calls: 3 }, session('job'))
  const reset = await app.inject({ method: 'POST', url: '/__mock/reset', headers: { origin: FOREIGN, ...session('job') } })
  t.equal(reset.statusCode, 403)
  t.match(reset.json(), { error: /--admin-origin https:\/\/evil.example/ })
  t.equal(reset.headers['access-control-allow-origin'], undefined, 'and the page cannot read why')
  t.equal(control.sessions.named('job').created.size, 1, 'nothing was reset')
  const read = await app.inject({ url: '/__mock/requests', headers: { origin: FOREIGN } })
  t.equal(read.statusCode, 403, 'nor is the journal read')
  const wiremock = await app.inject({ url: '/__admin/requests', headers: { origin: FOREIGN } })
  t.equal(wiremock.statusCode, 403, 'the WireMock journal is guarded alike')
  const preflight = await app.inject({ method: 'OPTIONS', url: '/__mock/reset', headers: { origin: FOREIGN, 'access-control-request-method': 'POST' } })
  t.equal(preflight.statusCode, 403)
  t.equal(preflight.headers['access-control-allow-origin'], undefined)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/%5F_mock/reset', headers: { origin: FOREIGN, 'access-control-request-method': 'POST' } })).statusCode, 403, 'however the path is escaped')
  t.equal((await app.inject({ url: LIST, headers: { ...AUTH, origin: FOREIGN } })).headers['access-control-allow-origin'], FOREIGN, 'the platform\'s API keeps answering any origin')
})

t.test('the control plane answers the origins --admin-origin allows, and the mock\'s own, with CORS headers', async (t) => {
  const { app } = withControl(t, {}, { cors: true, adminOrigins: [ALLOWED] })
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/__mock/runs',
    headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-mock-session' }
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], ALLOWED)
  t.match(preflight.headers['access-control-allow-headers'], /Content-Type.*X-Mock-Session/)
  const created = await post(app, '/__mock/runs', { calls: 3 }, { origin: ALLOWED, ...session('browser') })
  t.equal(created.statusCode, 201)
  t.equal(created.headers['access-control-allow-origin'], ALLOWED)
  const own = await app.inject({ url: '/__mock/runs', headers: { origin: 'http://127.0.0.1:8000', host: '127.0.0.1:8000' } })
  t.equal(own.statusCode, 200, 'a page the mock serves itself')
  t.equal((await app.inject({ url: '/__mock/runs', headers: { origin: FOREIGN } })).statusCode, 403)
  t.equal((await app.inject({ url: '/__mock/runs' })).statusCode, 200, 'tools send no Origin and are not concerned')
})

t.test('--admin-origin works with --no-cors too: the platform\'s API then gets no CORS headers', async (t) => {
  const { app } = withControl(t, {}, { cors: false, adminOrigins: [ALLOWED] })
  t.equal((await app.inject({ url: '/__mock/runs', headers: { origin: ALLOWED } })).headers['access-control-allow-origin'], ALLOWED)
  t.equal((await app.inject({ url: LIST, headers: { ...AUTH, origin: ALLOWED } })).headers['access-control-allow-origin'], undefined)
})
