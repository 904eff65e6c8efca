// Checks of the page envelope: its keys, order and types, its links as the platform writes them, and HEAD.
import { z } from 'zod'
import { CallExecutionPageSchema } from '../../schemas/envelope.js'
import type { CheckContext, CheckDefinition, Outcome, PageAnswer } from '../check-context.js'
import { describeAnswer } from '../check-context.js'
import { expectedLinks, type QueryPairs } from '../expected-links.js'
import { ENVELOPE_KEYS } from '../platform-answers.js'

/** The envelope's types with the rows left to `rows.schema`. */
const EnvelopeShape = CallExecutionPageSchema(z.unknown())

/**
 * Compares a link with the one the platform would write: absolute, same host, path and query. The
 * scheme is not compared: the platform builds links from the request as it sees it, and behind a TLS
 * terminator that is `http://` (§3).
 */
function sameLink (seen: string | null, expected: string | null): boolean {
  if (seen === null || expected === null) return seen === expected
  const withoutScheme = (link: string): string => link.replace(/^https?:\/\//, '')
  return withoutScheme(seen) === withoutScheme(expected)
}

/** Checks `next` and `previous` of a page fetched with `pairs`; returns whether both were right. */
export function checkLinks (ctx: CheckContext, outcome: Outcome, answer: PageAnswer, pairs: QueryPairs, count: number): boolean {
  const { envelope, response } = answer
  if (envelope === null) {
    outcome.fail(`the page could not be read: ${answer.problem ?? ''}`, { request: response.request, seen: describeAnswer(response) })
    return false
  }
  const expected = expectedLinks({ base: ctx.endpoint, pairs, count })
  let ok = true
  for (const key of ['next', 'previous'] as const) {
    if (!sameLink(envelope[key], expected[key])) {
      ok = false
      outcome.fail(`${key} is not the link the platform writes`, {
        request: response.request,
        expected: String(expected[key]),
        seen: String(envelope[key])
      })
    }
  }
  return ok
}

export const ENVELOPE_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'envelope.keys',
    title: 'page 1: JSON with count, next, previous, results, total_pages, current_page in that order and of the right types',
    async run (ctx, outcome) {
      const answer = await ctx.firstPage()
      const { response } = answer
      if (!outcome.expectStatus(response, 200, 'page 1')) return
      outcome.expectJsonType(response, 'page 1')
      if (answer.json === undefined) {
        outcome.fail('page 1 is not JSON', { request: response.request, seen: describeAnswer(response) })
        return
      }
      const keys = typeof answer.json === 'object' && answer.json !== null ? Object.keys(answer.json) : []
      if (keys.join(',') !== ENVELOPE_KEYS.join(',')) {
        outcome.fail('the envelope\'s keys differ from the platform\'s', { request: response.request, expected: ENVELOPE_KEYS.join(','), seen: keys.join(',') })
      }
      const parsed = EnvelopeShape.safeParse(answer.json)
      if (!parsed.success) {
        for (const issue of parsed.error.issues.slice(0, 5)) {
          outcome.fail(`${issue.path.map(String).join('.') || '(envelope)'}: ${issue.message}`, { request: response.request })
        }
        return
      }
      const { count, total_pages: totalPages, current_page: currentPage, results } = parsed.data
      const expectedPages = count === 0 ? 0 : Math.ceil(count / 10)
      if (totalPages !== expectedPages) {
        outcome.fail('total_pages is not ceil(count / 10) for the default limit', { request: response.request, expected: String(expectedPages), seen: String(totalPages) })
      }
      if (currentPage !== 1) outcome.fail('current_page of page 1', { request: response.request, expected: '1', seen: String(currentPage) })
      if (results.length !== Math.min(10, count)) {
        outcome.fail('page 1 holds the default 10 rows (or all of them)', { request: response.request, expected: String(Math.min(10, count)), seen: String(results.length) })
      }
    }
  },
  {
    name: 'envelope.links',
    title: 'next and previous: absolute, parameters in first-seen order, page replaced in place or appended, form-encoded',
    async run (ctx, outcome) {
      const count = await ctx.count()
      const cases: QueryPairs[] = [
        [],
        [['limit', '2']],
        [['page', '2'], ['limit', '2']],
        // Page 2 with nothing else: its `previous` ends in a bare `?`.
        [['page', '2']],
        // An unknown parameter is echoed with its last value at its first place, quote_plus encoded.
        [['foo', 'first'], ['limit', '2'], ['foo', 'a b/c+d~é'], ['page', '2']],
        [['limit', '3'], ['page', String(Math.max(2, Math.ceil(count / 3)))]]
      ]
      for (const pairs of cases) {
        const answer = await ctx.page(pairs)
        if (answer.envelope !== null && answer.envelope.count !== count) {
          outcome.fail('count changed with the page asked for', { request: answer.response.request, expected: String(count), seen: String(answer.envelope.count) })
        }
        checkLinks(ctx, outcome, answer, pairs, count)
      }
      if (ctx.settings.target.startsWith('https://')) {
        outcome.note('link schemes are not compared: the platform writes http:// links behind its TLS terminator')
      }
    }
  },
  {
    name: 'methods.head',
    title: 'HEAD is answered like GET, without a body',
    async run (ctx, outcome) {
      const res = await ctx.send('HEAD', ctx.listingUrl(ctx.settings.runTestId, [['limit', '2']]), ctx.keys())
      if (!outcome.expectStatus(res, 200, 'HEAD')) return
      outcome.expectJsonType(res, 'HEAD')
      if (res.body !== '') outcome.fail('HEAD has no body', { request: res.request, expected: '(empty)', seen: describeAnswer(res) })
    }
  }
]
