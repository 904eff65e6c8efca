// The inspector at /__mock/: the page for a browser, the index for an API client, the list of sessions
// and the live journal stream, under the control plane's token and --no-admin rules.
import { readdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { wantsHtml } from '../../src/routes/inspector.js'
import { API_KEY, SECRET_KEY, build } from '../helper.js'

const DEMO = '/simulate/run-tests/11111111-1111-4111-8111-111111111111/call-executions/'
const KEYS = { 'x-api-key': API_KEY, 'x-secret-key': SECRET_KEY }
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

t.test('a browser gets the page, with a policy that lets it load nothing from elsewhere', async (t) => {
  const app = build(t)
  const response = await app.inject({ url: '/__mock/', headers: { accept: HTML } })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/html/)
  t.match(response.body, /<script type="module" src="inspector\/inspector.js">/)
  t.match(response.headers['content-security-policy'], /default-src 'none'; script-src 'self'/)
  t.match(response.headers.vary, /Accept/)
  for (const [file, type] of [['inspector.js', /^text\/javascript/], ['inspector.css', /^text\/css/], ['favicon.svg', /^image\/svg\+xml/]] as const) {
    const asset = await app.inject({ url: `/__mock/inspector/${file}` })
    t.equal(asset.statusCode, 200, file)
    t.match(asset.headers['content-type'], type, file)
  }
  t.equal((await app.inject({ url: '/__mock/inspector/../app.js' })).statusCode, 404)
  t.equal((await app.inject({ url: '/__mock/inspector/secret.txt' })).statusCode, 404)
})

t.test('without the trailing slash the page is redirected, relative to any proxy prefix', async (t) => {
  const app = build(t)
  const response = await app.inject({ url: '/__mock', headers: { accept: HTML } })
  t.equal(response.statusCode, 308)
  t.equal(response.headers.location, '__mock/')
})

t.test('an API client gets the control plane\'s index: its endpoints and its document', async (t) => {
  const app = build(t, { publicUrl: 'https://mock.example/prefix' })
  for (const accept of [undefined, 'application/json', '*/*']) {
    const response = await app.inject({ url: '/__mock/', headers: accept === undefined ? {} : { accept } })
    t.equal(response.statusCode, 200, String(accept))
    const index = response.json()
    t.equal(index.openapi, 'https://mock.example/prefix/__mock/openapi.json')
    t.equal(index.inspector, 'https://mock.example/prefix/__mock/')
    const ids = index.endpoints.map((endpoint: { operationId: string | null }) => endpoint.operationId)
    for (const id of ['listRuns', 'createRun', 'listRequests', 'streamRequests', 'listSessions', 'moveClock', 'addFault']) t.ok(ids.includes(id), id)
  }
})

t.test('Accept is read for a preference of HTML', async (t) => {
  const table: Array<[string | undefined, boolean]> = [
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['application/json, text/html', false],
    ['text/html', true],
    [HTML, true],
    ['TEXT/HTML; q=0.9', true]
  ]
  for (const [accept, expected] of table) t.equal(wantsHtml(accept), expected, String(accept))
})

t.test('the sessions are listed, the default first, with their journal, clock, delay and rules', async (t) => {
  const app = build(t)
  await app.inject({ url: DEMO, headers: { ...KEYS, 'x-mock-session': 'ci-1' } })
  await app.inject({ url: DEMO, headers: { ...KEYS, 'x-mock-session': 'ci-1' } })
  await app.inject({ method: 'POST', url: '/__mock/faults', headers: { 'x-mock-session': 'ci-2', 'content-type': 'application/json' }, payload: { fault: 'status=503' } })
  await app.inject({ method: 'PUT', url: '/__mock/behaviour', headers: { 'x-mock-session': 'ci-2', 'content-type': 'application/json' }, payload: { latency: '10' } })
  await app.inject({ method: 'POST', url: '/__mock/clock', headers: { 'x-mock-session': 'ci-2', 'content-type': 'application/json' }, payload: { advance: '1h' } })
  const response = await app.inject({ url: '/__mock/sessions' })
  t.equal(response.statusCode, 200)
  const { sessions } = response.json()
  t.same(sessions.map((session: { name: string }) => session.name), ['default', 'ci-2', 'ci-1'])
  t.match(sessions[2], { name: 'ci-1', journal: { entries: 2 }, faults: 0, latency: null })
  t.match(sessions[1], { name: 'ci-2', journal: { entries: 0 }, faults: 1, latency: '10', clock: { now: '2026-04-06T13:00:00Z', running: false } })
  t.equal((await app.inject({ url: '/__mock/sessions' })).json().sessions.length, 3, 'listing makes no session')
})

