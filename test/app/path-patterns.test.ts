// A path pattern names the same requests in a fault rule and in a journal query.
import t from 'tap'
import { AUTH, DEMO_RUN, EMPTY_RUN, build, listPath } from '../helper.js'

const JSON_BODY = { 'content-type': 'application/json' }

const PATTERNS = [
  listPath(DEMO_RUN),
  `/simulate/run-tests/${DEMO_RUN}/*`,
  '/simulate/run-tests/*',
  '/simulate/*',
  '/simulate/run-tests/',
  '/nowhere/*',
  '*'
]

const REQUESTS = [listPath(DEMO_RUN), listPath(DEMO_RUN, '?page=2'), listPath(EMPTY_RUN), '/simulate/unknown/', '/other']

for (const pattern of PATTERNS) {
  t.test(`"${pattern}" selects the same requests for a fault rule and for the journal's path filter`, async (t) => {
    const app = build(t)
    const session = { 'x-mock-session': 'patterns' }
    const rule = await app.inject({ method: 'POST', url: '/__mock/faults', headers: { ...JSON_BODY, ...session }, payload: JSON.stringify({ match: { path: pattern }, fault: 'status=502' }) })
    t.equal(rule.statusCode, 201)
    const faulted: string[] = []
    for (const url of REQUESTS) {
      const res = await app.inject({ url, headers: { ...AUTH, ...session } })
      if (res.statusCode === 502) faulted.push(url.split('?')[0] as string)
    }
    const journal = await app.inject({ url: `/__mock/requests?path=${encodeURIComponent(pattern)}`, headers: session })
    t.equal(journal.statusCode, 200)
    const listed = (journal.json() as { requests: Array<{ path: string }> }).requests.map((entry) => entry.path).reverse()
    t.same(listed, faulted)
    if (pattern.endsWith('*') && pattern !== '/nowhere/*') t.ok(listed.length > 0, 'the pattern matched something')
  })
}
