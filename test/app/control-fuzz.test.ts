// The control plane under random use: sessions, sizes, patterns and clocks interleaved with listing probes; memory stays within its bounds, probes stay prompt, every answer is a documented one.
import fc from 'fast-check'
import t from 'tap'
import { createAppControlPlane, type ControlPlaneSettings } from '../../src/app.js'
import { DEFAULTS } from '../../src/config.js'
import { SESSION_BYTES, SESSION_BYTES_PER_RUN } from '../../src/control/sessions.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'
import { propertyRuns } from '../property-runs.js'

// CONTROL_FUZZ_RUNS raises the number of random sequences (CI can afford more than a laptop).
const RUNS = Number(process.env.CONTROL_FUZZ_RUNS ?? 12)
t.setTimeout(300_000)

/** Small bounds, so that a few dozen requests reach every one of them. */
const SETTINGS: ControlPlaneSettings = {
  maxSessions: 6,
  journalSize: 50,
  clock: 'frozen',
  journalBytes: 64 * 2 ** 10,
  heldRowBytes: 2 * 2 ** 20,
  faultBytesPerSession: 32 * 2 ** 10,
  faultBytes: 96 * 2 ** 10
}

/** A probe slower than this is a control-plane request that held the event loop. Generous: the suite shares two busy cores. */
const PROBE_MS = 2000

const row = (id: string, summary: string) => ({
  id,
  session_id: null,
  status: 'completed',
  duration: 45.2,
  start_time: '2026-04-04T12:00:00Z',
  transcript: [],
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

const sessionName = fc.oneof(fc.constantFrom('a', 'b', 'c', 'default'), fc.stringMatching(/^[a-z0-9]{1,8}$/))
const size = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 40_000 }), fc.constantFrom(70_000, 1_100_000))

/** A request a test could send: what it does, and the statuses the control plane documents for it. */
interface Step {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  session: string
  body?: unknown
  allowed: readonly number[]
}

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ session: sessionName, calls: fc.integer({ min: 0, max: 5000 }), id: fc.uuid({ version: 4 }) }).map(({ session, calls, id }) =>
    ({ method: 'POST', url: '/__mock/runs', session, body: { id, calls }, allowed: [201, 409] }) as Step),
  fc.record({ session: sessionName, length: size, id: fc.uuid({ version: 4 }) }).map(({ session, length, id }) =>
    ({ method: 'POST', url: '/__mock/runs', session, body: { id, rows: [row(id, 'x'.repeat(length))] }, allowed: [201, 409, 413] }) as Step),
  fc.record({ session: sessionName, length: size, fault: fc.constantFrom('status=500', 'status=503', 'status=429'), probability: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ session, length, fault, probability }) =>
      ({ method: 'POST', url: '/__mock/faults', session, body: { fault, probability, match: { path: `/simulate/${'p'.repeat(length)}*` } }, allowed: [201, 409, 413] }) as Step),
  sessionName.map((session) => ({ method: 'DELETE', url: '/__mock/faults', session, allowed: [204, 409] }) as Step),
  sessionName.map((session) => ({ method: 'POST', url: '/__mock/reset', session, allowed: [204, 409] }) as Step),
  fc.record({ session: sessionName, limit: fc.integer({ min: 0, max: 100 }) }).map(({ session, limit }) =>
    ({ method: 'GET', url: `/__mock/requests?limit=${limit}`, session, allowed: [200, 409] }) as Step),
  sessionName.map((session) => ({ method: 'GET', url: '/__mock/faults', session, allowed: [200, 409] }) as Step),
  sessionName.map((session) => ({ method: 'GET', url: '/__mock/runs', session, allowed: [200, 409] }) as Step),
  fc.record({ session: sessionName, at: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2400-01-01T00:00:00Z'), noInvalidDate: true }) })
    .map(({ session, at }) => ({ method: 'POST', url: '/__mock/clock', session, body: { set: at.toISOString() }, allowed: [200, 400, 409] }) as Step),
  fc.record({ session: sessionName, amount: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2 ** 52 })), unit: fc.constantFrom('ms', 's', 'm', 'h', 'd') })
    .map(({ session, amount, unit }) => ({ method: 'POST', url: '/__mock/clock', session, body: { advance: `${amount}${unit}` }, allowed: [200, 400, 409] }) as Step),
  fc.record({ session: sessionName, run: fc.boolean() }).map(({ session, run }) => ({ method: 'POST', url: '/__mock/clock', session, body: { run }, allowed: [200, 409] }) as Step),
  fc.record({ session: sessionName, latency: fc.constantFrom(null, '0', '1') }).map(({ session, latency }) =>
    ({ method: 'PUT', url: '/__mock/behaviour', session, body: { latency }, allowed: [200, 409] }) as Step)
)

t.test('random control-plane use keeps memory within its bounds, probes prompt and every answer documented', async (t) => {
  await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
    const store = createStoreFromConfig(DEFAULTS)
    const control = createAppControlPlane({ store, contract: DEFAULTS.contract, seed: 1 }, SETTINGS)
    // The helper checks every answer against the committed OpenAPI documents.
    const app = build(t, { store, control })
    const perSession = SESSION_BYTES + SESSION_BYTES_PER_RUN * (store.sources.length + 100)
    const budget = (SETTINGS.maxSessions + 1) * perSession + (SETTINGS.journalBytes ?? 0) + (SETTINGS.heldRowBytes ?? 0) + (SETTINGS.faultBytes ?? 0)
    try {
      for (const { method, url, session, body, allowed } of steps) {
        const headers: Record<string, string> = { 'x-mock-session': session }
        if (body !== undefined) headers['content-type'] = 'application/json'
        const res = await app.inject({ method, url, headers, payload: body === undefined ? undefined : JSON.stringify(body) })
        if (!allowed.includes(res.statusCode)) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
        const memory = control.sessions.memory()
        if (memory.journals > (SETTINGS.journalBytes ?? 0) || memory.heldRows > (SETTINGS.heldRowBytes ?? 0) ||
            memory.faults > (SETTINGS.faultBytes ?? 0) || memory.total > budget || control.sessions.count > SETTINGS.maxSessions + 1) {
          throw new Error(`over a bound after ${method} ${url}: ${JSON.stringify(memory)}, ${control.sessions.count} sessions`)
        }
        const started = performance.now()
        const probe = await app.inject({ url: listPath(DEMO_RUN, '?limit=5'), headers: { ...AUTH, 'x-mock-session': session } })
        const took = performance.now() - started
        if (![200, 409, 429, 500, 503].includes(probe.statusCode)) throw new Error(`the probe answered ${probe.statusCode}: ${probe.body.slice(0, 300)}`)
        if (took > PROBE_MS) throw new Error(`the probe took ${Math.round(took)} ms after ${method} ${url}`)
      }
    } finally {
      await app.close()
    }
  }), { numRuns: propertyRuns(RUNS) })
  t.pass(`${RUNS} random sequences`)
})
