// The served document (JSON, YAML) and the Swagger UI page, and the documented query parameters that still validate nothing.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'
import { buildDocumentedApp } from '../../src/app.js'
import { DEFAULTS } from '../../src/config.js'
import { CONTRACTS } from '../../src/data/model.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import { OPENAPI_FILES } from '../../src/openapi/generate.js'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const committed = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')

for (const contract of CONTRACTS) {
  t.test(`serves the ${contract} contract's document at /openapi.json, at the default address byte for byte the committed file, without keys`, async (t) => {
    const app = build(t, { contract })
    const res = await app.inject({ url: '/openapi.json', headers: { host: 'localhost:8000' } })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
    t.ok(res.body === committed(OPENAPI_FILES[contract]), `the body is ${OPENAPI_FILES[contract]}`)
  })

  t.test(`serves the ${contract} contract's document as YAML at /openapi.yaml`, async (t) => {
    const app = build(t, { contract })
    const res = await app.inject({ url: '/openapi.yaml', headers: { host: 'localhost:8000' } })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'application/yaml; charset=utf-8')
    t.notMatch(res.body, /^\s*[^#\n]*[&*]a\d+\b/m, 'no YAML anchors or aliases')
    t.same(parse(res.body), JSON.parse(committed(OPENAPI_FILES[contract])))
  })
}

t.test('serves the same document whatever the seed, CORS and link settings, its public URL first among the servers, and answers HEAD', async (t) => {
  const app = build(t, { seed: 42, cors: true, publicUrl: 'https://mock.example.test/prefix' })
  const res = await app.inject({ url: '/openapi.json' })
  const document = res.json() as { servers: Array<{ url: string }> }
  t.same(document.servers.map((server) => server.url), ['https://mock.example.test/prefix', 'http://localhost:8000'])
  t.same({ ...document, servers: undefined }, { ...JSON.parse(committed(OPENAPI_FILES.docs)), servers: undefined }, 'the example pages do not follow the running configuration')
  const head = await app.inject({ method: 'HEAD', url: '/openapi.json' })
  t.equal(head.statusCode, 200)
})

t.test('leaves the document routes outside the platform\'s checks', async (t) => {
  const app = build(t)
  for (const headers of [{ prefer: 'code=401' }, { accept: 'text/html' }, { 'x-api-key': 'wrong', 'x-secret-key': 'wrong' }]) {
    const res = await app.inject({ url: '/openapi.json', headers })
    t.equal(res.statusCode, 200, JSON.stringify(headers))
  }
})

t.test('serves a Swagger UI page at /docs with its own assets, so it works offline', async (t) => {
  const app = build(t)
  for (const url of ['/docs', '/docs/']) {
    const page = await app.inject({ url })
    t.equal(page.statusCode, 200, url)
    t.match(page.headers['content-type'], /^text\/html/)
    t.match(page.body, /swagger-ui-bundle\.js/)
    t.notMatch(page.body, /https?:\/\//, 'no asset from another site')
  }
  for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui.css', 'swagger-initializer.js']) {
    const res = await app.inject({ url: `/docs/static/${asset}` })
    t.equal(res.statusCode, 200, asset)
  }
  const initializer = await app.inject({ url: '/docs/static/swagger-initializer.js' })
  t.match(initializer.body, /validatorUrl: null/, 'no call to the online validator')
})

t.test('gives the page a copy of the document whose first server is the address it was loaded from', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: '/docs/json', headers: { host: '127.0.0.1:4010' } })
  t.equal(res.statusCode, 200)
  const document = res.json() as { servers: unknown[]; paths: object }
  t.same(document.servers, [
    { url: 'http://127.0.0.1:4010', description: 'This mock' },
    { url: 'http://localhost:8000', description: 'The mock on its default port' }
  ])
  const onDefault = await app.inject({ url: '/docs/json', headers: { host: 'localhost:8000' } })
  t.same(onDefault.json().servers, [{ url: 'http://localhost:8000', description: 'The mock on its default port' }])
  t.same(Object.keys(document.paths), Object.keys(JSON.parse(committed(OPENAPI_FILES.docs)).paths))
})

t.test('still answers a malformed limit with the platform\'s own 500, not a validation error', async (t) => {
  const app = build(t)
  const malformed: Array<[string, string]> = [['?limit=abc', 'abc'], ['?limit=', ''], ['?page=1.5', '1.5']]
  for (const [query, literal] of malformed) {
    const res = await app.inject({ url: listPath(DEMO_RUN, query), headers: AUTH })
    t.equal(res.statusCode, 500, query)
    t.equal(res.json().detail, `Failed to retrieve call executions: invalid literal for int() with base 10: '${literal}'`)
  }
  const negative = await app.inject({ url: listPath(DEMO_RUN, '?limit=-1'), headers: AUTH })
  t.equal(negative.statusCode, 500)
  t.equal(negative.json().detail, 'Failed to retrieve call executions: LIMIT must not be negative')
})

