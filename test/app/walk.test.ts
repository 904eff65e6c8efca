// Walking the `next` links of a filtered listing visits every matching row exactly once, newest first.
import fc from 'fast-check'
import t from 'tap'
import { parseIsoToMicros } from '../../src/domain/datetime.js'
import { AUTH, DEMO_RUN, FIXTURE_RUN, build, listPath } from '../helper.js'
import { propertyRuns } from '../property-runs.js'

const RUNS = [DEMO_RUN, FIXTURE_RUN, '66666666-6666-4666-8666-666666666666', '77777777-7777-4777-8777-777777777777']
const SEARCHES = ['', ' ', 'a', 'bill', 'BILL', '+1', '%2B1', '555', '%', '_', 'a%e', 'zzz-no-match']
interface WalkPage {
  count: number
  next: string | null
  current_page: number
  results: Array<{ id: string; timestamp: string }>
}

const STATUSES = ['', 'completed', 'failed', 'pending', 'queued', 'ongoing', 'analyzing', 'cancelled', 'Completed']

t.test('following next links yields exactly count distinct rows in timestamp order', async (t) => {
  const app = build(t, { contract: 'platform' })
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...RUNS),
      fc.constantFrom(...SEARCHES),
      fc.constantFrom(...STATUSES),
      fc.integer({ min: 1, max: 12 }),
      async (runId, search, status, limit) => {
        const params = new URLSearchParams({ limit: String(limit) })
        if (search !== '') params.set('search', search.replace('%2B', '+'))
        if (status !== '') params.set('status', status)
        let url: string | null = listPath(runId, `?${params.toString()}`)
        const ids: string[] = []
        const timestamps: string[] = []
        let count = -1
        let pages = 0
        while (url !== null) {
          const res: { statusCode: number; json: () => WalkPage } = await app.inject({ url, headers: AUTH })
          if (res.statusCode !== 200) return false
          const body: WalkPage = res.json()
          if (count === -1) count = body.count
          if (body.count !== count || body.current_page !== pages + 1) return false
          for (const row of body.results) {
            ids.push(row.id)
            timestamps.push(row.timestamp)
          }
          pages += 1
          url = body.next === null ? null : new URL(body.next).pathname + new URL(body.next).search
        }
        // Compared as instants: as text, `…:58Z` (no fraction) sorts after `…:58.500000Z`.
        const instants = timestamps.map(parseIsoToMicros)
        const ordered = instants.every((stamp, i) => i === 0 || instants[i - 1]! >= stamp)
        return ids.length === count && new Set(ids).size === count && ordered && pages === Math.max(1, Math.ceil(count / limit))
      }
    ),
    { numRuns: propertyRuns(60) }
  )
  t.pass('every walk matched its count')
})

t.test('the walk finds something for most filters, so the property is not vacuous', async (t) => {
  const app = build(t)
  const res = await app.inject({ url: listPath(DEMO_RUN, '?search=%2B1&status=completed'), headers: AUTH })
  t.ok(res.json().count > 0)
})
