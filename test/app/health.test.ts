// GET /health: unauthenticated, outside /simulate/, and describing the running mock.
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { DEFAULTS } from '../../src/config.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import { VERSION } from '../../src/version.js'
import { DEMO_RUN, FIXTURE_RUN, build } from '../helper.js'

const ADDED_RUN = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'

t.test('answers without keys with the version, contract, seed and every run served', async (t) => {
  const store = createStoreFromConfig({ ...DEFAULTS, seed: 7, runs: `${ADDED_RUN}:5` })
  const app = buildApp({ ...DEFAULTS, store, contract: 'platform', seed: 7 })
  t.teardown(() => app.close())
  const res = await app.inject({ url: '/health' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/json')
  t.equal(res.headers['cache-control'], 'no-store')
  t.same(res.json(), {
    status: 'ok',
    version: VERSION,
    contract: 'platform',
    seed: 7,
    runs: store.runIds(),
    settings: { admin: true, latency: null, rateLimit: null, clock: 'frozen', slowBodyRate: 1024 }
  })
  t.ok(store.runIds().includes(ADDED_RUN))
  t.ok(store.runIds().includes(FIXTURE_RUN))
})

t.test('reports the process-wide settings that shape answers in time and failure', async (t) => {
  const app = build(t, {
    control: null,
    latency: { kind: 'lognormal', medianMs: 80, p99Ms: 600 },
    rateLimit: { requests: 20, periodMs: 1000 },
    clock: 'realtime',
    slowBodyRate: 512
  })
  t.same((await app.inject({ url: '/health' })).json().settings, {
    admin: false, latency: 'lognormal:median=80,p99=600', rateLimit: '20/s', clock: 'realtime', slowBodyRate: 512
  })
})

t.test('reports the package version unless told another, and a null seed when not told one', async (t) => {
  const app = build(t)
  t.equal(VERSION, '0.1.0')
  t.match((await app.inject({ url: '/health' })).json(), { version: VERSION, contract: 'docs', seed: null })
  const other = build(t, { version: '9.9.9' })
  t.match((await other.inject({ url: '/health' })).json(), { version: '9.9.9' })
})

t.test('answers the same bytes to every probe, HEAD included', async (t) => {
  const app = build(t)
  const first = await app.inject({ url: '/health' })
  const second = await app.inject({ url: '/health', headers: { accept: 'text/html', prefer: 'code=500' } })
  t.equal(second.statusCode, 200)
  t.equal(second.body, first.body)
  const head = await app.inject({ method: 'HEAD', url: '/health' })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
})

t.test('leaves the listing authenticated', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: `/simulate/run-tests/${DEMO_RUN}/call-executions/` })
  t.equal(res.statusCode, 401)
})
