// Reading limit/page with the platform's errors, and the envelope numbers of a page.
import t from 'tap'
import fc from 'fast-check'
import {
  BIGINT_OUT_OF_RANGE,
  LIMIT_NEGATIVE,
  OFFSET_NEGATIVE,
  paginate,
  resolvePaging
} from '../../src/domain/pagination.js'
import { propertyRuns } from '../property-runs.js'

const literal = (quoted: string) => `invalid literal for int() with base 10: ${quoted}`

const resolutions: Array<[limit: string | undefined, page: string | undefined, expected: object | string, why: string]> = [
  [undefined, undefined, { limit: 10, page: 1, offset: 0 }, 'defaults: limit 10, page 1'],
  ['5', '2', { limit: 5, page: 2, offset: 5 }, 'offset is (page - 1) * limit'],
  ['10', '9', { limit: 10, page: 9, offset: 80 }, 'past the end is not an error'],
  [' 5', undefined, { limit: 5, page: 1, offset: 0 }, 'a decoded `%205` is 5'],
  ['1_000', '+3', { limit: 1000, page: 3, offset: 2000 }, 'underscores and sign'],
  ['1000000', undefined, { limit: 1000000, page: 1, offset: 0 }, 'no maximum limit'],
  ['0', undefined, { limit: 0, page: 1, offset: 0 }, 'limit 0 is allowed'],
  ['0', '0', { limit: 0, page: 0, offset: 0 }, 'page 0 with limit 0 gives offset 0'],
  ['0', '-5', { limit: 0, page: -5, offset: 0 }, 'any page with limit 0 gives offset 0'],
  ['', undefined, literal("''"), '`?limit=` is int(\'\')'],
  ['abc', undefined, literal("'abc'"), 'non-integer limit'],
  ['1.5', undefined, literal("'1.5'"), 'decimal limit'],
  ['1e3', undefined, literal("'1e3'"), 'exponent limit'],
  [undefined, 'abc', literal("'abc'"), 'non-integer page'],
  [undefined, '', literal("''"), '`?page=` is int(\'\')'],
  ['abc', 'xyz', literal("'abc'"), 'limit is parsed before page'],
  ['-1', 'xyz', literal("'xyz'"), 'both are parsed before the query runs'],
  ["it's", undefined, literal('"it\'s"'), 'the quoted value is repr()'],
  ['-1', undefined, LIMIT_NEGATIVE, 'negative limit'],
  ['-1', '0', LIMIT_NEGATIVE, 'negative limit, offset (0 - 1) * -1 = 1'],
  ['5', '0', OFFSET_NEGATIVE, 'page 0 with a positive limit'],
  ['5', '-1', OFFSET_NEGATIVE, 'negative page'],
  ['-1', '2', OFFSET_NEGATIVE, 'both negative: PostgreSQL checks OFFSET first'],
  ['9223372036854775807', '1', { limit: 2 ** 63, page: 1, offset: 0 }, 'the largest bigint limit (as the nearest double)'],
  ['9007199254740993', undefined, { limit: 2 ** 53, page: 1, offset: 0 }, 'a limit past 2**53 with the default page'],
  [undefined, '922337203685477581', { limit: 10, page: Number(922337203685477581n), offset: Number(9223372036854775800n) }, 'the last page below 2**63 rows'],
  [undefined, '922337203685477582', BIGINT_OUT_OF_RANGE, 'one page further with the default limit'],
  ['9223372036854775808', '1', BIGINT_OUT_OF_RANGE, 'a limit past bigint'],
  ['-9223372036854775809', '1', BIGINT_OUT_OF_RANGE, 'a limit below bigint'],
  ['-9223372036854775808', '1', LIMIT_NEGATIVE, 'the smallest bigint limit is only negative'],
  ['1', '9223372036854775809', BIGINT_OUT_OF_RANGE, 'an offset of exactly 2**63'],
  ['10', '-922337203685477580', BIGINT_OUT_OF_RANGE, 'an offset below bigint beats OFFSET must not be negative'],
  ['7'.repeat(4301), undefined, `Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit`, 'the digit limit']
]

