// The search predicate behaves like PostgreSQL's `value ILIKE '%' || term || '%'`.
import t from 'tap'
import fc from 'fast-check'
import { compileLikeSearch } from '../../src/domain/like-pattern.js'
import { propertyRuns } from '../property-runs.js'

const table: Array<{ term: string; value: string; match: boolean; why: string }> = [
  { term: 'bill', value: 'Billing dispute - double charge', match: true, why: 'a substring matches, ignoring case' },
  { term: 'BILLING D', value: 'Billing dispute - double charge', match: true, why: 'the term\'s case is ignored too' },
  { term: 'refund', value: 'Billing dispute - double charge', match: false, why: 'a missing substring does not match' },
  { term: 'CAFÉ', value: 'Le café', match: true, why: 'case folding covers non-ASCII letters' },
  { term: '1415', value: '+14155550123', match: true, why: 'digits of a phone number match' },
  { term: '+1415', value: '+14155550123', match: true, why: '`+` is an ordinary character' },
  { term: '+1 415', value: '+14155550123', match: false, why: 'a space is an ordinary character' },
  { term: '%', value: '', match: true, why: '`%` matches the empty string' },
  { term: '_', value: '', match: false, why: '`_` needs exactly one character' },
  { term: '_', value: 'x', match: true, why: '`_` matches any single character' },
  { term: 'b_ll', value: 'Billing', match: true, why: '`_` stands for one character inside a term' },
  { term: 'b_ll', value: 'Bll', match: false, why: '`_` does not match zero characters' },
  { term: 'x_y', value: 'x😀y', match: true, why: '`_` matches one code point, not one UTF-16 unit' },
  { term: 'change%address', value: 'Change delivery address', match: true, why: '`%` spans any run of characters' },
  { term: 'address%change', value: 'Change delivery address', match: false, why: '`%` keeps the order of the parts' },
  { term: '100\\%', value: 'a 100% refund', match: true, why: '`\\%` is a literal percent sign' },
  { term: '100\\%', value: 'a 100 refund', match: false, why: '`\\%` is not a wildcard' },
  { term: 'a\\_b', value: 'a_b', match: true, why: '`\\_` is a literal underscore' },
  { term: 'a\\_b', value: 'axb', match: false, why: '`\\_` is not a wildcard' },
  { term: 'a\\\\b', value: 'a\\b', match: true, why: '`\\\\` is a literal backslash' },
  { term: '\\a', value: 'cat', match: true, why: 'an escaped ordinary character is that character' },
  { term: 'abc\\', value: 'xabc%', match: true, why: 'a trailing `\\` escapes the closing `%`: the value must end in `%`' },
  { term: 'abc\\', value: 'xabc%y', match: false, why: 'with the closing `%` escaped, nothing may follow it' },
  { term: 'abc\\', value: 'abc', match: false, why: 'a trailing `\\` does not match a bare term' }
]

for (const { term, value, match, why } of table) {
  t.test(`"${term}" ${match ? 'matches' : 'does not match'} "${value}": ${why}`, async (t) => {
    t.equal(compileLikeSearch(term)(value), match)
  })
}

t.test('a term without wildcards or escapes matches exactly the values that contain it, ignoring case', async () => {
  const plain = fc.string({ unit: fc.constantFrom('a', 'B', 'c', '1', '+', ' ', 'é') })
  fc.assert(
    fc.property(plain, plain, (term, value) => {
      return compileLikeSearch(term)(value) === value.toLowerCase().includes(term.toLowerCase())
    }),
    { numRuns: propertyRuns() }
  )
})

t.test('many `%` against a long value answer at once (no exponential backtracking)', async (t) => {
  const started = performance.now()
  t.equal(compileLikeSearch('a%a%a%a%a%a%a%a%a%a%a%a%b')('a'.repeat(5000)), false)
  t.ok(performance.now() - started < 3000, 'took seconds at most')
})
