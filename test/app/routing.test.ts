// URL matching before the view: the trailing-slash redirect and Django's HTML 404.
import t from 'tap'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const HTML_404 =
  '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n' +
  '  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n'

t.test('redirects a path without the trailing slash to the slashed path, keeping the query, before auth', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: `/simulate/run-tests/${DEMO_RUN}/call-executions?limit=5&search=a+b` })
  t.equal(res.statusCode, 301)
  t.equal(res.headers.location, `/simulate/run-tests/${DEMO_RUN}/call-executions/?limit=5&search=a+b`)
  t.equal(res.body, '')
})

t.test('redirects without a query string when there is none', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: `/simulate/run-tests/${DEMO_RUN}/call-executions`, headers: AUTH })
  t.equal(res.statusCode, 301)
  t.equal(res.headers.location, `/simulate/run-tests/${DEMO_RUN}/call-executions/`)
})

t.test('redirects other methods too', async (t) => {
  const app = build(t)
  const res = await app.inject({ method: 'POST', url: `/simulate/run-tests/${DEMO_RUN}/call-executions` })
  t.equal(res.statusCode, 301)
})

const malformedIds = [
  'not-a-uuid',
  'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'.toUpperCase(),
  'aaaaaaaa-bbbb-4ccc-8ddd-EEEEEEEEEEEE',
  'AAAAAAAA-1111-4111-8111-111111111111',
  DEMO_RUN.replaceAll('-', ''),
  `{${DEMO_RUN}}`,
  `${DEMO_RUN}0`
]

for (const id of malformedIds) {
  t.test(`answers the HTML 404 page for the malformed run test id ${JSON.stringify(id)}, with or without keys`, async (t) => {
    const app = build(t)
    for (const headers of [{}, AUTH]) {
      const res = await app.inject({ url: listPath(id), headers })
      t.equal(res.statusCode, 404)
      t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
      t.equal(res.body, HTML_404)
    }
    const unslashed = await app.inject({ url: `/simulate/run-tests/${id}/call-executions` })
    t.equal(unslashed.statusCode, 404, 'a malformed id without the slash is a 404, not a redirect')
    t.equal(unslashed.body, HTML_404)
  })
}

for (const url of ['/', '/simulate/', `/simulate/run-tests/${DEMO_RUN}/calls/`, '/simulate/test-executions/', `/Simulate/run-tests/${DEMO_RUN}/call-executions/`]) {
  t.test(`answers the HTML 404 page for the unknown path ${url}`, async (t) => {
    const app = build(t)
    const res = await app.inject({ url, headers: AUTH })
    t.equal(res.statusCode, 404)
    t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
    t.equal(res.body, HTML_404)
  })
}