t.test('with an admin token the page still loads, and the index, sessions and stream need the token', async (t) => {
  const app = build(t, { adminToken: 'open-sesame' })
  t.equal((await app.inject({ url: '/__mock/', headers: { accept: HTML } })).statusCode, 200)
  t.equal((await app.inject({ url: '/__mock/inspector/inspector.js' })).statusCode, 200)
  for (const url of ['/__mock/', '/__mock/sessions', '/__mock/requests/stream']) {
    const refused = await app.inject({ url })
    t.equal(refused.statusCode, 401, url)
    t.same(refused.json(), { error: 'the control plane needs Authorization: Bearer <admin token>' })
    t.equal(refused.headers['www-authenticate'], 'Bearer')
  }
  const allowed = await app.inject({ url: '/__mock/sessions', headers: { authorization: 'Bearer open-sesame' } })
  t.equal(allowed.statusCode, 200)
})

t.test('without a control plane there is no inspector', async (t) => {
  const app = build(t, { control: null })
  for (const url of ['/__mock/', '/__mock/sessions', '/__mock/requests/stream', '/__mock/inspector/inspector.js']) {
    t.equal((await app.inject({ url, headers: { accept: HTML } })).statusCode, 404, url)
  }
})

t.test('a bad session header on the stream is refused', async (t) => {
  const app = build(t)
  const response = await app.inject({ url: '/__mock/requests/stream', headers: { 'x-mock-session': 'no spaces' } })
  t.equal(response.statusCode, 400)
})

/** Reads a stream's text until `done` says it has what it needs. */
async function readUntil (body: ReadableStream<Uint8Array>, done: (text: string) => boolean): Promise<string> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  while (!done(text)) {
    const { value, done: ended } = await reader.read()
    if (ended) break
    text += decoder.decode(value, { stream: true })
  }
  await reader.cancel()
  return text
}

t.test('the stream sends the session\'s requests live, and other sessions\' not at all', async (t) => {
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const stream = await fetch(`${origin}/__mock/requests/stream`, { headers: { 'x-mock-session': 'watched' } })
  t.equal(stream.status, 200)
  t.match(stream.headers.get('content-type'), /^text\/event-stream/)
  t.equal(stream.headers.get('cache-control'), 'no-store')
  const reading = readUntil(stream.body as ReadableStream<Uint8Array>, (text) => text.includes('limit=2'))
  await fetch(`${origin}${DEMO}?limit=1`, { headers: { ...KEYS, 'x-mock-session': 'other' } })
  await fetch(`${origin}${DEMO}?limit=2`, { headers: { ...KEYS, 'x-mock-session': 'watched' } })
  const text = await reading
  t.match(text, /^retry: 2000\nevent: ready\ndata: \{"session":"watched"/)
  const requests = [...text.matchAll(/event: request\ndata: (.*)\n/g)].map((match) => JSON.parse(match[1] as string))
  t.equal(requests.length, 1, 'one request, of the watched session')
  t.match(requests[0], { method: 'GET', path: DEMO, query: 'limit=2', status: 200, headers: { 'x-api-key': '<redacted>' } })
})

t.test('at most 8 streams are open; one more is a 503, and closing the server ends them', async (t) => {
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const open = await Promise.all(Array.from({ length: 8 }, () => fetch(`${origin}/__mock/requests/stream`)))
  t.same(open.map((response) => response.status), Array(8).fill(200))
  const ninth = await fetch(`${origin}/__mock/requests/stream`)
  t.equal(ninth.status, 503)
  t.same(await ninth.json(), { error: '8 journal streams are open already: close one first' })
  const ends = open.map((response) => readUntil(response.body as ReadableStream<Uint8Array>, () => false))
  await app.close()
  const texts = await Promise.all(ends)
  t.ok(texts.every((text) => text.startsWith('retry: 2000')), 'every stream ended with the server')
})

t.test('the page\'s files stay under 200 KB together', async (t) => {
  const folder = fileURLToPath(new URL('../../src/inspector/', import.meta.url))
  const bytes = readdirSync(folder).reduce((total, name) => total + statSync(`${folder}${name}`).size, 0)
  t.ok(bytes < 200 * 1024, `${bytes} bytes`)
})
