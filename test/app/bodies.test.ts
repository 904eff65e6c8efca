// Bodies sent where no route reads one: routing alone decides the answer, whatever the body.
import t from 'tap'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const BODIES: Array<[string, string]> = [['an empty body', ''], ['a body that is not JSON', '{'], ['a body over 1 MB', `"${'x'.repeat(2 ** 20 + 10)}"`]]

t.test('a JSON body where no route reads one is left unread: the 404, 301 and 405 stand', async (t) => {
  const app = build(t)
  const withoutAdmin = build(t, { control: null })
  const cases = [
    [app, 'POST', '/nowhere', 404],
    [app, 'POST', '/health', 404],
    [app, 'PUT', '/health', 404],
    [app, 'POST', listPath(DEMO_RUN).slice(0, -1), 301],
    [app, 'POST', listPath(DEMO_RUN), 405],
    [withoutAdmin, 'POST', '/__mock/runs', 404],
    [withoutAdmin, 'POST', '/__admin/requests/count', 404]
  ] as const
  for (const [server, method, url, status] of cases) {
    for (const [name, payload] of BODIES) {
      const res = await server.inject({ method, url, headers: { ...AUTH, 'content-type': 'application/json' }, payload })
      t.equal(res.statusCode, status, `${method} ${url} with ${name}`)
      if (status === 404) t.match(res.body, /<title>Not Found<\/title>/)
    }
  }
})
