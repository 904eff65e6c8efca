// A public URL replaces the scheme and Host of the page links, the documents' servers and the redirect, for a mock behind a proxy or a path prefix.
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
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

/**
 * A reverse proxy that serves the mock under `/prefix` on its own port, the prefix taken off on the way
 * in, and answers 404 to anything outside it: a request the mock sends out of the prefix is seen failing.
 */
async function startPrefixProxy (t: Test, prefix: string): Promise<{ origin: string; setUpstream: (url: string) => void }> {
  let upstream: URL | null = null
  const server = createServer((req, res) => {
    const url = req.url ?? '/'
    if (upstream === null || !url.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`outside ${prefix}: ${url}`)
      return
    }
    const forward = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: url.slice(prefix.length), headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    forward.on('error', () => res.writeHead(502).end())
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  }))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, setUpstream: (url) => { upstream = new URL(url) } }
}

async function fetchOk (t: Test, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init)
  t.equal(res.status, 200, url)
  return res
}

t.test('behind a path prefix, the docs page, both documents, their servers and "Try it out" stay under the prefix', async (t) => {
  const proxy = await startPrefixProxy(t, '/prefix')
  const publicUrl = `${proxy.origin}/prefix`
  const app = build(t, { publicUrl })
  proxy.setUpstream(await app.listen({ host: '127.0.0.1', port: 0 }))

  for (const page of [`${publicUrl}/docs`, `${publicUrl}/docs/`]) {
    const html = await (await fetchOk(t, page)).text()
    // What the browser fetches: every asset the page names, resolved against the page's own URL.
    const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => new URL(match[1] as string, page).href)
    t.ok(assets.length >= 5, `${assets.length} assets on ${page}`)
    for (const asset of assets) {
      t.ok(asset.startsWith(`${publicUrl}/docs/static/`), asset)
      await (await fetchOk(t, asset)).arrayBuffer()
    }
    // The documents of the page's selector, resolved the same way.
    const initializer = await (await fetchOk(t, assets.find((asset) => asset.endsWith('/swagger-initializer.js')) ?? '')).text()
    const config = JSON.parse(/const config = (\{.*\})\n/.exec(initializer)?.[1] ?? '{}') as { urls: Array<{ url: string; name: string }> }
    t.same(config.urls.map((entry) => entry.name), ['Platform API', 'Control plane'])
    for (const entry of config.urls) {
      const document = await (await fetchOk(t, new URL(entry.url, page).href)).json() as { servers: Array<{ url: string }> }
      t.equal(document.servers[0]?.url, publicUrl, `${entry.name}: "Try it out" goes through the prefix`)
    }
  }

  // "Try it out" on either document: the server it names, then the operation's path.
  await (await fetchOk(t, `${publicUrl}${listPath(DEMO_RUN, '?limit=1')}`, { headers: AUTH })).arrayBuffer()
  await (await fetchOk(t, `${publicUrl}/__mock/runs`)).arrayBuffer()

  // Every served document names the public URL first.
  for (const path of ['/openapi.json', '/__mock/openapi.json']) {
    const document = await (await fetchOk(t, `${publicUrl}${path}`)).json() as { servers: Array<{ url: string }> }
    t.same(document.servers.map((server) => server.url), [publicUrl, 'http://localhost:8000'], path)
  }
  t.match(await (await fetchOk(t, `${publicUrl}/openapi.yaml`)).text(), `servers:\n  - url: ${publicUrl}\n`)

  // The trailing-slash redirect leads back under the prefix, with its query.
  const bare = `${publicUrl}/simulate/run-tests/${DEMO_RUN}/call-executions?limit=2`
  const redirect = await fetch(bare, { redirect: 'manual' })
  t.equal(redirect.status, 301)
  await redirect.arrayBuffer()
  t.equal(redirect.headers.get('location'), `/prefix${listPath(DEMO_RUN, '?limit=2')}`)
  t.equal(new URL(redirect.headers.get('location') ?? '', bare).href, `${publicUrl}${listPath(DEMO_RUN, '?limit=2')}`)
  const followed = await fetchOk(t, bare, { headers: AUTH })
  t.equal(((await followed.json()) as { results: unknown[] }).results.length, 2)
})

t.test('without a public URL, each document names the address it was fetched from first, and the redirect is the bare path', async (t) => {
  const app = build(t)
  for (const url of ['/openapi.json', '/__mock/openapi.json', '/docs/json']) {
    const res = await app.inject({ url, headers: { host: '127.0.0.1:4010' } })
    t.same((res.json() as { servers: unknown[] }).servers, [
      { url: 'http://127.0.0.1:4010', description: 'This mock' },
      { url: 'http://localhost:8000', description: 'The mock on its default port' }
    ], url)
  }
  const redirect = await app.inject({ url: `/simulate/run-tests/${DEMO_RUN}/call-executions?page=2` })
  t.equal(redirect.headers.location, listPath(DEMO_RUN, '?page=2'))
})
