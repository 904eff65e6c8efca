// Delays, rate limits and the session clock over HTTP, with injected timers and wall time: no test here waits for a delay.
import t, { type Test } from 'tap'
import type { Timers } from '../../src/plugins/behaviour.js'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const LIST = listPath(DEMO_RUN)
const LIVE_RUN = '66666666-6666-4666-8666-666666666666'
const JSON_BODY = { 'content-type': 'application/json' }

/** Timers that only fire when told to: every delay a request asks for is recorded, none is waited for. */
function fakeTimers () {
  const pending = new Map<number, { callback: () => void; ms: number }>()
  let next = 0
  const timers: Timers = {
    setTimeout (callback, ms) {
      pending.set(++next, { callback, ms })
      return next
    },
    clearTimeout (handle) {
      pending.delete(handle as number)
    }
  }
  return {
    timers,
    delays: () => [...pending.values()].map((timer) => timer.ms),
    /** Fires every pending timer, as if its time had come. */
    fire () {
      for (const [handle, timer] of [...pending]) {
        pending.delete(handle)
        timer.callback()
      }
    }
  }
}

/** Resolves once `count` timers are pending (the app may first have to load its plugins), or after ten seconds. */
async function timersPending (fake: ReturnType<typeof fakeTimers>, count: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (fake.delays().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1))
}

function setUp (t: Test, overrides: Parameters<typeof build>[1] = {}) {
  const fake = fakeTimers()
  const app = build(t, { timers: fake.timers, ...overrides })
  return { app, fake }
}

t.test('Prefer: delay holds the answer that long, capped at a minute, on a timer rather than the event loop', async (t) => {
  const { app, fake } = setUp(t)
  const delayed = app.inject({ url: LIST, headers: { ...AUTH, prefer: 'delay=250' } })
  const capped = app.inject({ url: LIST, headers: { ...AUTH, prefer: 'delay=600000' } })
  const tenDigits = app.inject({ url: LIST, headers: { ...AUTH, prefer: 'delay=9999999999' } })
  const overflowing = app.inject({ url: LIST, headers: { ...AUTH, prefer: `delay=1${'0'.repeat(400)}` } })
  await timersPending(fake, 4)
  t.same(fake.delays().sort((a, b) => a - b), [250, 60_000, 60_000, 60_000], 'any number of digits is capped at a minute')
  let answered = false
  void delayed.then(() => { answered = true })
  await new Promise((resolve) => setTimeout(resolve, 20))
  t.notOk(answered, 'nothing is answered before the timer fires')
  fake.fire()
  t.equal((await delayed).statusCode, 200)
  t.equal((await capped).statusCode, 200)
  t.equal((await tenDigits).statusCode, 200)
  t.equal((await overflowing).statusCode, 200)
})

t.test('a thousand delayed requests wait on timers together and are all answered when they fire', async (t) => {
  const { app, fake } = setUp(t)
  const requests = Array.from({ length: 1000 }, () => app.inject({ url: LIST, headers: { ...AUTH, prefer: 'delay=1000' } }))
  await timersPending(fake, 1000)
  t.equal(fake.delays().length, 1000)
  fake.fire()
  const statuses = new Set((await Promise.all(requests)).map((res) => res.statusCode))
  t.same([...statuses], [200])
})

t.test('closing the server answers the delayed requests at once instead of waiting out their delays', async (t) => {
  const { app, fake } = setUp(t)
  const delayed = app.inject({ url: LIST, headers: { ...AUTH, prefer: 'delay=60000' } })
  await timersPending(fake, 1)
  await app.close()
  t.equal((await delayed).statusCode, 200)
})

