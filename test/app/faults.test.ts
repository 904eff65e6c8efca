// Faults, each observed from real clients (fetch and node:http): what a client sees, how rules pick requests, and the journal.
import { request as httpRequest } from 'node:http'
import t, { type Test } from 'tap'
import { PROXY_PAGES, throttled } from '../../src/errors.js'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const LIST = listPath(DEMO_RUN)
const JSON_BODY = { 'content-type': 'application/json' }

async function listening (t: Test, overrides: Parameters<typeof build>[1] = {}) {
  const app = build(t, overrides)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, origin }
}

/** A GET with node:http: the status and body, or the error the client saw. */
function nodeGet (url: string, headers: Record<string, string>): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode, body }))
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ status: res.statusCode, error: error.code ?? error.message }))
      res.on('aborted', () => resolve({ status: res.statusCode, error: 'aborted' }))
    })
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }))
    req.end()
  })
}

const withFault = (fault: string) => ({ ...AUTH, prefer: `fault=${fault}` })

t.test('reset: the connection goes away before a byte of the answer (ECONNRESET)', async (t) => {
  const { origin } = await listening(t)
  t.same(await nodeGet(`${origin}${LIST}`, withFault('reset')), { error: 'ECONNRESET' })
  const failed = await fetch(`${origin}${LIST}`, { headers: withFault('reset') }).then(() => null, (error: Error & { cause?: { code?: string } }) => error.cause?.code)
  t.equal(failed, 'ECONNRESET')
})

t.test('truncate: the full Content-Length, half of the body, then the connection closes', async (t) => {
  const { origin } = await listening(t)
  const whole = await (await fetch(`${origin}${LIST}`, { headers: AUTH })).text()
  const res = await fetch(`${origin}${LIST}`, { headers: withFault('truncate') })
  t.equal(res.status, 200)
  t.equal(res.headers.get('content-length'), String(Buffer.byteLength(whole)))
  await t.rejects(res.text(), 'the body ends early: fetch reports the premature close')
  const seen = await nodeGet(`${origin}${LIST}`, withFault('truncate'))
  t.equal(seen.status, 200)
  t.equal(seen.error, 'aborted')
})

t.test('malformed: a 200 whose JSON ends in the middle of a row', async (t) => {
  const { origin } = await listening(t)
  const res = await fetch(`${origin}${LIST}`, { headers: withFault('"malformed"') })
  t.equal(res.status, 200)
  const text = await res.text()
  t.equal(res.headers.get('content-length'), String(Buffer.byteLength(text)), 'all of it arrives')
  t.throws(() => JSON.parse(text), SyntaxError)
  t.match(text, /"results":\[\{"id":/, 'the cut is inside the first row')
})

t.test('hang: no answer until the client gives up on its own timeout; the journal says so', async (t) => {
  const { app, origin } = await listening(t)
  const outcome = await fetch(`${origin}${LIST}`, { headers: withFault('hang'), signal: AbortSignal.timeout(300) }).then(() => 'answered', (error: Error) => error.name)
  t.equal(outcome, 'TimeoutError')
  // The entry is written as the server sees the connection go, a moment after the client gave up.
  const journal = async () => (await app.inject({ url: '/__mock/requests' })).json() as { requests: unknown[] }
  const deadline = Date.now() + 5000
  while ((await journal()).requests.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
  t.match(await journal(), { requests: [{ fault: 'hang', status: 0 }] })
})

t.test('a hanging request does not hold a shutdown', async (t) => {
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  // Closed once the server holds the request: one that arrived after close began would get its 503.
  const held = new Promise((resolve) => app.server.once('request', () => setImmediate(resolve)))
  const hanging = nodeGet(`${origin}${LIST}`, withFault('hang'))
  await held
  const started = Date.now()
  await app.close()
  t.ok(Date.now() - started < 5000, `closed in ${Date.now() - started} ms`)
  t.ok((await hanging).error !== undefined, 'the client sees the connection go')
})

t.test('slow-body: the body dribbles in at the configured rate', async (t) => {
  const { origin } = await listening(t, { slowBodyRate: 20_000 })
  const whole = Buffer.byteLength(await (await fetch(`${origin}${LIST}`, { headers: AUTH })).text())
  const res = await fetch(`${origin}${LIST}`, { headers: withFault('slow-body') })
  t.equal(res.headers.get('content-length'), String(whole))
  let chunks = 0
  let bytes = 0
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    chunks++
    bytes += chunk.length
  }
  t.equal(bytes, whole, 'all of it, in the end')
  t.ok(chunks >= Math.floor(whole / 2000) - 1, `${chunks} pieces of at most 2,000 bytes (a tenth of a second at 20,000 bytes/s)`)
})

t.test('status=429 is the platform\'s throttled envelope with Retry-After', async (t) => {
  const { app } = await listening(t)
  const res = await app.inject({ url: LIST, headers: withFault('status=429') })
  t.equal(res.statusCode, 429)
  t.equal(res.headers['retry-after'], '1')
  t.equal(res.body, throttled(1).body())
  t.same(res.json(), {
    status: false,
    type: 'rate_limit',
    code: 'throttled',
    detail: 'Request was throttled. Expected available in 1 second.',
    message: 'Request was throttled. Expected available in 1 second.',
    error: 'Request was throttled. Expected available in 1 second.',
    result: 'Request was throttled. Expected available in 1 second.',
    details: { detail: ['Request was throttled. Expected available in 1 second.'] }
  })
})

for (const status of [502, 503, 504] as const) {
  t.test(`status=${status} is the reverse proxy's HTML page, not the platform's envelope`, async (t) => {
    const { app } = await listening(t)
    const res = await app.inject({ url: LIST, headers: withFault(`status=${status}`) })
    t.equal(res.statusCode, status)
    t.equal(res.headers['content-type'], 'text/html')
    t.equal(res.body, PROXY_PAGES[status])
    t.equal(res.headers['retry-after'], status === 503 ? '1' : undefined)
  })
}

t.test('status=500 is the platform\'s 500 envelope', async (t) => {
  const { app } = await listening(t)
  const res = await app.inject({ url: LIST, headers: withFault('status=500') })
  t.equal(res.statusCode, 500)
  t.match(res.json(), { type: 'server_error', detail: 'Failed to retrieve call executions: simulated failure requested with fault=status=500' })
})

t.test('a retrying client succeeds after exactly the configured number of failures', async (t) => {
  const { origin } = await listening(t)
  const rule = await fetch(`${origin}/__mock/faults`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ match: { run_test_id: DEMO_RUN }, fault: 'status=503', times: 2 }) })
  t.equal(rule.status, 201)
  t.match(await rule.json(), { id: 'fault-1', fault: 'status=503', times: 2, seen: 0, fired: 0 })
  // A client with a retry policy: up to five attempts, retrying 5xx answers.
  const statuses: number[] = []
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await fetch(`${origin}${LIST}`, { headers: AUTH })
    await res.arrayBuffer()
    statuses.push(res.status)
    if (res.status < 500) break
  }
  t.same(statuses, [503, 503, 200])
  t.match(await (await fetch(`${origin}/__mock/faults`)).json(), { faults: [{ id: 'fault-1', seen: 3, fired: 2 }] })
})

