// A public URL replaces the scheme and Host of the page links, for a mock behind a proxy or a path prefix.
import t from 'tap'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

const PATH = `/simulate/run-tests/${DEMO_RUN}/call-executions/`

t.test('starts next and previous with the public URL instead of http:// and the Host header', async (t) => {
  const app = build(t, { publicUrl: 'https://mock.example.test/prefix' })
  const res = await app.inject({ url: listPath(DEMO_RUN, '?limit=5&page=2'), headers: { ...AUTH, host: 'internal:8000' } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.next, `https://mock.example.test/prefix${PATH}?limit=5&page=3`)
  t.equal(body.previous, `https://mock.example.test/prefix${PATH}?limit=5`)
})

t.test('uses http:// and the Host header when no public URL is set', async (t) => {
  for (const publicUrl of [undefined, null]) {
    const app = build(t, { publicUrl })
    const res = await app.inject({ url: listPath(DEMO_RUN, '?page=2'), headers: { ...AUTH, host: 'api.example.test' } })
    t.equal(res.json().next, `http://api.example.test${PATH}?page=3`)
  }
})
