// Query strings read as Django's QueryDict reads them: `&` pairs, form decoding, first-seen keys with last values.
import t from 'tap'
import fc from 'fast-check'
import { decodeFormComponent, parseQuery, stripPython } from '../../src/domain/query.js'
import { encodeFormPair } from '../../src/domain/form-encode.js'
import { show } from './show.js'
import { propertyRuns } from '../property-runs.js'

const queries: Array<[raw: string, entries: Array<[string, string]>, why: string]> = [
  ['', [], 'no query'],
  ['page=2', [['page', '2']], 'one pair'],
  ['limit=5&page=2&search=a+b', [['limit', '5'], ['page', '2'], ['search', 'a b']], '`+` is a space'],
  ['search=%2B1415', [['search', '+1415']], '`%2B` is a plus'],
  ['search=+1415', [['search', ' 1415']], 'a raw plus is a space'],
  ['search=a%20b', [['search', 'a b']], '`%20` is a space'],
  [
    'search=%2B1415&search=last&foo=bar',
    [['search', 'last'], ['foo', 'bar']],
    'a repeated key keeps its first position and its last value'
  ],
  ['a=1&b=2&a=3&c=4&b=5', [['a', '3'], ['b', '5'], ['c', '4']], 'order is first-seen, values are last'],
  ['flag', [['flag', '']], 'a key without `=` has an empty value'],
  ['flag=', [['flag', '']], 'a key with `=` and nothing after it'],
  ['=x', [['', 'x']], 'an empty key'],
  ['=', [['', '']], 'a lone `=`'],
  ['a=1&&b=2&', [['a', '1'], ['b', '2']], 'blank fields are skipped'],
  ['&&&', [], 'only separators'],
  ['a=1;b=2', [['a', '1;b=2']], '`;` is not a separator'],
  ['a=b=c', [['a', 'b=c']], 'split at the first `=`'],
  ['a=%', [['a', '%']], 'a lone percent stays'],
  ['a=%4', [['a', '%4']], 'a short escape stays'],
  ['a=%G1', [['a', '%G1']], 'a non-hex escape stays'],
  ['a=%25', [['a', '%']], '`%25` is a percent'],
  ['a=%c3%a9', [['a', '\u00e9']], 'lowercase hex, UTF-8'],
  ['a=%C3', [['a', '\ufffd']], 'a truncated sequence is one replacement character'],
  ['a=%C3%28', [['a', '\ufffd(']], 'an invalid continuation'],
  ['a=%ED%A0%80', [['a', '\ufffd\ufffd\ufffd']], 'an encoded surrogate'],
  ['a=%F0%80%80%80', [['a', '\ufffd\ufffd\ufffd\ufffd']], 'an overlong sequence'],
  ['a=%EF%BB%BFx', [['a', '\ufeffx']], 'a byte order mark is kept'],
  ['a=%26&b=%3D', [['a', '&'], ['b', '=']], 'encoded separators are data'],
  ['pa%67e=3', [['page', '3']], 'keys are decoded too'],
  ['a+b=1&a%20b=2', [['a b', '2']], 'keys decode to the same name'],
  ['a=\u00e9', [['a', '\u00e9']], 'non-ASCII text is kept'],
  ['a=%C3\u00e9%A9', [['a', '\ufffd\u00e9\ufffd']], 'escapes on either side of a character are decoded apart']
]

for (const [raw, entries, why] of queries) {
  t.test(`${show(raw)}: ${why}`, async (t) => {
    t.same([...parseQuery(raw).params], entries)
  })
}

t.test('get returns the last value sent, or undefined', async (t) => {
  const query = parseQuery('search=first&status=&search=last')
  t.equal(query.get('search'), 'last')
  t.equal(query.get('status'), '')
  t.equal(query.get('page'), undefined)
})

t.test('fieldCount counts `&`-separated fields as Django does before parsing', async (t) => {
  t.equal(parseQuery('').fieldCount, 0)
  t.equal(parseQuery('a=1').fieldCount, 1)
  t.equal(parseQuery('a=1&&b').fieldCount, 3)
  t.equal(parseQuery('&').fieldCount, 2)
})

const strips: Array<[text: string, stripped: string]> = [
  ['  a b  ', 'a b'],
  ['\t\n\v\f\r a', 'a'],
  ['\u001c\u001d\u001e\u001fa\u0085', 'a'],
  ['\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000a', 'a'],
  ['\ufeffa\ufeff', '\ufeffa\ufeff'],
  ['\u200ba', '\u200ba'],
  ['   ', ''],
  ['', '']
]

for (const [text, stripped] of strips) {
  t.test(`strip(${show(text)}) is ${show(stripped)}`, async (t) => {
    t.equal(stripPython(text), stripped)
  })
}

t.test('a query written by urlencode parses back to the same keys and values', async (t) => {
  const text = fc.string({ unit: 'binary', maxLength: 12 })
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(text, text), { selector: ([key]) => key, maxLength: 6 }), (pairs) => {
        const raw = pairs.map(([key, value]) => encodeFormPair(key, value)).join('&')
        const parsed = [...parseQuery(raw).params]
        // An empty key with an empty value is written as `=`, which parse_qsl keeps.
        return JSON.stringify(parsed) === JSON.stringify(pairs)
      }),
      { numRuns: propertyRuns() }
    )
  )
})

t.test('decoding never throws and leaves text without `+` or `%` untouched', async (t) => {
  const unit = fc.constantFrom('%', '+', 'a', '2', 'B', 'f', 'G', '\u00e9', '\ud800', '\u{1f600}', '%C3', '%A9', '%FF')
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 16 }), (text) => {
        const decoded = decodeFormComponent(text)
        return text.includes('%') || text.includes('+') || decoded === text
      }),
      { numRuns: propertyRuns() }
    )
  )
})
