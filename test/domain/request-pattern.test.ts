// WireMock request patterns: each supported matcher, table-driven, and a named refusal of every other.
import t from 'tap'
import { MAX_MATCHERS, MAX_REGEX_LENGTH, PatternError, compileRequestPattern, headerIndex, queryValues, type RecordedRequest } from '../../src/domain/request-pattern.js'

const request: RecordedRequest = {
  method: 'GET',
  url: '/simulate/run-tests/abc/call-executions/?limit=5&search=a+b&search=c',
  path: '/simulate/run-tests/abc/call-executions/',
  query: 'limit=5&search=a+b&search=c',
  headers: [['Host', 'localhost'], ['X-Api-Key', '<redacted>'], ['Accept', 'application/json'], ['X-Trace', 'one'], ['x-trace', 'two']]
}

const cases: Array<[string, unknown, boolean]> = [
  ['no pattern', undefined, true],
  ['an empty pattern', {}, true],
  ['method', { method: 'GET' }, true],
  ['another method', { method: 'POST' }, false],
  ['ANY', { method: 'ANY' }, true],
  ['url, exactly', { url: request.url }, true],
  ['url without its query', { url: request.path }, false],
  ['urlPath', { urlPath: request.path }, true],
  ['urlPath with the query', { urlPath: request.url }, false],
  ['urlPattern over the whole url', { urlPattern: '/simulate/.*limit=5.*' }, true],
  ['urlPattern matching only a part', { urlPattern: 'simulate' }, false],
  ['urlPathPattern', { urlPathPattern: '/simulate/run-tests/[a-z]+/call-executions/' }, true],
  ['urlPathPattern against the query', { urlPathPattern: '.*limit=5.*' }, false],
  ['header equalTo, name in any case', { headers: { accept: { equalTo: 'application/json' } } }, true],
  ['header equalTo, value case', { headers: { Accept: { equalTo: 'APPLICATION/JSON' } } }, false],
  ['header equalTo caseInsensitive', { headers: { Accept: { equalTo: 'APPLICATION/JSON', caseInsensitive: true } } }, true],
  ['header contains', { headers: { Accept: { contains: 'json' } } }, true],
  ['header matches', { headers: { Host: { matches: 'local.*' } } }, true],
  ['header matches only a part', { headers: { Host: { matches: 'local' } } }, false],
  ['header doesNotMatch', { headers: { Host: { doesNotMatch: 'remote.*' } } }, true],
  ['header doesNotMatch an absent header', { headers: { 'X-Nope': { doesNotMatch: '.*' } } }, false],
  ['header absent true', { headers: { Authorization: { absent: true } } }, true],
  ['header absent false', { headers: { Authorization: { absent: false } } }, false],
  ['a repeated header, any value', { headers: { 'X-Trace': { equalTo: 'two' } } }, true],
  ['a redacted credential', { headers: { 'X-Api-Key': { equalTo: '<redacted>' } } }, true],
  ['query equalTo', { queryParameters: { limit: { equalTo: '5' } } }, true],
  ['query equalTo, decoded', { queryParameters: { search: { equalTo: 'a b' } } }, true],
  ['query, the other value of a repeated name', { queryParameters: { search: { equalTo: 'c' } } }, true],
  ['query absent', { queryParameters: { page: { absent: true } } }, true],
  ['query mismatch', { queryParameters: { limit: { equalTo: '10' } } }, false],
  ['everything together', { method: 'GET', urlPath: request.path, headers: { Host: { equalTo: 'localhost' } }, queryParameters: { limit: { matches: '\\d+' } } }, true]
]

for (const [name, pattern, expected] of cases) {
  t.test(`${name} ${expected ? 'matches' : 'does not match'}`, async (t) => {
    t.equal(compileRequestPattern(pattern)(request), expected)
  })
}