t.test('still reads repeated query parameters as their last value', async (t) => {
  const app = build(t)
  const limit = await app.inject({ url: listPath(DEMO_RUN, '?limit=1&limit=2'), headers: AUTH })
  t.equal(limit.statusCode, 200)
  t.equal(limit.json().results.length, 2)
  const page = await app.inject({ url: listPath(DEMO_RUN, '?page=1&page=2&limit=5'), headers: AUTH })
  t.equal(page.statusCode, 200)
  t.equal(page.json().current_page, 2)
  const status = await app.inject({ url: listPath(DEMO_RUN, '?status=failed&status=completed&limit=50'), headers: AUTH })
  t.equal(status.statusCode, 200)
  t.ok(status.json().results.every((row: { status: string }) => row.status === 'completed'))
})

t.test('accepts unknown query parameters and spaces around a number without a 400', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: listPath(DEMO_RUN, '?limit=%205&whatever=1&format=json'), headers: AUTH })
  t.equal(res.statusCode, 200)
  t.equal(res.json().results.length, 5)
})

/** An answer as a client sees it, without what belongs to the connection or the moment. */
function seen (res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) {
  const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)))
  return { status: res.statusCode, headers, body: res.rawPayload.toString('base64') }
}

const DOCUMENT_REQUESTS: ReadonlyArray<{ method?: 'GET' | 'HEAD' | 'POST'; url: string; headers?: Record<string, string> }> = [
  { url: '/openapi.json' },
  { url: '/openapi.json', headers: { host: '127.0.0.1:4010' } },
  { method: 'HEAD', url: '/openapi.json' },
  { url: '/openapi.yaml' },
  { url: '/docs' },
  { url: '/docs/' },
  { method: 'HEAD', url: '/docs/' },
  { url: '/docs/json', headers: { host: '127.0.0.1:4010' } },
  { url: '/docs/yaml' },
  { url: '/docs/static/index.html' },
  { url: '/docs/static/swagger-initializer.js' },
  { url: '/docs/static/swagger-ui.css' },
  { url: '/docs/static/no-such-file.js' },
  { url: '/docs/nothing-here' },
  { method: 'POST', url: '/docs' },
  { url: '/__mock/openapi.json' },
  { url: '/__mock/', headers: { accept: 'application/json' } }
]

for (const [label, overrides] of [
  ['by default', {}],
  ['with CORS, a public URL with a path and no control plane', { cors: true, publicUrl: 'https://mock.example.test/prefix', control: null }]
] as const) {
  t.test(`answers every document and Swagger UI path exactly as the documented app does, ${label}`, async (t) => {
    const app = build(t, overrides)
    const documented = await buildDocumentedApp({ ...overrides, store: createStoreFromConfig(DEFAULTS) })
    t.teardown(() => documented.close())
    for (const request of DOCUMENT_REQUESTS) {
      const served = await app.inject({ method: request.method ?? 'GET', url: request.url, headers: request.headers })
      const expected = await documented.inject({ method: request.method ?? 'GET', url: request.url, headers: request.headers })
      t.same(seen(served), seen(expected), `${request.method ?? 'GET'} ${request.url} ${JSON.stringify(request.headers ?? {})}`)
    }
    // Swagger UI's assets answer conditional requests: the tag the documented app gave is honoured here too.
    const asset = await app.inject({ url: '/docs/static/swagger-ui.css' })
    const etag = asset.headers.etag
    t.type(etag, 'string')
    const again = await app.inject({ url: '/docs/static/swagger-ui.css', headers: { 'if-none-match': String(etag) } })
    t.equal(again.statusCode, 304)
  })
}

t.test('has the same routes as the documented app', async (t) => {
  const app = build(t)
  const documented = await buildDocumentedApp({ store: createStoreFromConfig(DEFAULTS) })
  t.teardown(() => documented.close())
  await app.ready()
  await documented.ready()
  // Methods listed in a fixed order: Swagger UI's static route names HEAD before GET.
  const routes = (instance: typeof app) => instance.printRoutes({ commonPrefix: false }).replace(/\(([A-Z, ]+)\)/g, (_, methods: string) => `(${methods.split(', ').sort().join(', ')})`)
  t.equal(routes(app), routes(documented))
})

t.test('builds the documented app once, on the first request for a document, and closes it with the app', async (t) => {
  const app = build(t)
  const first = await app.inject({ url: '/openapi.json' })
  const [page, document] = await Promise.all([app.inject({ url: '/docs/' }), app.inject({ url: '/__mock/openapi.json' })])
  t.equal(first.statusCode, 200)
  t.equal(page.statusCode, 200)
  t.equal(document.statusCode, 200)
  await app.close()
  t.pass('closed')
})
