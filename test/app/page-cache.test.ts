// Pages answered again come from a cache: the same bytes as when first written, whatever host, public URL or contract.
import t from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { CONTRACTS } from '../../src/data/model.js'
import { AUTH, DEMO_RUN, FIXTURE_RUN, MILLION_RUN, build, headOverSocket, listPath } from '../helper.js'

const TEN_THOUSAND_RUN = '33333333-3333-4333-8333-333333333333'

const TARGETS = [
  listPath(DEMO_RUN),
  listPath(DEMO_RUN, '?status=completed&search=%2B1'),
  listPath(DEMO_RUN, '?page=2&limit=5&extra=kept'),
  listPath(TEN_THOUSAND_RUN, '?limit=100&page=3'),
  listPath(MILLION_RUN, '?page=99999&limit=10'),
  listPath(MILLION_RUN, '?status=failed&search=a&page=4'),
  listPath(FIXTURE_RUN, '?limit=3')
]
const HOSTS = ['localhost:8000', 'mock.example.com']

/** Status, headers without the date, and body bytes: what two answers must share to be the same answer. */
function answer (res: LightMyRequestResponse): { status: number; headers: Record<string, unknown>; body: string } {
  const headers: Record<string, unknown> = { ...res.headers }
  delete headers.date
  return { status: res.statusCode, headers, body: res.rawPayload.toString('base64') }
}

const get = async (app: FastifyInstance, url: string, host: string) =>
  answer(await app.inject({ url, headers: { ...AUTH, host } }))

for (const contract of CONTRACTS) {
  t.test(`answers a repeated ${contract} request with the bytes of its first answer and of a fresh app's, for each host`, async (t) => {
    const app = build(t, { contract })
    const first = new Map<string, Awaited<ReturnType<typeof get>>>()
    for (const url of TARGETS) {
      for (const host of HOSTS) first.set(`${host} ${url}`, await get(app, url, host))
    }
    for (const url of TARGETS) {
      const [one, other] = HOSTS.map((host) => first.get(`${host} ${url}`))
      t.equal(one?.status, 200, url)
      t.not(one?.body, other?.body, `${url}: each host gets its own links`)
      for (const host of HOSTS) {
        const fresh = build(t, { contract })
        t.same(await get(app, url, host), first.get(`${host} ${url}`), `${host} ${url}: again`)
        t.same(await get(fresh, url, host), first.get(`${host} ${url}`), `${host} ${url}: from a fresh app`)
      }
    }
  })

  t.test(`keeps the ${contract} pages of apps with different public URLs apart`, async (t) => {
    const apps = ['https://one.example/api', 'https://two.example'].map((publicUrl) => ({ publicUrl, app: build(t, { contract, publicUrl }) }))
    const url = listPath(DEMO_RUN, '?limit=4&page=2')
    for (const { publicUrl, app } of apps) {
      const first = await get(app, url, HOSTS[0] as string)
      const again = await get(app, url, HOSTS[1] as string)
      t.same(again, first, 'the Host does not matter once a public URL is set')
      t.same(await get(build(t, { contract, publicUrl }), url, HOSTS[0] as string), first, 'a fresh app agrees')
      const body = JSON.parse(Buffer.from(first.body, 'base64').toString()) as { next: string; previous: string }
      t.ok(body.next.startsWith(`${publicUrl}/simulate/`) && body.previous.startsWith(`${publicUrl}/simulate/`), publicUrl)
    }
  })
}

t.test('runs the whole request pipeline before answering from the cache', async (t) => {
  const app = build(t)
  const url = listPath(DEMO_RUN, '?limit=3')
  const cached = await app.inject({ url, headers: AUTH })
  t.equal(cached.statusCode, 200)
  t.equal((await app.inject({ url })).statusCode, 401, 'no keys')
  t.equal((await app.inject({ url, headers: { ...AUTH, 'x-secret-key': 'wrong' } })).statusCode, 401, 'a wrong key')
  t.equal((await app.inject({ url, headers: { ...AUTH, accept: 'text/html' } })).statusCode, 406, 'an Accept it cannot serve')
  t.equal((await app.inject({ url, headers: { ...AUTH, prefer: 'code=500' } })).statusCode, 500, 'a forced error')
  t.equal((await app.inject({ method: 'POST', url, headers: AUTH })).statusCode, 405, 'another method')
  const head = await headOverSocket(app, url, { ...AUTH, host: 'localhost:80' })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers['content-length'], cached.headers['content-length'], 'HEAD announces the cached body')
})

t.test('does not cache a page that fails: a bad limit answers its 500 every time', async (t) => {
  const app = build(t)
  for (let i = 0; i < 2; i++) {
    const res = await app.inject({ url: listPath(DEMO_RUN, '?limit=abc'), headers: AUTH })
    t.equal(res.statusCode, 500)
    t.match(res.json(), { detail: /invalid literal for int\(\) with base 10: 'abc'/ })
  }
})
