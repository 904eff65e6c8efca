// Python int(str) and repr(str): values and messages as CPython 3.11 produces them for `limit` and `page`.
import t from 'tap'
import fc from 'fast-check'
import {
  PYTHON_INT_MAX_STR_DIGITS,
  parsePythonBigInt,
  parsePythonInt,
  pythonIntError,
  pythonRepr
} from '../../src/domain/python-int.js'
import { show } from './show.js'
import { propertyRuns } from '../property-runs.js'

const accepted: Array<[raw: string, value: number, why: string]> = [
  ['5', 5, 'plain digits'],
  ['0', 0, 'zero'],
  ['007', 7, 'leading zeros (base 10 allows them)'],
  ['-0', 0, 'negative zero is 0'],
  ['+5', 5, 'plus sign'],
  ['-5', -5, 'minus sign'],
  [' 5 ', 5, 'surrounding spaces (a decoded `%205`)'],
  ['\t5\n', 5, 'tab and newline'],
  ['\v5\f', 5, 'vertical tab and form feed'],
  ['\r5', 5, 'carriage return'],
  ['\u00855', 5, 'NEL, Unicode whitespace'],
  ['\u00a05', 5, 'no-break space'],
  ['5\u3000', 5, 'ideographic space'],
  ['\u20285', 5, 'line separator'],
  ['1_0', 10, 'underscore between digits'],
  ['1_000_000', 1000000, 'grouped digits'],
  ['0_1', 1, 'underscore after a leading zero'],
  ['-1_0', -10, 'sign then grouped digits'],
  ['\u0663', 3, 'Arabic-Indic digit'],
  ['\uff11\uff12', 12, 'fullwidth digits'],
  ['\u{1d7cf}\u{1d7d8}', 10, 'mathematical digits from two adjacent runs'],
  ['1000000', 1000000, 'no maximum'],
  ['123456789012345', 123456789012345, 'fifteen digits, exact'],
  ['9007199254740993', 9007199254740992, 'past 2**53: nearest double'],
  ['1' + '0'.repeat(30), 1e30, 'thirty-one digits']
]

for (const [raw, value, why] of accepted) {
  t.test(`int(${show(raw)}) is ${value}: ${why}`, async (t) => {
    t.ok(Object.is(parsePythonInt(raw), value))
    t.equal(pythonIntError(raw), null)
  })
}

const rejected: Array<[raw: string, message: string, why: string]> = [
  ['abc', "'abc'", 'letters'],
  ['', "''", 'empty (`?limit=`)'],
  ['  ', "'  '", 'only whitespace'],
  ['+', "'+'", 'only a sign'],
  ['1.5', "'1.5'", 'decimal point'],
  ['1e3', "'1e3'", 'exponent'],
  ['0x10', "'0x10'", 'hex prefix'],
  ['- 5', "'- 5'", 'space after the sign'],
  ['+-5', "'+-5'", 'two signs'],
  ['_1', "'_1'", 'leading underscore'],
  ['1_', "'1_'", 'trailing underscore'],
  ['1__0', "'1__0'", 'double underscore'],
  ['+_1', "'+_1'", 'underscore after the sign'],
  ['1 2', "'1 2'", 'space inside'],
  ['\u001c5', "'\\x1c5'", 'U+001C: str.isspace() yet not skipped by int()'],
  ['5\u0000', "'5\\x00'", 'NUL after the digits'],
  ['\u200b5', "'\\u200b5'", 'zero-width space is not whitespace'],
  ['\u{11f50}', "'\u{11f50}'", 'a digit added after Unicode 14.0'],
  ["a'b", '"a\'b"', 'single quote: repr switches to double quotes'],
  ['a"b', "'a\"b'", 'double quote only'],
  ['a\'"b', "'a\\'\"b'", 'both quotes: single quotes, the inner one escaped'],
  ['a\\b', "'a\\\\b'", 'backslash doubled'],
  ['\t\n\r', "'\\t\\n\\r'", 'named escapes (whitespace only, so still invalid)'],
  ['\u007f\u0001', "'\\x7f\\x01'", 'DEL and a control character'],
  ['\u00e9', "'\u00e9'", 'printable non-ASCII kept'],
  ['\u00a0x', "'\\xa0x'", 'no-break space escaped'],
  ['\u{1f600}', "'\u{1f600}'", 'astral printable kept']
]

for (const [raw, quoted, why] of rejected) {
  t.test(`int(${show(raw)}) raises with ${quoted}: ${why}`, async (t) => {
    t.equal(parsePythonInt(raw), null)
    t.equal(parsePythonBigInt(raw), null)
    t.equal(pythonIntError(raw), `invalid literal for int() with base 10: ${quoted}`)
  })
}

