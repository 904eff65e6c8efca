// Authentication: the platform's order of checks, exact 401 bodies and the WWW-Authenticate header.
import t from 'tap'
import { AUTH, API_KEY, DEMO_RUN, SECRET_KEY, build, listPath } from '../helper.js'

const envelope = (code: string, message: string) =>
  JSON.stringify({
    status: false,
    type: 'authentication_error',
    code,
    detail: message,
    message,
    error: message,
    result: message,
    details: { detail: [message] }
  })

const NOT_AUTHENTICATED =
  '{"status":false,"type":"authentication_error","code":"not_authenticated","detail":"Authentication credentials were not provided.","message":"Authentication credentials were not provided.","error":"Authentication credentials were not provided.","result":"Authentication credentials were not provided.","details":{"detail":["Authentication credentials were not provided."]}}'
const WRONG_KEYS =
  '{"status":false,"type":"authentication_error","code":"authentication_failed","detail":"Invalid API key or secret key","message":"Invalid API key or secret key","error":"Invalid API key or secret key","result":"Invalid API key or secret key","details":{"detail":["Invalid API key or secret key"]}}'
const BAD_TOKEN = envelope('authentication_failed', 'Invalid Token parsed: Invalid Token parsed: Invalid token encryption')

t.test('the exact bodies match the platform byte for byte', async (t) => {
  t.equal(envelope('not_authenticated', 'Authentication credentials were not provided.'), NOT_AUTHENTICATED)
  t.equal(envelope('authentication_failed', 'Invalid API key or secret key'), WRONG_KEYS)
})

const cases: Array<{ title: string; headers: Record<string, string>; body: string }> = [
  { title: 'no credentials', headers: {}, body: NOT_AUTHENTICATED },
  { title: 'only the API key', headers: { 'x-api-key': API_KEY }, body: NOT_AUTHENTICATED },
  { title: 'only the secret key', headers: { 'x-secret-key': SECRET_KEY }, body: NOT_AUTHENTICATED },
  { title: 'an empty API key', headers: { 'x-api-key': '', 'x-secret-key': SECRET_KEY }, body: NOT_AUTHENTICATED },
  { title: 'an empty secret key', headers: { 'x-api-key': API_KEY, 'x-secret-key': '' }, body: NOT_AUTHENTICATED },
  { title: 'a wrong API key', headers: { 'x-api-key': 'nope', 'x-secret-key': SECRET_KEY }, body: WRONG_KEYS },
  { title: 'a wrong secret key', headers: { 'x-api-key': API_KEY, 'x-secret-key': 'nope' }, body: WRONG_KEYS },
  { title: 'swapped keys', headers: { 'x-api-key': SECRET_KEY, 'x-secret-key': API_KEY }, body: WRONG_KEYS },
  { title: 'a key differing only in case', headers: { 'x-api-key': API_KEY.toUpperCase(), 'x-secret-key': SECRET_KEY }, body: WRONG_KEYS },
  { title: 'a bearer token next to valid keys', headers: { ...AUTH, authorization: 'Bearer abc' }, body: BAD_TOKEN },
  { title: 'a Basic authorization next to valid keys', headers: { ...AUTH, authorization: 'Basic dXNlcjpwYXNz' }, body: BAD_TOKEN },
  { title: 'a bare token without keys', headers: { authorization: 'sometoken' }, body: BAD_TOKEN }
]

for (const { title, headers, body } of cases) {
  t.test(`returns 401 with WWW-Authenticate for ${title}`, async (t) => {
    const app = build(t)
    const res = await app.inject({ url: listPath(DEMO_RUN), headers })
    t.equal(res.statusCode, 401)
    t.equal(res.headers['www-authenticate'], 'ApiKey')
    t.equal(res.headers['content-type'], 'application/json')
    t.equal(res.body, body)
  })
}

t.test('accepts the key pair with header names in any case', async (t) => {
  const app = build(t)
  const res = await app.inject({
    url: listPath(DEMO_RUN),
    headers: { 'X-API-KEY': API_KEY, 'x-Secret-Key': SECRET_KEY }
  })
  t.equal(res.statusCode, 200)
})

t.test('ignores an Authorization header that is only "Bearer" and spaces', async (t) => {
  const app = build(t)
  for (const authorization of ['Bearer', 'Bearer ', '  ', 'BearerBearer']) {
    const res = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, authorization } })
    t.equal(res.statusCode, 200, JSON.stringify(authorization))
  }
  const res = await app.inject({ url: listPath(DEMO_RUN), headers: { authorization: 'Bearer' } })
  t.equal(res.statusCode, 401)
  t.equal(res.body, NOT_AUTHENTICATED)
})

t.test('accepts the configured access token in Authorization, with or without keys', async (t) => {
  const app = build(t, { accessToken: 'local-token' })
  for (const authorization of ['Bearer local-token', 'local-token', 'Bearer local-token ']) {
    const res = await app.inject({ url: listPath(DEMO_RUN), headers: { authorization } })
    t.equal(res.statusCode, 200, authorization)
  }
  const wrong = await app.inject({ url: listPath(DEMO_RUN), headers: { ...AUTH, authorization: 'Bearer other-token' } })
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.body, BAD_TOKEN)
})

t.test('checks authentication before the run test exists', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: listPath('99999999-9999-4999-8999-999999999999'), headers: {} })
  t.equal(res.statusCode, 401)
  t.equal(res.body, NOT_AUTHENTICATED)
})

t.test('accepts keys configured at build time', async (t) => {
  const app = build(t, { apiKey: 'k1', secretKey: 's1' })
  const ok = await app.inject({ url: listPath(DEMO_RUN), headers: { 'x-api-key': 'k1', 'x-secret-key': 's1' } })
  t.equal(ok.statusCode, 200)
  const old = await app.inject({ url: listPath(DEMO_RUN), headers: AUTH })
  t.equal(old.statusCode, 401)
  t.equal(old.body, WRONG_KEYS)
})
