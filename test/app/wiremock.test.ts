// The WireMock-compatible journal, verified with an unmodified WireMock client from npm (wiremock-rest-client), used as its documentation shows.
import t, { type Test } from 'tap'
import { WireMockRestClient } from 'wiremock-rest-client'
import { AUTH, DEMO_RUN, UNKNOWN_RUN, build, listPath } from '../helper.js'

interface ServeEvent {
  id: string
  request: { url: string; absoluteUrl: string; method: string; headers: Record<string, string>; loggedDate: number; loggedDateString: string; queryParams: Record<string, { values: string[] }> }
  responseDefinition: { status: number }
  wasMatched: boolean
}

/**
 * A listening mock and a client for it. The client's extra headers (the session, the admin token) are
 * its documented `headers` option; it must not end the test process on an error answer.
 */
async function setUp (t: Test, headers: Record<string, string> = {}, adminToken: string | null = null) {
  const app = build(t, { adminToken })
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const wireMock = new WireMockRestClient(origin, { headers, logLevel: 'silent', continueOnFailure: true })
  const get = (url: string, extra: Record<string, string> = {}) => fetch(`${origin}${url}`, { headers: { ...AUTH, ...headers, ...extra } }).then(async (res) => res.status)
  return { app, origin, wireMock, get }
}

t.test('lists the session\'s requests as WireMock serve events, newest first', async (t) => {
  const { origin, wireMock, get } = await setUp(t, { 'X-Mock-Session': 'wm-list' })
  t.equal(await get(listPath(DEMO_RUN, '?limit=5&search=a+b')), 200)
  t.equal(await get(listPath(UNKNOWN_RUN)), 404)
  t.equal(await get('/nowhere'), 404)
  const all = await wireMock.requests.getAllRequests() as { requests: ServeEvent[]; meta: { total: number } }
  t.equal(all.meta.total, 3)
  t.same(all.requests.map((event) => [event.request.method, event.request.url, event.responseDefinition.status, event.wasMatched]), [
    ['GET', '/nowhere', 404, false],
    ['GET', listPath(UNKNOWN_RUN), 404, true],
    ['GET', listPath(DEMO_RUN, '?limit=5&search=a+b'), 200, true]
  ])
  const first = all.requests[2] as ServeEvent
  t.equal(first.request.absoluteUrl, `${origin}${listPath(DEMO_RUN, '?limit=5&search=a+b')}`)
  t.same(first.request.queryParams.search?.values, ['a b'])
  t.equal(first.request.headers['x-api-key'], '<redacted>')
  t.match(first.request.loggedDateString, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  t.equal(typeof first.request.loggedDate, 'number')
})

t.test('verifies calls with getCount and findRequests, as a WireMock test would', async (t) => {
  const { wireMock, get } = await setUp(t, { 'X-Mock-Session': 'wm-verify' })
  for (const page of [1, 2, 3]) await get(listPath(DEMO_RUN, `?page=${page}&limit=5`))
  await get(listPath(DEMO_RUN), { 'x-secret-key': 'wrong' })
  const count = async (pattern: object) => ((await wireMock.requests.getCount(pattern as never)) as { count: number }).count
  t.equal(await count({ method: 'GET', urlPath: listPath(DEMO_RUN) }), 4)
  t.equal(await count({ method: 'ANY', urlPathPattern: '/simulate/run-tests/[0-9a-f-]+/call-executions/' }), 4)
  t.equal(await count({ method: 'POST', urlPath: listPath(DEMO_RUN) }), 0)
  t.equal(await count({ url: listPath(DEMO_RUN, '?page=2&limit=5') }), 1)
  t.equal(await count({ urlPath: listPath(DEMO_RUN), queryParameters: { page: { equalTo: '3' } } }), 1)
  t.equal(await count({ urlPath: listPath(DEMO_RUN), queryParameters: { page: { absent: true } } }), 1)
  t.equal(await count({ headers: { 'X-Mock-Session': { equalTo: 'wm-verify' }, Accept: { contains: '*' } } }), 4)
  t.equal(await count({ headers: { 'x-mock-session': { equalTo: 'WM-VERIFY', caseInsensitive: true } } }), 4)
  t.equal(await count({ headers: { 'User-Agent': { matches: '.*' } } }), 4)
  t.equal(await count({ headers: { Authorization: { absent: true } }, urlPattern: '.*page=[12]&.*' }), 2)
  const found = (await wireMock.requests.findRequests({ method: 'GET', queryParameters: { page: { doesNotMatch: '[12]' } } } as never)) as { requests: Array<{ url: string }> }
  t.same(found.requests.map((request) => request.url), [listPath(DEMO_RUN, '?page=3&limit=5')])
})

t.test('names an unsupported matcher in a 422 rather than counting zero', async (t) => {
  const { origin } = await setUp(t)
  for (const [pattern, name] of [
    [{ bodyPatterns: [{ equalToJson: '{}' }] }, 'bodyPatterns'],
    [{ headers: { Accept: { equalToJson: '{}' } } }, 'headers.Accept.equalToJson'],
    [{ cookies: { a: { equalTo: 'b' } } }, 'cookies']
  ] as const) {
    const res = await fetch(`${origin}/__admin/requests/count`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pattern) })
    t.equal(res.status, 422, name)
    const body = await res.json() as { errors: Array<{ title: string }> }
    t.match(body.errors[0]?.title, new RegExp(`^${name.replaceAll('.', '\\.')}`))
  }
})

