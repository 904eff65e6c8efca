// Methods, content negotiation, the format parameter and forced errors.
import t from 'tap'
import { AUTH, DEMO_RUN, UNKNOWN_RUN, build, headOverSocket, listPath } from '../helper.js'

const frameworkError = (type: string, code: string, message: string) =>
  JSON.stringify({ status: false, type, code, detail: message, message, error: message, result: message, details: { detail: [message] } })

for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
  t.test(`answers an authenticated ${method} with the 405 envelope`, async (t) => {
    const app = build(t)
    const res = await app.inject({ method, url: listPath(DEMO_RUN), headers: AUTH, payload: method === 'DELETE' ? undefined : { a: 1 } })
    t.equal(res.statusCode, 405)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
    t.equal(res.body, frameworkError('api_error', 'method_not_allowed', `Method "${method}" not allowed.`))
  })
}

t.test('answers an unauthenticated POST with 401, not 405', async (t) => {
  const app = build(t)
  const res = await app.inject({ method: 'POST', url: listPath(DEMO_RUN) })
  t.equal(res.statusCode, 401)
})

t.test('answers HEAD like GET without a body', async (t) => {
  const app = build(t)
  const get = await app.inject({ url: listPath(DEMO_RUN), headers: AUTH })
  const head = await headOverSocket(app, listPath(DEMO_RUN), { ...AUTH, host: 'localhost:80' })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers['content-type'], 'application/json')
  t.equal(head.headers['content-length'], get.headers['content-length'])
  const unauthenticated = await app.inject({ method: 'HEAD', url: listPath(DEMO_RUN) })
  t.equal(unauthenticated.statusCode, 401)
})

t.test('answers an authenticated OPTIONS with the view metadata', async (t) => {
  const app = build(t)
  const res = await app.inject({ method: 'OPTIONS', url: listPath(DEMO_RUN), headers: AUTH })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    name: 'Run Test Call Executions',
    description: 'API View to retrieve all call executions for a specific run test with pagination and search',
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']
  })
})

const accepted = [undefined, '*/*', 'application/json', 'application/*', 'text/html, application/json', 'application/json; indent=4', 'application/json;q=0', 'APPLICATION/JSON']
for (const accept of accepted) {
  t.test(`serves JSON for Accept ${JSON.stringify(accept)}`, async (t) => {
    const app = build(t)
    const headers: Record<string, string> = { ...AUTH }
    if (accept !== undefined) headers.accept = accept
    const res = await app.inject({ url: listPath(DEMO_RUN), headers })
    t.equal(res.statusCode, 200)
  })
}

for (const accept of ['text/html', 'application/xml', 'text/*', 'image/png, text/plain', '']) {
  t.test(`answers 406 for Accept ${JSON.stringify(accept)}, before authentication`, async (t) => {
    const app = build(t)
    for (const headers of [{ accept }, { ...AUTH, accept }]) {
      const res = await app.inject({ url: listPath(DEMO_RUN), headers })
      t.equal(res.statusCode, 406)
      t.equal(res.body, frameworkError('api_error', 'not_acceptable', 'Could not satisfy the request Accept header.'))
    }
  })
}

t.test('honours format=json and answers any other format with the framework 404', async (t) => {
  const app = build(t)
  const json = await app.inject({ url: listPath(DEMO_RUN, '?format=json'), headers: AUTH })
  t.equal(json.statusCode, 200)
  t.equal(json.json().next.endsWith('?format=json&page=2'), true)
  for (const format of ['api', 'JSON', 'xml']) {
    const res = await app.inject({ url: listPath(DEMO_RUN, `?format=${format}`) })
    t.equal(res.statusCode, 404, format)
    t.equal(res.body, frameworkError('not_found', 'error', 'Not found.'))
  }
})

const forced: Array<[number, string]> = [
  [401, frameworkError('authentication_error', 'authentication_failed', 'Invalid API key or secret key')],
  [403, frameworkError('permission_error', 'permission_denied', 'Access denied to this workspace')],
  [404, '{"status":false,"type":"not_found","code":"not_found","detail":"Run test not found","message":"Run test not found","error":"Run test not found","result":"Run test not found"}']
]
for (const [code, body] of forced) {
  t.test(`forces a ${code} with Prefer: code=${code}`, async (t) => {
    const app = build(t)
    const res = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, prefer: `code=${code}` } })
    t.equal(res.statusCode, code)
    t.equal(res.body, body)
    if (code === 401) t.equal(res.headers['www-authenticate'], 'ApiKey')
  })
}

t.test('forces a 500 with the platform envelope, with or without keys', async (t) => {
  const app = build(t)
  for (const headers of [{ prefer: 'code=500' }, { ...AUTH, prefer: 'code=500, dynamic=true' }]) {
    const res = await app.inject({ url: listPath(DEMO_RUN), headers })
    t.equal(res.statusCode, 500)
    t.match(res.json(), { status: false, type: 'server_error', code: 'server_error', detail: /^Failed to retrieve call executions: / })
    t.notOk('details' in res.json())
  }
})

t.test('ignores Prefer codes it has no answer for', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, prefer: 'code=418' } })
  t.equal(res.statusCode, 200)
})

t.test('forces errors on an unknown run too', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: listPath(UNKNOWN_RUN), headers: { ...AUTH, prefer: 'code=500' } })
  t.equal(res.statusCode, 500)
})
