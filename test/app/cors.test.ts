// CORS: preflights answered before authentication, headers a browser needs on every answer, and the off switch.
import t from 'tap'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const ORIGIN = 'http://localhost:5173'
const PREFLIGHT = {
  origin: ORIGIN,
  'access-control-request-method': 'GET',
  'access-control-request-headers': 'x-api-key, x-secret-key, prefer'
}

t.test('answers a preflight with 204 before authentication', async (t) => {
  const app = build(t, { cors: true })
  const res = await app.inject({ method: 'OPTIONS', url: listPath(DEMO_RUN, '?limit=5'), headers: PREFLIGHT })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.equal(res.headers['access-control-allow-origin'], ORIGIN)
  t.equal(res.headers['access-control-allow-headers'], 'Content-Type, X-Api-Key, X-Secret-Key, Authorization, Prefer, X-Mock-Session')
  t.match(res.headers['access-control-allow-methods'], /\bGET\b/)
  t.equal(res.headers['access-control-max-age'], '600')
  t.match(res.headers.vary, /\bOrigin\b/)
})

t.test('answers a preflight for a path without the trailing slash and for /health', async (t) => {
  const app = build(t, { cors: true })
  for (const url of [`/simulate/run-tests/${DEMO_RUN}/call-executions`, '/health']) {
    const res = await app.inject({ method: 'OPTIONS', url, headers: PREFLIGHT })
    t.equal(res.statusCode, 204, url)
  }
})

t.test('passes a plain OPTIONS on to the view, which asks for keys and then describes itself', async (t) => {
  const app = build(t, { cors: true })
  const anonymous = await app.inject({ method: 'OPTIONS', url: listPath(DEMO_RUN) })
  t.equal(anonymous.statusCode, 401)
  const authenticated = await app.inject({ method: 'OPTIONS', url: listPath(DEMO_RUN), headers: { ...AUTH, origin: ORIGIN } })
  t.equal(authenticated.statusCode, 200)
  t.match(authenticated.json(), { name: 'Run Test Call Executions' })
  t.equal(authenticated.headers['access-control-allow-origin'], ORIGIN)
})

t.test('treats an OPTIONS with an Origin but no Access-Control-Request-Method as no preflight', async (t) => {
  const app = build(t, { cors: true })
  const res = await app.inject({ method: 'OPTIONS', url: listPath(DEMO_RUN), headers: { origin: ORIGIN } })
  t.equal(res.statusCode, 401)
})

t.test('lets a browser read a 401 with its WWW-Authenticate and Allow headers', async (t) => {
  const app = build(t, { cors: true })
  const res = await app.inject({ url: listPath(DEMO_RUN), headers: { origin: ORIGIN } })
  t.equal(res.statusCode, 401)
  t.equal(res.headers['access-control-allow-origin'], ORIGIN)
  t.equal(res.headers['access-control-expose-headers'], 'Allow, WWW-Authenticate, Preference-Applied')
  t.equal(res.headers['www-authenticate'], 'ApiKey')
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('varies the listing on Origin as well as Accept', async (t) => {
  const app = build(t, { cors: true })
  const res = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, origin: ORIGIN } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['access-control-allow-origin'], ORIGIN)
  t.equal(res.headers.vary, 'Origin, Accept')
})

for (const cors of [false, undefined]) {
  t.test(`sends no CORS headers and lets the platform refuse a preflight when cors is ${String(cors)}`, async (t) => {
    const app = build(t, { cors })
    const preflight = await app.inject({ method: 'OPTIONS', url: listPath(DEMO_RUN), headers: PREFLIGHT })
    t.equal(preflight.statusCode, 401)
    t.equal(preflight.headers['access-control-allow-origin'], undefined)
    const listing = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, origin: ORIGIN } })
    t.equal(listing.statusCode, 200)
    t.equal(listing.headers['access-control-allow-origin'], undefined)
    t.equal(listing.headers.vary, 'Accept')
  })
}

t.test('treats an empty Origin as no Origin: no preflight, no Access-Control-Allow-Origin', async (t) => {
  const app = build(t, { cors: true })
  const res = await app.inject({ method: 'OPTIONS', url: listPath(DEMO_RUN), headers: { origin: '', 'access-control-request-method': 'GET' } })
  t.equal(res.statusCode, 401)
  t.equal(res.headers['access-control-allow-origin'], undefined)
  t.equal(res.headers.vary, 'Origin, Accept')
})

t.test('journals a preflight in the session it names, like any request to the platform\'s API', async (t) => {
  const app = build(t, { cors: true })
  const res = await app.inject({ method: 'OPTIONS', url: listPath(DEMO_RUN), headers: { ...PREFLIGHT, 'x-mock-session': 'cors-journal' } })
  t.equal(res.statusCode, 204)
  const journal = await app.inject({ url: '/__mock/requests', headers: { 'x-mock-session': 'cors-journal' } })
  const { requests } = JSON.parse(journal.body) as { requests: Array<{ method: string; path: string; status: number }> }
  t.same(requests.map(({ method, path, status }) => ({ method, path, status })), [{ method: 'OPTIONS', path: listPath(DEMO_RUN), status: 204 }])
  const other = await app.inject({ url: '/__mock/requests' })
  t.equal((JSON.parse(other.body) as { total: number }).total, 0, 'not in the default session')
})
