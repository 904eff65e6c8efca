// Checks of paging: a full (or budgeted) walk at several limits, its order, the last page, limit=0 and a page past the end.
import type { CheckDefinition, Outcome, WalkSequence } from '../check-context.js'
import type { QueryPairs } from '../expected-links.js'
import { checkLinks } from './envelope.js'

/**
 * The order a walk shows, with rows of equal `timestamp` taken as a set: the platform sorts by
 * `timestamp` alone, so equal keys may come back in any order (§2, "no tie-breaker").
 */
function canonicalOrder (sequence: WalkSequence, byKey: boolean): string[] {
  if (!byKey) return sequence.ids
  const groups: string[] = []
  let group: string[] = []
  let key: number | null | undefined
  sequence.ids.forEach((id, index) => {
    const rowKey = sequence.keys[index] ?? null
    if (index > 0 && rowKey !== key) {
      groups.push(group.sort().join('|'))
      group = []
    }
    key = rowKey
    group.push(id)
  })
  if (group.length > 0) groups.push(group.sort().join('|'))
  return groups
}

function checkDescending (sequence: WalkSequence, outcome: Outcome): void {
  let reported = 0
  for (let index = 1; index < sequence.ids.length && reported < 5; index++) {
    const before = sequence.keys[index - 1]
    const key = sequence.keys[index]
    if (before === null || before === undefined || key === null || key === undefined) continue
    if (key > before) {
      reported++
      outcome.fail(`limit ${sequence.limit}: row ${index + 1} (${sequence.ids[index] ?? ''}) is newer than row ${index} (${sequence.ids[index - 1] ?? ''})`, {
        expected: 'timestamp descending',
        seen: `${new Date(before / 1000).toISOString()} then ${new Date(key / 1000).toISOString()}`
      })
    }
  }
  const unreadable = sequence.keys.filter((key) => key === null).length
  if (unreadable > 0) outcome.fail(`limit ${sequence.limit}: ${unreadable} rows have no readable timestamp, so their order cannot be checked`)
}

export const PAGINATION_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'pagination.walk',
    title: 'walking every page at three limits yields count distinct rows, with consistent sizes, total_pages and current_page',
    async run (ctx, outcome) {
      const walk = await ctx.walk()
      outcome.note(walk.summary)
      for (const failure of walk.failures) outcome.fail(failure.message, failure)
      const [first, ...others] = walk.sequences
      if (first === undefined) return
      const ids = new Set(first.ids)
      for (const other of others) {
        const missing = other.ids.filter((id) => !ids.has(id))
        if (walk.plan.complete && missing.length > 0) {
          outcome.fail(`limit ${other.limit} lists rows that limit ${first.limit} does not`, { seen: missing.slice(0, 5).join(', ') })
        }
      }
    }
  },
  {
    name: 'pagination.order',
    title: 'rows come newest first by timestamp, in the same order at every limit',
    async run (ctx, outcome) {
      const walk = await ctx.walk()
      const byKey = ctx.settings.contract === 'platform'
      if (byKey) {
        for (const sequence of walk.sequences) checkDescending(sequence, outcome)
      } else {
        outcome.note('the docs contract exposes no sort key (its rows have no timestamp), so the direction of the order was not checked; only that every limit lists the rows in the same order')
      }
      const [first, ...others] = walk.sequences
      if (first === undefined) return
      const reference = canonicalOrder(first, byKey)
      for (const other of others) {
        const order = canonicalOrder(other, byKey)
        const at = order.findIndex((group, index) => group !== reference[index])
        if (at !== -1 || order.length !== reference.length) {
          outcome.fail(`limit ${other.limit} lists the rows in another order than limit ${first.limit}`, {
            expected: `${reference[at] ?? '(end)'} at position ${at + 1}`,
            seen: `${order[at] ?? '(end)'}`
          })
        }
      }
      if (!walk.plan.complete) outcome.note(walk.summary)
    }
  },
  {
    name: 'pagination.last-page',
    title: 'the last page holds the remainder of count, with no next link',
    async run (ctx, outcome) {
      const count = await ctx.count()
      if (count === 0) {
        outcome.note('the run is empty: there is no last page to read')
        return
      }
      const last = Math.ceil(count / 10)
      const pairs: QueryPairs = [['page', String(last)]]
      const answer = await ctx.page(pairs)
      if (!outcome.expectStatus(answer.response, 200, `page ${last}`)) return
      checkLinks(ctx, outcome, answer, pairs, count)
      const envelope = answer.envelope
      if (envelope === null) return
      const expected = count - (last - 1) * 10
      if (envelope.results.length !== expected) {
        outcome.fail(`page ${last} of ${count} rows holds the last ${expected}`, { request: answer.response.request, expected: String(expected), seen: String(envelope.results.length) })
      }
      if (envelope.current_page !== last || envelope.total_pages !== last) {
        outcome.fail('total_pages and current_page of the last page', {
          request: answer.response.request,
          expected: `total_pages ${last}, current_page ${last}`,
          seen: `total_pages ${JSON.stringify(envelope.total_pages)}, current_page ${JSON.stringify(envelope.current_page)}`
        })
      }
    }
  },
  {
    name: 'pagination.limit-zero',
    title: 'limit=0: 200 with no rows, total_pages 1, and a next link whenever anything matches',
    async run (ctx, outcome) {
      const count = await ctx.count()
      const pairs: QueryPairs = [['limit', '0']]
      const answer = await ctx.page(pairs)
      if (!outcome.expectStatus(answer.response, 200, 'limit=0')) return
      checkLinks(ctx, outcome, answer, pairs, count)
      const envelope = answer.envelope
      if (envelope === null) return
      const seen = `count ${envelope.count}, ${envelope.results.length} rows, total_pages ${JSON.stringify(envelope.total_pages)}, current_page ${JSON.stringify(envelope.current_page)}`
      const expected = `count ${count}, 0 rows, total_pages 1, current_page 1`
      if (seen !== expected) outcome.fail('limit=0 envelope', { request: answer.response.request, expected, seen })
    }
  },
  {
    name: 'pagination.past-end',
    title: 'a page past the end: 200 with no rows, no next, a previous link and current_page echoing the request',
    async run (ctx, outcome) {
      const count = await ctx.count()
      const totalPages = Math.ceil(count / 5)
      const page = Math.max(1, totalPages) + 2
      const pairs: QueryPairs = [['limit', '5'], ['page', String(page)]]
      const answer = await ctx.page(pairs)
      if (!outcome.expectStatus(answer.response, 200, `page ${page} of ${totalPages}`)) return
      checkLinks(ctx, outcome, answer, pairs, count)
      const envelope = answer.envelope
      if (envelope === null) return
      const seen = `count ${envelope.count}, ${envelope.results.length} rows, total_pages ${JSON.stringify(envelope.total_pages)}, current_page ${JSON.stringify(envelope.current_page)}`
      const expected = `count ${count}, 0 rows, total_pages ${totalPages}, current_page ${page}`
      if (seen !== expected) outcome.fail('past-the-end envelope', { request: answer.response.request, expected, seen })
    }
  }
]
