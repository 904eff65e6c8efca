// next/previous URLs: the platform's replica-verified strings, and links that parse back to the neighbouring page.
import t from 'tap'
import fc from 'fast-check'
import { buildPageLinks } from '../../src/domain/links.js'
import { paginate, resolvePaging } from '../../src/domain/pagination.js'
import { parseQuery } from '../../src/domain/query.js'
import { encodeFormPair } from '../../src/domain/form-encode.js'
import { show } from './show.js'
import { propertyRuns } from '../property-runs.js'

const B = 'http://api.example.test/simulate/run-tests/11111111-1111-4111-8111-111111111111/call-executions/'

/** The links the platform writes for a request on a run with `count` matching rows. */
function linksFor (rawQuery: string, count: number) {
  const query = parseQuery(rawQuery)
  const paging = resolvePaging(query.get('limit'), query.get('page'))
  if (typeof paging === 'string') throw new Error(paging)
  const window = paginate(count, paging.limit, paging.page)
  return buildPageLinks({ base: B, query, page: paging.page, hasNext: window.hasNext, hasPrevious: window.hasPrevious })
}

// Contract §3, replica-verified on a run with 23 rows (`Host: api.example.test`).
const replica: Array<[query: string, next: string | null, previous: string | null]> = [
  ['', `${B}?page=2`, null],
  ['page=2', `${B}?page=3`, `${B}?`],
  ['page=3', null, `${B}?page=2`],
  ['limit=5&page=2&search=a+b', `${B}?limit=5&page=3&search=a+b`, `${B}?limit=5&search=a+b`],
  ['search=%2B1415&search=last&foo=bar', `${B}?search=last&foo=bar&page=2`, null],
  ['page=9', null, `${B}?page=8`],
  ['limit=0', `${B}?limit=0&page=2`, null]
]

for (const [query, next, previous] of replica) {
  t.test(`platform strings for ${query === '' ? 'no query' : '?' + query}`, async (t) => {
    t.same(linksFor(query, 23), { next, previous })
  })
}

const more: Array<[query: string, count: number, next: string | null, previous: string | null, why: string]> = [
  ['limit=5&page=2&search=a%20b', 23, `${B}?limit=5&page=3&search=a+b`, `${B}?limit=5&search=a+b`, 'an escaped space is written as `+`'],
  ['limit=5&page=2&search=a b', 23, `${B}?limit=5&page=3&search=a+b`, `${B}?limit=5&search=a+b`, 'a raw space too'],
  ['page=2&limit=5', 23, `${B}?page=3&limit=5`, `${B}?limit=5`, '`page` keeps its first position'],
  ['page=1&page=2&limit=5', 23, `${B}?page=3&limit=5`, `${B}?limit=5`, 'a repeated `page` keeps its first position'],
  ['page=3&x=1', 23, null, `${B}?page=2&x=1`, 'previous keeps page 2 in place'],
  ['search=%20%20&status=', 23, `${B}?search=++&status=&page=2`, null, 'whitespace-only search and blank status are echoed'],
  ['flag&x=%2F', 23, `${B}?flag=&x=%2F&page=2`, null, 'a key without a value gains `=`; `/` is escaped'],
  ['limit=%205&page=%202', 23, `${B}?limit=+5&page=3`, `${B}?limit=+5`, 'other values keep their text, page is rewritten'],
  ['page=02', 23, `${B}?page=3`, `${B}?`, 'page is written as the integer'],
  ['a=1;b=2', 23, `${B}?a=1%3Bb%3D2&page=2`, null, 'a `;` value is escaped'],
  ['pa%67e=2', 23, `${B}?page=3`, `${B}?`, 'an encoded `page` key is the page'],
  ['q=%E2%82%AC+%F0%9F%98%80', 23, `${B}?q=%E2%82%AC+%F0%9F%98%80&page=2`, null, 'UTF-8 is escaped byte by byte'],
  ['q=%C3', 23, `${B}?q=%EF%BF%BD&page=2`, null, 'an invalid sequence is echoed as U+FFFD'],
  ['page=2', 0, null, `${B}?`, 'no rows on page 2'],
  ['', 0, null, null, 'no rows at all'],
  ['limit=0&page=4', 1, `${B}?limit=0&page=5`, `${B}?limit=0&page=3`, 'limit 0 keeps a next link'],
  ['limit=0&page=0', 0, null, null, 'page 0 with limit 0']
]

for (const [query, count, next, previous, why] of more) {
  t.test(`${show(query)} on ${count} rows: ${why}`, async (t) => {
    t.same(linksFor(query, count), { next, previous })
  })
}

t.test('a page past 2**53 is written in plain digits, never in exponent notation', async (t) => {
  const links = buildPageLinks({ base: B, query: parseQuery(''), page: 1e21, hasNext: true, hasPrevious: true })
  t.same(links, { next: `${B}?page=1000000000000000000000`, previous: `${B}?page=1000000000000000000000` })
})

t.test('no links means the shared null pair', async (t) => {
  const links = buildPageLinks({ base: B, query: parseQuery('x=1'), page: 1, hasNext: false, hasPrevious: false })
  t.same(links, { next: null, previous: null })
})

t.test('links parse back to the neighbouring page and keep every other parameter', async (t) => {
  const key = fc.oneof(fc.constantFrom('limit', 'search', 'status', 'foo', 'a b', '+', ''), fc.string({ unit: 'binary', maxLength: 6 }))
  const value = fc.string({ unit: 'binary', maxLength: 8 })
  const params = fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 5 })
  const pagePosition = fc.option(fc.nat(5), { nil: undefined })
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(params, pagePosition, fc.integer({ min: 1, max: 10000 }), (pairs, position, page) => {
        const others = pairs.filter(([k]) => k !== 'page')
        const ordered: Array<[string, string]> = [...others]
        if (position !== undefined) ordered.splice(Math.min(position, ordered.length), 0, ['page', String(page)])
        const raw = ordered.map(([k, v]) => encodeFormPair(k, v)).join('&')
        const query = parseQuery(raw)
        const links = buildPageLinks({ base: B, query, page, hasNext: true, hasPrevious: page > 1 })
        // Parses a link back: `page` must read `pageText` (absent when undefined), every other parameter
        // keeps its value, and keys keep their order with `page` in its original place or last.
        const parsesBack = (link: string | null, pageText: string | undefined): boolean => {
          if (link === null || !link.startsWith(B + '?')) return false
          const back = parseQuery(link.slice(B.length + 1))
          if (back.get('page') !== pageText) return false
          for (const [k, v] of others) if (back.get(k) !== v) return false
          const keys = ordered.map(([k]) => k)
          if (position === undefined) keys.push('page')
          const expected = pageText === undefined ? keys.filter((k) => k !== 'page') : keys
          return JSON.stringify([...back.params.keys()]) === JSON.stringify(expected)
        }
        const previousOk =
          page === 1 ? links.previous === null : parsesBack(links.previous, page === 2 ? undefined : String(page - 1))
        return parsesBack(links.next, String(page + 1)) && previousOk
      }),
      { numRuns: propertyRuns() }
    )
  )
})
