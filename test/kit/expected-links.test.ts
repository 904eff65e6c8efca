// The links the kit expects are the platform's, string for string (contract §3's replica table), and quote_plus is Python's.
import fc from 'fast-check'
import t from 'tap'
import { encodeQuery, expectedLinks, quotePlus, type QueryPairs } from '../../src/kit/expected-links.js'
import { propertyRuns } from '../property-runs.js'

const B = 'http://api.example.test/simulate/run-tests/1f429671-d3bd-4c0f-9cca-36f6d47edfbc/call-executions/'

/** Contract §3: 23 rows, Host api.example.test; the requests and the links the replica wrote. */
const REPLICA: Array<[QueryPairs, string | null, string | null]> = [
  [[], `${B}?page=2`, null],
  [[['page', '2']], `${B}?page=3`, `${B}?`],
  [[['page', '3']], null, `${B}?page=2`],
  [[['limit', '5'], ['page', '2'], ['search', 'a b']], `${B}?limit=5&page=3&search=a+b`, `${B}?limit=5&search=a+b`],
  [[['search', '+1415'], ['search', 'last'], ['foo', 'bar']], `${B}?search=last&foo=bar&page=2`, null],
  [[['page', '9']], null, `${B}?page=8`],
  [[['limit', '0']], `${B}?limit=0&page=2`, null]
]

t.test('next and previous are the strings the platform replica wrote', async (t) => {
  for (const [pairs, next, previous] of REPLICA) {
    t.same(expectedLinks({ base: B, pairs, count: 23 }), { next, previous, page: Number(new Map(pairs).get('page') ?? 1), limit: Number(new Map(pairs).get('limit') ?? 10) }, encodeQuery(pairs))
  }
})

t.test('an empty run has no next link, whatever the page', async (t) => {
  t.equal(expectedLinks({ base: B, pairs: [], count: 0 }).next, null)
  t.equal(expectedLinks({ base: B, pairs: [['page', '2']], count: 0 }).previous, `${B}?`)
})

t.test('quote_plus keeps A-Z a-z 0-9 _ . - ~, writes a space as +, and escapes the rest as UTF-8', async (t) => {
  const cases: Array<[string, string]> = [
    ['a b', 'a+b'],
    ['+1415', '%2B1415'],
    ['a/b', 'a%2Fb'],
    ["!'()*", '%21%27%28%29%2A'],
    ['~_.-', '~_.-'],
    ['é', '%C3%A9'],
    ['😀', '%F0%9F%98%80']
  ]
  for (const [text, quoted] of cases) t.equal(quotePlus(text), quoted, JSON.stringify(text))
})

t.test('quote_plus is undone by form decoding, for any text', async () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) =>
    decodeURIComponent(quotePlus(text).replaceAll('+', ' ')) === text && /^[A-Za-z0-9_.\-~+%]*$/.test(quotePlus(text))), { numRuns: propertyRuns() })
})