const refused: Array<[string, unknown, 'unsupported' | 'invalid', RegExp]> = [
  ['bodyPatterns', { bodyPatterns: [{ equalToJson: '{}' }] }, 'unsupported', /^bodyPatterns: not supported/],
  ['cookies', { cookies: {} }, 'unsupported', /^cookies: not supported/],
  ['an unknown header matcher', { headers: { Accept: { hasExactly: [] } } }, 'unsupported', /^headers\.Accept\.hasExactly: this matcher is not supported/],
  ['equalToJson on a query parameter', { queryParameters: { q: { equalToJson: '{}' } } }, 'unsupported', /^queryParameters\.q\.equalToJson/],
  ['caseInsensitive with contains', { headers: { A: { contains: 'x', caseInsensitive: true } } }, 'unsupported', /caseInsensitive: only supported with equalTo/],
  ['two url keys', { url: '/a', urlPath: '/a' }, 'invalid', /use one of url, urlPath/],
  ['two operators', { headers: { A: { equalTo: 'x', contains: 'y' } } }, 'invalid', /exactly one of/],
  ['a bad regular expression', { urlPattern: '(' }, 'invalid', /^urlPattern: not a regular expression/],
  ['absent that is not a boolean', { headers: { A: { absent: 'yes' } } }, 'invalid', /absent: expected true or false/],
  ['a pattern that is not an object', ['GET'], 'invalid', /must be a JSON object/],
  ['a backreference (RE2 has none)', { urlPattern: '(a)\\1' }, 'invalid', /^urlPattern: not a regular expression RE2 accepts/],
  ['a lookahead (RE2 has none)', { headers: { A: { matches: '(?=a)a' } } }, 'invalid', /^headers\.A\.matches: not a regular expression RE2 accepts/],
  ['a possessive quantifier (RE2 has none)', { urlPathPattern: 'a*+' }, 'invalid', /^urlPathPattern: not a regular expression RE2 accepts/],
  ['an expression longer than the bound', { urlPattern: 'a'.repeat(MAX_REGEX_LENGTH + 1) }, 'invalid', new RegExp(`^urlPattern: a regular expression of at most ${MAX_REGEX_LENGTH} characters`)],
  ['more header matchers than the bound', { headers: Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`X-${i}`, { absent: true }])) }, 'invalid', new RegExp(`^headers: at most ${MAX_MATCHERS} matchers in one pattern \\(this names 30000\\)`)],
  ['more matchers than the bound in all', {
    urlPath: '/',
    headers: Object.fromEntries(Array.from({ length: MAX_MATCHERS / 2 }, (_, i) => [`X-${i}`, { absent: true }])),
    queryParameters: Object.fromEntries(Array.from({ length: MAX_MATCHERS / 2 }, (_, i) => [`q${i}`, { absent: true }]))
  }, 'invalid', new RegExp(`^at most ${MAX_MATCHERS} matchers in one pattern \\(this has ${MAX_MATCHERS + 1}\\)`)]
]

for (const [name, pattern, kind, message] of refused) {
  t.test(`refuses ${name}, naming it`, async (t) => {
    try {
      compileRequestPattern(pattern)
      t.fail('the pattern compiled')
    } catch (error) {
      t.type(error, PatternError)
      t.equal((error as PatternError).kind, kind)
      t.match((error as PatternError).message, message)
    }
  })
}

t.test('queryValues keeps every value of a repeated name, decoded as a form', async (t) => {
  t.same([...queryValues('a=1&b=x+y&a=2&c&=v&&d=%2B')], [['a', ['1', '2']], ['b', ['x y']], ['c', ['']], ['', ['v']], ['d', ['+']]])
})

t.test('a nested quantifier runs in linear time (RE2), not by backtracking', async (t) => {
  // With a backtracking engine, 40 a's and a mismatch take longer than the test's timeout.
  const test = compileRequestPattern({ headers: { 'X-N': { matches: '(a+)+' } }, urlPattern: '.*q.*q.*q.*z' })
  const hostile: RecordedRequest = { ...request, url: `/x?${'q'.repeat(15_000)}`, headers: [['X-N', `${'a'.repeat(40)}!`]] }
  t.equal(test(hostile), false)
  t.equal(compileRequestPattern({ headers: { 'X-N': { matches: '(a+)+' } } })({ ...request, headers: [['x-n', 'a'.repeat(40)]] }), true)
})

t.test('RE2 reads what WireMock users write: classes, flags, quoting, named groups', async (t) => {
  const value = (matches: string, header: string): boolean => compileRequestPattern({ headers: { A: { matches } } })({ ...request, headers: [['A', header]] })
  t.equal(value('\\d{3}-[a-f]+', '123-abc'), true)
  t.equal(value('(?i)bearer .*', 'Bearer x'), true)
  t.equal(value('\\Qa.b\\E', 'a.b'), true)
  t.equal(value('\\Qa.b\\E', 'axb'), false)
  t.equal(value('(?P<v>v\\d+)\\.\\d+', 'v1.2'), true)
  t.equal(value('\\p{L}+', 'Grüße'), true)
})

t.test('headerIndex gathers every value of a name in any case, in order', async (t) => {
  t.same([...headerIndex([['A', '1'], ['b', '2'], ['a', '3']])], [['a', ['1', '3']], ['b', ['2']]])
})
