// quote_plus encoding: what stays, what becomes `+`, what is escaped, and that decoding undoes it.
import t from 'tap'
import fc from 'fast-check'
import { encodeFormComponent, encodeFormPair } from '../../src/domain/form-encode.js'
import { decodeFormComponent } from '../../src/domain/query.js'
import { show } from './show.js'
import { propertyRuns } from '../property-runs.js'

const encodings: Array<[text: string, encoded: string, why: string]> = [
  ['', '', 'empty'],
  ['abcXYZ019_.-~', 'abcXYZ019_.-~', 'the safe set is unchanged'],
  ['a b', 'a+b', 'space is a plus'],
  ['+1415', '%2B1415', 'plus is escaped'],
  ['a/b', 'a%2Fb', 'slash is escaped'],
  ['a&b=c', 'a%26b%3Dc', 'separators are escaped'],
  ["!*'()", '%21%2A%27%28%29', 'characters encodeURIComponent leaves alone are escaped'],
  ['%', '%25', 'percent'],
  ['\u0000\u001f\u007f', '%00%1F%7F', 'controls, uppercase hex'],
  ['\u00e9', '%C3%A9', 'two UTF-8 bytes'],
  ['\u20ac', '%E2%82%AC', 'three UTF-8 bytes'],
  ['\u{1f600}', '%F0%9F%98%80', 'four UTF-8 bytes'],
  ['\ud800', '%EF%BF%BD', 'a lone surrogate as U+FFFD'],
  ['\ud800a\udc00', '%EF%BF%BDa%EF%BF%BD', 'unpaired high and low surrogates'],
  ['  ', '++', 'every space']
]

for (const [text, encoded, why] of encodings) {
  t.test(`quote_plus(${show(text)}) is ${encoded}: ${why}`, async (t) => {
    t.equal(encodeFormComponent(text), encoded)
  })
}

t.test('a pair is both sides encoded around `=`', async (t) => {
  t.equal(encodeFormPair('a b', '+1'), 'a+b=%2B1')
  t.equal(encodeFormPair('', ''), '=')
})

t.test('decoding an encoded string gives the string back', async (t) => {
  const text = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: fc.constantFrom(' ', '+', '%', '%2B', '&', '=', '~', '\u00e9', '\u{1f600}') })
  )
  t.doesNotThrow(() => fc.assert(fc.property(text, (s) => decodeFormComponent(encodeFormComponent(s)) === s), { numRuns: propertyRuns() }))
})

t.test('the encoded form only holds the safe set, `+` and `%XX`', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => /^(?:[A-Za-z0-9_.~+-]|%[0-9A-F]{2})*$/.test(encodeFormComponent(s))),
      { numRuns: propertyRuns() }
    )
  )
})
