// The served document (JSON, YAML) and the Swagger UI page, and the documented query parameters that still validate nothing.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'
import { CONTRACTS } from '../../src/data/model.js'
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