t.test('clears the journal with deleteAllRequests and resets the session with resetAll', async (t) => {
  const { origin, wireMock, get } = await setUp(t, { 'X-Mock-Session': 'wm-reset' })
  await get(listPath(DEMO_RUN))
  await wireMock.requests.deleteAllRequests()
  t.equal(((await wireMock.requests.getAllRequests()) as { meta: { total: number } }).meta.total, 0)
  const created = await fetch(`${origin}/__mock/runs`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Mock-Session': 'wm-reset' }, body: JSON.stringify({ calls: 2 }) })
  const { id } = await created.json() as { id: string }
  await get(listPath(id))
  await wireMock.global.resetAll()
  t.equal(((await wireMock.requests.getAllRequests()) as { meta: { total: number } }).meta.total, 0)
  t.equal(await get(listPath(id)), 404, 'the created run is gone')
})

t.test('keeps sessions apart for WireMock clients too', async (t) => {
  const { origin, get } = await setUp(t)
  await get(listPath(DEMO_RUN), { 'X-Mock-Session': 'wm-a' })
  await get(listPath(DEMO_RUN), { 'X-Mock-Session': 'wm-a' })
  await get(listPath(DEMO_RUN), { 'X-Mock-Session': 'wm-b' })
  const total = async (name: string) => {
    const client = new WireMockRestClient(origin, { headers: { 'X-Mock-Session': name }, logLevel: 'silent', continueOnFailure: true })
    return ((await client.requests.getAllRequests()) as { meta: { total: number } }).meta.total
  }
  t.equal(await total('wm-a'), 2)
  t.equal(await total('wm-b'), 1)
  t.equal(await total('wm-c'), 0)
})

t.test('answers one request by id, and WireMock\'s health check', async (t) => {
  const { origin, get } = await setUp(t)
  await get(listPath(DEMO_RUN))
  const all = await (await fetch(`${origin}/__admin/requests`)).json() as { requests: ServeEvent[] }
  const id = all.requests[0]?.id ?? ''
  const one = await fetch(`${origin}/__admin/requests/${id}`)
  t.equal(one.status, 200)
  t.equal((await one.json() as ServeEvent).id, id)
  t.equal((await fetch(`${origin}/__admin/requests/nope`)).status, 404)
  const health = await fetch(`${origin}/__admin/health`)
  t.equal(health.status, 200)
  t.match(await health.json(), { status: 'healthy', message: 'futureagi-mock is ok' })
})

t.test('answers WireMock routes it does not offer with a JSON error saying so, not a 404 page', async (t) => {
  const { origin } = await setUp(t)
  for (const [method, path, said] of [
    ['GET', '/__admin/mappings', /stub mappings/],
    ['POST', '/__admin/mappings', /stub mappings/],
    ['POST', '/__admin/recordings/start', /recordings/],
    ['GET', '/__admin/scenarios', /scenarios/],
    ['POST', '/__admin/shutdown', /shutdown/],
    ['GET', '/__admin/something-else', /not part of the WireMock API this mock offers/]
  ] as const) {
    const res = await fetch(`${origin}${path}`, { method })
    t.equal(res.status, 501, `${method} ${path}`)
    t.equal(res.headers.get('content-type'), 'application/json')
    t.match(((await res.json()) as { errors: Array<{ title: string }> }).errors[0]?.title, said)
  }
})

t.test('asks WireMock clients for the admin token when one is set', async (t) => {
  const without = await setUp(t, {}, 'wm-token')
  const refused = await fetch(`${without.origin}/__admin/requests`)
  t.equal(refused.status, 401)
  const client = new WireMockRestClient(without.origin, { headers: { Authorization: 'Bearer wm-token' }, logLevel: 'silent', continueOnFailure: true })
  t.match(await client.requests.getAllRequests(), { meta: { total: 0 } })
})

t.test('matches a nested quantifier in linear time, answering other clients meanwhile', async (t) => {
  const app = build(t)
  await app.inject({ url: '/nowhere', headers: { 'X-N': `${'a'.repeat(40)}!` } })
  const answered: string[] = []
  // With a backtracking engine the count never ends, and holds every other request with it.
  const count = app.inject({ method: 'POST', url: '/__admin/requests/count', payload: { headers: { 'X-N': { matches: '(a+)+' } } } })
    .then((res) => { answered.push('count'); return res })
  const health = app.inject({ url: '/health' }).then((res) => { answered.push('health'); return res })
  t.equal((await health).statusCode, 200)
  t.same(JSON.parse((await count).body), { count: 0, requestJournalDisabled: false })
  t.same(answered, ['health', 'count'])
})

t.test('refuses a pattern past the bounds of one query with a 4xx naming the bound', async (t) => {
  const app = build(t)
  const post = (url: string, payload: string) => app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload })
  const titleOf = (body: string): string => (JSON.parse(body) as { errors: Array<{ title: string }> }).errors[0]?.title ?? ''
  const many = (n: number) => JSON.stringify({ headers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`X-${i}`, { absent: true }])) })
  for (const url of ['/__admin/requests/count', '/__admin/requests/find']) {
    const huge = await post(url, many(30_000))
    t.equal(huge.statusCode, 413, `${url}: 30,000 matchers in 860 KB`)
    t.equal(titleOf(huge.body), 'the body is larger than 64 KB, the bound of a request pattern')
    const tooLarge = await post(url, JSON.stringify({ url: 'x'.repeat(2 * 2 ** 20) }))
    t.equal(tooLarge.statusCode, 413, `${url}: 2 MB`)
    const tooMany = await post(url, many(101))
    t.equal(tooMany.statusCode, 422, `${url}: 101 matchers`)
    t.equal(titleOf(tooMany.body), 'headers: at most 100 matchers in one pattern (this names 101)')
    const backreference = await post(url, JSON.stringify({ urlPattern: '(a)\\1' }))
    t.equal(backreference.statusCode, 422)
    t.match(titleOf(backreference.body), /^urlPattern: not a regular expression RE2 accepts/)
  }
})