for (const [limit, page, expected, why] of resolutions) {
  const title = `limit=${limit === undefined ? '(absent)' : JSON.stringify(limit.slice(0, 24))} page=${page === undefined ? '(absent)' : JSON.stringify(page)}: ${why}`
  t.test(title, async (t) => {
    t.same(resolvePaging(limit, page), expected)
  })
}

t.test('an offset of 0 is never -0', async (t) => {
  const paging = resolvePaging('0', '0')
  t.ok(typeof paging !== 'string' && Object.is(paging.offset, 0))
  t.ok(Object.is(paginate(5, 0, 0).offset, 0))
})

t.test('a page past 2**53 but inside bigint is served with finite numbers', async (t) => {
  const paging = resolvePaging('1', '9223372036854775808')
  if (typeof paging === 'string') return t.fail(paging)
  t.ok(Number.isFinite(paging.page) && Number.isFinite(paging.offset))
})

const windows: Array<[count: number, limit: number, page: number, expected: object, why: string]> = [
  [23, 10, 1, { offset: 0, totalPages: 3, hasNext: true, hasPrevious: false }, 'first page'],
  [23, 10, 2, { offset: 10, totalPages: 3, hasNext: true, hasPrevious: true }, 'middle page'],
  [23, 10, 3, { offset: 20, totalPages: 3, hasNext: false, hasPrevious: true }, 'last, partial page'],
  [20, 10, 2, { offset: 10, totalPages: 2, hasNext: false, hasPrevious: true }, 'last, full page'],
  [23, 10, 9, { offset: 80, totalPages: 3, hasNext: false, hasPrevious: true }, 'past the end keeps a previous link'],
  [0, 10, 1, { offset: 0, totalPages: 0, hasNext: false, hasPrevious: false }, 'no rows: zero pages'],
  [0, 10, 3, { offset: 20, totalPages: 0, hasNext: false, hasPrevious: true }, 'no rows, page 3'],
  [23, 0, 1, { offset: 0, totalPages: 1, hasNext: true, hasPrevious: false }, 'limit 0: one page, and next stays true'],
  [23, 0, 7, { offset: 0, totalPages: 1, hasNext: true, hasPrevious: true }, 'limit 0 on page 7'],
  [0, 0, 1, { offset: 0, totalPages: 1, hasNext: false, hasPrevious: false }, 'limit 0 and no rows'],
  [0, 0, 0, { offset: 0, totalPages: 1, hasNext: false, hasPrevious: false }, 'page 0 with limit 0'],
  [23, 1000000, 1, { offset: 0, totalPages: 1, hasNext: false, hasPrevious: false }, 'a limit above the count'],
  [23, 5, 2, { offset: 5, totalPages: 5, hasNext: true, hasPrevious: true }, 'limit 5, page 2']
]

for (const [count, limit, page, expected, why] of windows) {
  t.test(`count=${count} limit=${limit} page=${page}: ${why}`, async (t) => {
    t.same(paginate(count, limit, page), expected)
  })
}

t.test('walking pages 1..totalPages covers every row exactly once, then stops', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 60 }), (count, limit) => {
        const seen = new Uint8Array(count)
        const { totalPages } = paginate(count, limit, 1)
        for (let page = 1; page <= totalPages; page++) {
          const window = paginate(count, limit, page)
          if (window.hasNext !== page < totalPages) return false
          if (window.hasPrevious !== page > 1) return false
          const end = Math.min(window.offset + limit, count)
          if (end <= window.offset) return false
          for (let row = window.offset; row < end; row++) seen[row] = (seen[row] as number) + 1
        }
        const after = paginate(count, limit, totalPages + 1)
        return seen.every((n) => n === 1) && after.hasNext === false && after.offset >= count
      }),
      { numRuns: propertyRuns() }
    )
  )
})

t.test('resolvePaging agrees with paginate on the offset', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (limit, page) => {
        const paging = resolvePaging(String(limit), String(page))
        return typeof paging !== 'string' && paging.offset === paginate(0, limit, page).offset
      }),
      { numRuns: propertyRuns() }
    )
  )
})
