// Two server processes with the same seed answer with the same bytes; another seed answers differently.
import { request } from 'node:http'
import t from 'tap'
import { requireFreshBuild, startCli } from './helper.js'

requireFreshBuild()

const HEADERS = { 'x-api-key': 'test-api-key', 'x-secret-key': 'test-secret-key', host: 'mock.test' }
const PATHS = [
  '/simulate/run-tests/11111111-1111-4111-8111-111111111111/call-executions/?limit=23',
  '/simulate/run-tests/55555555-5555-4555-8555-555555555555/call-executions/?page=54321&limit=7',
  '/simulate/run-tests/33333333-3333-4333-8333-333333333333/call-executions/?search=a&status=completed&page=3'
]

/** A GET with a fixed Host header (fetch would replace it), so links are comparable across ports. */
function get (url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { headers: HEADERS }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
      res.on('end', () => res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode}`)))
    }).on('error', reject).end()
  })
}

async function pages (url: string): Promise<string[]> {
  const bodies: string[] = []
  for (const path of PATHS) bodies.push(await get(url + path))
  return bodies
}

for (const contract of ['docs', 'platform']) {
  t.test(`the same seed gives byte-identical pages in two processes (${contract} contract)`, async (t) => {
    const [first, second, other] = await Promise.all([
      startCli(t, ['--seed', '7', '--contract', contract, '--log-level', 'silent']),
      startCli(t, ['--seed', '7', '--contract', contract, '--log-level', 'silent']),
      startCli(t, ['--seed', '8', '--contract', contract, '--log-level', 'silent'])
    ])
    // The second process is asked in the opposite order, so no answer can depend on what came before.
    const a = await pages(first.url)
    const b = (await Promise.all([...PATHS].reverse().map((path) => get(second.url + path)))).reverse()
    const c = await pages(other.url)
    t.equal(a.length, PATHS.length)
    for (let i = 0; i < PATHS.length; i++) {
      t.ok(JSON.parse(a[i]!).results.length > 0, `${PATHS[i]} has rows`)
      t.equal(a[i], b[i], `${PATHS[i]} is identical across processes`)
      t.not(a[i], c[i], `${PATHS[i]} differs with another seed`)
    }
  })
}