t.test('fault rules pick requests by run test, method and path, after and probability, and only in their session', async (t) => {
  const { app } = await listening(t)
  const add = (body: object, session = 'rules') => app.inject({ method: 'POST', url: '/__mock/faults', headers: { ...JSON_BODY, 'x-mock-session': session }, payload: JSON.stringify(body) })
  t.equal((await add({ match: { method: 'POST' }, fault: 'status=502' })).statusCode, 201)
  t.equal((await add({ match: { path: '/simulate/run-tests/*' }, fault: 'status=504', after: 1, times: 1 })).statusCode, 201)
  const get = async (session = 'rules') => (await app.inject({ url: LIST, headers: { ...AUTH, 'x-mock-session': session } })).statusCode
  t.same([await get(), await get(), await get()], [200, 504, 200])
  t.equal((await app.inject({ method: 'POST', url: LIST, headers: { ...AUTH, 'x-mock-session': 'rules' } })).statusCode, 502)
  t.equal(await get('other'), 200, 'another session has no rules')
  t.equal((await app.inject({ method: 'DELETE', url: '/__mock/faults', headers: { 'x-mock-session': 'rules' } })).statusCode, 204)
  t.same((await app.inject({ url: '/__mock/faults', headers: { 'x-mock-session': 'rules' } })).json().faults, [])
})

t.test('a probability fires on about that share of requests, on the same requests every time', async (t) => {
  const pattern = async () => {
    const app = build(t)
    await app.inject({ method: 'POST', url: '/__mock/faults', headers: JSON_BODY, payload: JSON.stringify({ fault: 'status=500', probability: 0.3 }) })
    const statuses: number[] = []
    for (let i = 0; i < 100; i++) statuses.push((await app.inject({ url: LIST, headers: AUTH })).statusCode)
    return statuses
  }
  const first = await pattern()
  const failed = first.filter((status) => status === 500).length
  t.ok(failed > 15 && failed < 45, `${failed} of 100 failed`)
  t.same(await pattern(), first, 'the same seed and session: the same requests fail')
})

t.test('refuses a fault rule it cannot use, naming the field', async (t) => {
  const { app } = await listening(t)
  for (const [body, path] of [
    [{ fault: 'explode' }, 'fault'],
    [{ fault: 'reset', times: 0 }, 'times'],
    [{ fault: 'reset', probability: 2 }, 'probability'],
    [{ fault: 'reset', match: { colour: 'red' } }, 'match'],
    [{ match: {} }, 'fault']
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/__mock/faults', headers: JSON_BODY, payload: JSON.stringify(body) })
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.equal(res.json().path, path)
  }
})

t.test('journals every fault with its name, and leaves the mock\'s own routes alone', async (t) => {
  const { app } = await listening(t)
  for (const fault of ['status=503', 'malformed', 'status=429']) await app.inject({ url: LIST, headers: withFault(fault) })
  await app.inject({ url: LIST, headers: { ...AUTH, prefer: 'fault=explode' } })
  const health = await app.inject({ url: '/health', headers: withFault('status=503') })
  t.equal(health.statusCode, 200, 'the health check never fails')
  const runs = await app.inject({ url: '/__mock/runs', headers: withFault('reset') })
  t.equal(runs.statusCode, 200, 'nor the control plane')
  const journal = (await app.inject({ url: '/__mock/requests' })).json() as { requests: Array<{ status: number; fault: string | null }> }
  t.same(journal.requests.map((entry) => [entry.status, entry.fault]), [[200, null], [429, 'status=429'], [200, 'malformed'], [503, 'status=503']])
})