t.test('the quoted value is repr() cut to 200 characters, code points not UTF-16 units', async (t) => {
  const prefix = 'invalid literal for int() with base 10: '
  t.equal(pythonIntError('x'.repeat(300)), prefix + "'" + 'x'.repeat(199))
  t.equal(pythonIntError('x'.repeat(198)), prefix + "'" + 'x'.repeat(198) + "'")
  t.equal(pythonIntError('x'.repeat(199)), prefix + "'" + 'x'.repeat(199))
  t.equal(pythonIntError('\u{1f600}'.repeat(250)), prefix + "'" + '\u{1f600}'.repeat(199))
  t.equal(pythonIntError("'".repeat(250)), prefix + '"' + "'".repeat(199))
})

t.test('more than 4300 digits raise the conversion-limit error, counted before trailing junk', async (t) => {
  const limit = (n: number) =>
    `Exceeds the limit (4300 digits) for integer string conversion: value has ${n} digits; use sys.set_int_max_str_digits() to increase the limit`
  t.equal(PYTHON_INT_MAX_STR_DIGITS, 4300)
  t.equal(pythonIntError('7'.repeat(4300)), null)
  t.equal(parsePythonBigInt('7'.repeat(4300)), BigInt('7'.repeat(4300)))
  t.equal(pythonIntError('7'.repeat(4301)), limit(4301))
  t.equal(pythonIntError('0'.repeat(4301)), limit(4301), 'leading zeros count')
  t.equal(pythonIntError(' -' + '7'.repeat(5000) + ' x'), limit(5000), 'junk after the digits comes later')
  t.equal(pythonIntError('1_'.repeat(4300) + '1'), limit(4301), 'underscores do not count')
  t.equal(pythonIntError('\u0663'.repeat(4301)), limit(4301), 'non-ASCII digits count')
  t.match(pythonIntError('7'.repeat(4301) + '_'), /^invalid literal/, 'a trailing underscore is caught first')
  t.match(pythonIntError('7'.repeat(4301) + '__1'), /^invalid literal/, 'a double underscore is caught first')
  t.match(pythonIntError('_' + '7'.repeat(4301)), /^invalid literal/, 'a leading underscore is caught first')
  t.equal(parsePythonInt('7'.repeat(4301)), null)
})

t.test('parsePythonBigInt is exact where doubles are not', async (t) => {
  t.equal(parsePythonBigInt('9223372036854775807'), 9223372036854775807n)
  t.equal(parsePythonBigInt(' -9_223_372_036_854_775_809 '), -9223372036854775809n)
  t.equal(parsePythonBigInt('\uff10\uff17'), 7n)
  t.equal(parsePythonBigInt('10'), 10n)
})

const reprs: Array<[text: string, repr: string]> = [
  ['abc', "'abc'"],
  ['', "''"],
  [' ', "' '"],
  ["a'b", '"a\'b"'],
  ['a"b', "'a\"b'"],
  ['a\'"b', "'a\\'\"b'"],
  ['a\\b', "'a\\\\b'"],
  ['\t\n\r\u0000\u001f\u007f', "'\\t\\n\\r\\x00\\x1f\\x7f'"],
  ['\u00e9\u00a0\u00ad\u200b\u2028\u3000', "'\u00e9\\xa0\\xad\\u200b\\u2028\\u3000'"],
  ['\u{1f600}\u{e0001}\u0378', "'\u{1f600}\\U000e0001\\u0378'"],
  ['\ud800x', "'\\ud800x'"],
  ['\ue000', "'\\ue000'"]
]

for (const [text, repr] of reprs) {
  t.test(`repr(${show(text)}) is ${repr}`, async (t) => {
    t.equal(pythonRepr(text), repr)
  })
}

t.test('any safe integer written in Python syntax parses back to itself', async (t) => {
  const spaces = fc.constantFrom('', ' ', '\t', '\n', '\u00a0', '\u3000')
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.maxSafeInteger(), spaces, spaces, fc.boolean(), (n, lead, trail, plus) => {
        const text = (n >= 0 && plus ? '+' : '') + String(n)
        return Object.is(parsePythonInt(lead + text + trail), n === 0 ? 0 : n)
      }),
      { numRuns: propertyRuns() }
    )
  )
})

t.test('parsePythonInt and parsePythonBigInt agree on every input', async (t) => {
  const text = fc.string({ unit: fc.constantFrom('0', '1', '9', '_', '-', '+', ' ', 'a', '\u0663'), maxLength: 12 })
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(text, (raw) => {
        const n = parsePythonInt(raw)
        const b = parsePythonBigInt(raw)
        return n === null ? b === null && pythonIntError(raw) !== null : b !== null && Number(b) === n
      }),
      { numRuns: propertyRuns() }
    )
  )
})
