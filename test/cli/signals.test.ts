// Shutdown on a signal: requests in flight are answered, idle keep-alive connections do not hold the exit.
import { request, Agent } from 'node:http'
import t from 'tap'
import { AUTH, listPath } from '../helper.js'
import { requireFreshBuild, startCli, type Running } from './helper.js'

const BIG_RUN = '33333333-3333-4333-8333-333333333333'

t.setTimeout(180_000)
t.before(requireFreshBuild)

/** Resolves once the server has logged `message` `count` times: a request's arrival, so that a signal comes while it is in flight, or its closing. */
function logged (server: Running, message: string, count: number): Promise<void> {
  const line = `"msg":"${message}"`
  return new Promise((resolve) => {
    const check = (): void => {
      if (server.stdout().split(line).length - 1 < count) return
      server.child.stdout.off('data', check)
      resolve()
    }
    server.child.stdout.on('data', check)
    check()
  })
}

function get (url: string, agent: Agent): Promise<{ status: number; body: string; endedAt: number }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: AUTH, agent }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, endedAt: Date.now() }))
      // A body cut short by the shutdown fails the test instead of leaving it waiting.
      res.on('error', reject)
    }).on('error', reject).end()
  })
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  t.test(`answers the request in flight on ${signal}, then exits 0 within a second`, async (t) => {
    const server = await startCli(t, ['--log-level', 'info'])
    // A keep-alive agent: its idle connection from a first request must not delay the exit.
    const agent = new Agent({ keepAlive: true })
    t.teardown(() => agent.destroy())
    t.equal((await get(`${server.url}/health`, agent)).status, 200)

    const inFlight = get(`${server.url}${listPath(BIG_RUN, '?limit=10000')}`, agent)
    await logged(server, 'incoming request', 2)
    server.child.kill(signal)
    const res = await inFlight
    const { code, signal: killedBy } = await server.exited
    const exitedAt = Date.now()

    t.equal(res.status, 200)
    const body = JSON.parse(res.body) as { count: number; results: unknown[] }
    t.equal(body.count, 10_000)
    t.equal(body.results.length, 10_000, 'the whole page arrived')
    t.equal(code, 0)
    t.equal(killedBy, null)
    t.ok(exitedAt - res.endedAt < 3000, `exited ${exitedAt - res.endedAt} ms after the answer`)
    t.match(server.stdout(), /"signal":"SIG(TERM|INT)","msg":"closing"/)
  })
}

t.test('exits 0 at once on SIGTERM when idle, even with a keep-alive connection open', async (t) => {
  const server = await startCli(t, ['--log-level', 'warn'])
  const agent = new Agent({ keepAlive: true })
  t.teardown(() => agent.destroy())
  t.equal((await get(`${server.url}/health`, agent)).status, 200)
  const sentAt = Date.now()
  server.child.kill('SIGTERM')
  const { code } = await server.exited
  t.equal(code, 0)
  t.ok(Date.now() - sentAt < 3000, `exited ${Date.now() - sentAt} ms after the signal`)
})

t.test('answers 503 with Connection: close on an open keep-alive connection while another request is in flight', async (t) => {
  const server = await startCli(t, ['--log-level', 'info'])
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => agent.destroy())
  t.equal((await get(`${server.url}/health`, agent)).status, 200, 'the keep-alive connection is open and idle')

  const inFlight = get(`${server.url}${listPath(BIG_RUN, '?limit=10000')}`, new Agent({ keepAlive: false }))
  await logged(server, 'incoming request', 2)
  server.child.kill('SIGTERM')
  await logged(server, 'closing', 1)
  const late = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    request(`${server.url}/health`, { agent }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }))
    }).on('error', reject).end()
  })
  t.same(late, { status: 503, connection: 'close' })
  t.equal((await inFlight).status, 200, 'the request in flight is still answered in full')
  t.equal((await server.exited).code, 0)
})

t.test('closes an idle keep-alive connection at once when nothing is in flight', async (t) => {
  const server = await startCli(t, ['--log-level', 'warn'])
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => agent.destroy())
  t.equal((await get(`${server.url}/health`, agent)).status, 200)
  const [socket] = Object.values(agent.freeSockets).flat()
  t.ok(socket, 'the agent holds the idle connection')
  const closed = new Promise<void>((resolve) => socket?.once('close', () => resolve()))
  server.child.kill('SIGTERM')
  await closed
  t.pass('the server closed the idle connection; a client opens a new one for its next request')
  t.equal((await server.exited).code, 0)
})

t.test('exits on SIGTERM while a journal query is matching, refusing it with a 503', async (t) => {
  const server = await startCli(t, ['--log-level', 'info'])
  // Entries RE2 takes seconds over with a long program: linear, but long.
  let text = ''
  for (let state = 12_345; text.length < 15_000;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    text += (state >> 16) & 1 ? 'a' : 'b'
  }
  const agent = new Agent()
  t.teardown(() => agent.destroy())
  for (let i = 0; i < 20; i++) t.equal((await get(`${server.url}/nowhere?${text}${i}`, agent)).status, 404)
  const counted = fetch(`${server.url}/__admin/requests/count`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ urlPattern: `(?:.*a.{20}b){1,50}c|${'x'.repeat(500)}` })
  })
  await logged(server, 'incoming request', 21)
  // Long enough for the query to be matching (its thread started and at work), far short of its 10 s budget.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const signalledAt = Date.now()
  server.child.kill('SIGTERM')
  const res = await counted
  const { code } = await server.exited
  t.equal(res.status, 503)
  t.match(await res.json(), { errors: [{ title: 'the server is closing' }] })
  t.equal(code, 0)
  t.ok(Date.now() - signalledAt < 3000, `exited ${Date.now() - signalledAt} ms after the signal`)
})
