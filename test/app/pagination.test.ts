// The envelope, its links and the limit/page edge cases, as the platform answers them.
import t from 'tap'
import { generateRecords } from '../../src/data/generator.js'
import { planRun } from '../../src/data/run-plan.js'
import { createStore } from '../../src/data/store.js'
import { AUTH, DEMO_RUN, EMPTY_RUN, UNKNOWN_RUN, build, listPath } from '../helper.js'

const HOST = 'api.example.test'
const B = `http://${HOST}/simulate/run-tests/${DEMO_RUN}/call-executions/`

async function list (t: Parameters<typeof build>[0], query: string, runId = DEMO_RUN) {
  const app = build(t)
  const res = await app.inject({ url: listPath(runId, query), headers: { ...AUTH, host: HOST } })
  return res
}

/**
 * A store whose run holds the demo run's 23 rows under one scenario name that the table's searches
 * ("a b", "last") both match, so every row of the table is checked against a 23-row count.
 */
function linkTableStore () {
  const records = generateRecords(planRun(1, { id: DEMO_RUN, rows: 23, profile: 'finished' }), 0, 23)
  const renamed = records.map((record) => ({ ...record, scenario: { id: record.id, name: 'Plan a booking at last' } }))
  return createStore({ seed: 1, runs: [], fixtureRuns: new Map([[DEMO_RUN, renamed]]) })
}

// The platform's link strings for a run of 23 rows, as produced by a replica of its view.
const linkTable: Array<{ query: string; next: string | null; previous: string | null }> = [
  { query: '', next: `${B}?page=2`, previous: null },
  { query: '?page=2', next: `${B}?page=3`, previous: `${B}?` },
  { query: '?page=3', next: null, previous: `${B}?page=2` },
  { query: '?limit=5&page=2&search=a+b', next: `${B}?limit=5&page=3&search=a+b`, previous: `${B}?limit=5&search=a+b` },
  { query: '?search=%2B1415&search=last&foo=bar', next: `${B}?search=last&foo=bar&page=2`, previous: null },
  { query: '?page=9', next: null, previous: `${B}?page=8` },
  { query: '?limit=0', next: `${B}?limit=0&page=2`, previous: null }
]

for (const { query, next, previous } of linkTable) {
  t.test(`builds the platform's links for ${query === '' ? 'no query' : query}`, async (t) => {
    const app = build(t, { store: linkTableStore() })
    const res = await app.inject({ url: listPath(DEMO_RUN, query), headers: { ...AUTH, host: HOST } })
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.equal(body.count, 23)
    t.equal(body.next, next)
    t.equal(body.previous, previous)
  })
}

t.test('writes the envelope keys in the platform order with compact JSON', async (t) => {
  const res = await list(t, '?page=2')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/json')
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(Object.keys(res.json()), ['count', 'next', 'previous', 'results', 'total_pages', 'current_page'])
  t.match(res.body, /^\{"count":23,"next":"[^"]+","previous":"[^"]+","results":\[\{/)
  t.same({ ...res.json(), results: res.json().results.length }, {
    count: 23,
    next: `${B}?page=3`,
    previous: `${B}?`,
    results: 10,
    total_pages: 3,
    current_page: 2
  })
})

t.test('returns 500 with the int() message for malformed limit and page values', async (t) => {
  const cases: Array<[string, string]> = [
    ['?limit=abc', "invalid literal for int() with base 10: 'abc'"],
    ['?limit=', "invalid literal for int() with base 10: ''"],
    ['?limit=1.5', "invalid literal for int() with base 10: '1.5'"],
    ['?limit=1e3', "invalid literal for int() with base 10: '1e3'"],
    ['?page=abc', "invalid literal for int() with base 10: 'abc'"],
    ['?page=2&limit=x', "invalid literal for int() with base 10: 'x'"],
    ['?limit=-1', 'LIMIT must not be negative'],
    ['?limit=-5&page=0', 'LIMIT must not be negative'],
    ['?page=0', 'OFFSET must not be negative'],
    ['?page=-3', 'OFFSET must not be negative']
  ]
  for (const [query, reason] of cases) {
    const res = await list(t, query)
    t.equal(res.statusCode, 500, query)
    const message = `Failed to retrieve call executions: ${reason}`
    t.equal(
      res.body,
      JSON.stringify({ status: false, type: 'server_error', code: 'server_error', detail: message, message, error: message, result: message }),
      query
    )
  }
})

t.test('accepts limit and page with surrounding whitespace, as int() does', async (t) => {
  const res = await list(t, '?limit=%205%20&page=%092')
  t.equal(res.statusCode, 200)
  t.equal(res.json().results.length, 5)
  t.equal(res.json().current_page, 2)
})

t.test('answers limit=0 with no results, total_pages 1 and a next link', async (t) => {
  const res = await list(t, '?limit=0')
  t.same({ ...res.json(), results: res.json().results.length }, {
    count: 23, next: `${B}?limit=0&page=2`, previous: null, results: 0, total_pages: 1, current_page: 1
  })
})

t.test('answers page=0 with limit=0 as offset 0', async (t) => {
  const res = await list(t, '?limit=0&page=0')
  t.equal(res.statusCode, 200)
  t.equal(res.json().current_page, 0)
})

t.test('answers a page past the end with 200 and no results', async (t) => {
  const res = await list(t, '?page=9')
  t.equal(res.statusCode, 200)
  t.same({ ...res.json(), results: res.json().results }, {
    count: 23, next: null, previous: `${B}?page=8`, results: [], total_pages: 3, current_page: 9
  })
})

t.test('has no maximum limit', async (t) => {
  const res = await list(t, '?limit=1000000')
  t.equal(res.statusCode, 200)
  t.equal(res.json().results.length, 23)
  t.equal(res.json().total_pages, 1)
  t.equal(res.json().next, null)
})

t.test('answers an empty run with count 0 and total_pages 0', async (t) => {
  const res = await list(t, '', EMPTY_RUN)
  t.same(res.json(), { count: 0, next: null, previous: null, results: [], total_pages: 0, current_page: 1 })
})

t.test('answers an unknown run with the not-found envelope before reading the query', async (t) => {
  const res = await list(t, '?limit=abc', UNKNOWN_RUN)
  t.equal(res.statusCode, 404)
  t.equal(res.headers['content-type'], 'application/json')
  t.equal(
    res.body,
    '{"status":false,"type":"not_found","code":"not_found","detail":"Run test not found","message":"Run test not found","error":"Run test not found","result":"Run test not found"}'
  )
})

t.test('uses the last value of a repeated parameter', async (t) => {
  const res = await list(t, '?limit=1&limit=3')
  t.equal(res.json().results.length, 3)
  t.equal(res.json().next, `${B}?limit=3&page=2`)
})

t.test('keeps unknown parameters in the links, encoded as a form', async (t) => {
  const res = await list(t, '?x=a%2Fb%20c&limit=10')
  t.equal(res.json().next, `${B}?x=a%2Fb+c&limit=10&page=2`)
})

t.test('builds links from the request Host header', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, host: 'localhost:8123' } })
  t.equal(res.json().next, `http://localhost:8123/simulate/run-tests/${DEMO_RUN}/call-executions/?page=2`)
})