t.test('the process-wide latency applies unless the session or the request says otherwise', async (t) => {
  const { app, fake } = setUp(t, { latency: { kind: 'fixed', ms: 120 } })
  const behaviour = async (session: string) => (await app.inject({ url: '/__mock/behaviour', headers: { 'x-mock-session': session } })).json()
  t.same(await behaviour('a'), { session: 'a', latency: null, effectiveLatency: '120' })
  const set = await app.inject({ method: 'PUT', url: '/__mock/behaviour', headers: { ...JSON_BODY, 'x-mock-session': 'a' }, payload: JSON.stringify({ latency: '50-300' }) })
  t.same(set.json(), { session: 'a', latency: '50-300', effectiveLatency: '50-300' })
  const requests = [
    app.inject({ url: LIST, headers: AUTH }),
    app.inject({ url: LIST, headers: { ...AUTH, 'x-mock-session': 'a' } }),
    app.inject({ url: LIST, headers: { ...AUTH, 'x-mock-session': 'a', prefer: 'delay=7' } })
  ]
  await timersPending(fake, 3)
  const [processWide, session, asked] = fake.delays()
  t.equal(processWide, 120)
  t.ok(session !== undefined && session >= 50 && session <= 300, `the session's draw: ${session}`)
  t.equal(asked, 7)
  fake.fire()
  await Promise.all(requests)
  const cleared = await app.inject({ method: 'PUT', url: '/__mock/behaviour', headers: { ...JSON_BODY, 'x-mock-session': 'a' }, payload: '{"latency": null}' })
  t.same(cleared.json(), { session: 'a', latency: null, effectiveLatency: '120' })
  const bad = await app.inject({ method: 'PUT', url: '/__mock/behaviour', headers: JSON_BODY, payload: '{"latency": "soon"}' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { path: 'latency', error: /^latency: expected a number of ms/ })
})

t.test('a session meets the same delays in the same order every time', async (t) => {
  const draws = async () => {
    const { app, fake } = setUp(t, { latency: { kind: 'lognormal', medianMs: 80, p99Ms: 600 } })
    const seen: number[] = []
    for (let i = 0; i < 5; i++) {
      const pending = app.inject({ url: LIST, headers: { ...AUTH, 'x-mock-session': 'repeat' } })
      await timersPending(fake, 1)
      seen.push(...fake.delays())
      fake.fire()
      await pending
    }
    return seen
  }
  const first = await draws()
  t.same(await draws(), first)
  t.not(new Set(first).size, 1, 'and the delays vary')
})

t.test('the rate limit answers the platform\'s 429 once a key pair has used its requests, per session', async (t) => {
  let wall = 1_000_000
  const { app } = setUp(t, { rateLimit: { requests: 2, periodMs: 1000 }, wallMs: () => wall })
  const get = async (headers: Record<string, string>) => app.inject({ url: LIST, headers })
  t.same([(await get(AUTH)).statusCode, (await get(AUTH)).statusCode], [200, 200])
  const refused = await get(AUTH)
  t.equal(refused.statusCode, 429)
  t.equal(refused.headers['retry-after'], '1')
  t.match(refused.json(), { type: 'rate_limit', code: 'throttled', detail: 'Request was throttled. Expected available in 1 second.' })
  t.equal((await get({ ...AUTH, 'x-mock-session': 'other' })).statusCode, 200, 'another session has its own bucket')
  t.equal((await get({ 'x-api-key': 'nope', 'x-secret-key': 'nope' })).statusCode, 401, 'authentication comes first')
  wall += 500
  t.equal((await get(AUTH)).statusCode, 200, 'a token is back after half a second at two a second')
  t.match((await app.inject({ url: '/__mock/requests?status=429' })).json(), { requests: [{ fault: 'rate-limit' }] })
})

t.test('the clock stands at the reference instant until advanced, set or run, and each session has its own', async (t) => {
  let wall = 0
  const { app } = setUp(t, { wallMs: () => wall })
  const clock = async (body?: object, session = 'c') => (body === undefined
    ? await app.inject({ url: '/__mock/clock', headers: { 'x-mock-session': session } })
    : await app.inject({ method: 'POST', url: '/__mock/clock', headers: { ...JSON_BODY, 'x-mock-session': session }, payload: JSON.stringify(body) }))
  t.same((await clock()).json(), { session: 'c', now: '2026-04-06T12:00:00Z', running: false })
  t.same((await clock({ advance: '1m30s' })).json(), { session: 'c', now: '2026-04-06T12:01:30Z', running: false })
  t.same((await clock({ set: '2026-04-06T11:00:00.5Z' })).json(), { session: 'c', now: '2026-04-06T11:00:00.500000Z', running: false })
  t.same((await clock({ run: true })).json().running, true)
  wall += 2000
  t.equal((await clock()).json().now, '2026-04-06T11:00:02.500000Z', 'following wall time')
  t.equal((await clock({ run: false })).json().running, false)
  t.equal((await clock(undefined, 'd')).json().now, '2026-04-06T12:00:00Z', 'another session\'s clock did not move')
  for (const body of [{ advance: 'soon' }, { set: 'yesterday' }, { advance: '1s', run: true }, {}]) {
    t.equal((await clock(body)).statusCode, 400, JSON.stringify(body))
  }
  t.equal((await app.inject({ method: 'POST', url: '/__mock/reset', headers: { 'x-mock-session': 'c' } })).statusCode, 204)
  t.equal((await clock()).json().now, '2026-04-06T12:00:00Z', 'reset puts the clock back')
})

t.test('a live run moves on as its session\'s clock advances, and only there', async (t) => {
  const { app } = setUp(t)
  const statuses = async (session: string) =>
    ((await app.inject({ url: listPath(LIVE_RUN, '?limit=40'), headers: { ...AUTH, 'x-mock-session': session } })).json() as { results: Array<{ status: string }> })
      .results.map((row) => row.status)
  const before = await statuses('poller')
  t.ok(before.some((status) => ['pending', 'ongoing', 'analyzing'].includes(status)), 'still executing')
  await app.inject({ method: 'POST', url: '/__mock/clock', headers: { ...JSON_BODY, 'x-mock-session': 'poller' }, payload: '{"advance": "10m"}' })
  const after = await statuses('poller')
  t.ok(after.every((status) => ['completed', 'failed', 'cancelled'].includes(status)), 'every call has ended')
  t.same(await statuses('bystander'), before, 'another session still sees it executing')
})

t.test('with --clock realtime and no control plane, live runs move on by themselves', async (t) => {
  let wall = 0
  const { app } = setUp(t, { control: null, clock: 'realtime', wallMs: () => wall })
  const ended = async () => ((await app.inject({ url: listPath(LIVE_RUN, '?limit=40'), headers: AUTH })).json() as { results: Array<{ status: string }> })
    .results.filter((row) => ['completed', 'failed', 'cancelled'].includes(row.status)).length
  const early = await ended()
  wall += 10 * 60_000
  t.ok(early < 40)
  t.equal(await ended(), 40)
})
