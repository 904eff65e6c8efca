// WireMock's request patterns, the subset a journal search needs, compiled into a predicate over recorded requests.
//
// https://wiremock.org/docs/request-matching/ : `method` (or `ANY`), one of `url` (path and query, exact),
// `urlPath` (path, exact), `urlPattern` and `urlPathPattern` (whole-string regular expressions), and
// `headers` / `queryParameters` whose values use `equalTo` (with `caseInsensitive`), `contains`, `matches`,
// `doesNotMatch` or `absent`. Anything else is refused by name rather than silently matching nothing.
//
// A pattern comes from a client, so its work is bounded: its regular expressions run on RE2 (linear in
// the text, whatever the expression), each at most MAX_REGEX_LENGTH characters, and it holds at most
// MAX_MATCHERS matchers. A request's headers are looked up by name in an index built once per request.
import { RE2JS } from 're2js'
import { PatternError, queryValues, type RecordedRequest } from './recorded-request.js'

export { PatternError, queryValues, type RecordedRequest } from './recorded-request.js'

/** Characters of one regular expression (`matches`, `doesNotMatch`, `urlPattern`, `urlPathPattern`). */
export const MAX_REGEX_LENGTH = 1000

/** Matchers of one pattern: its URL matcher, and each header and query parameter it names. */
export const MAX_MATCHERS = 100

const URL_KEYS = ['url', 'urlPath', 'urlPattern', 'urlPathPattern'] as const
const TOP_KEYS = new Set<string>(['method', ...URL_KEYS, 'headers', 'queryParameters'])
const OPERATORS = ['equalTo', 'contains', 'matches', 'doesNotMatch', 'absent'] as const

type Test = (values: readonly string[]) => boolean

const NO_VALUES: readonly string[] = []

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A compiled expression: whether it matches the whole of a value. */
export interface WholeMatch {
  test (value: string): boolean
}

/**
 * Java's `String.matches` (the whole value, not a part of it), on RE2: backreferences, lookaround,
 * possessive quantifiers and atomic groups are refused as not regular expressions, since no linear-time
 * engine offers them. `.` matches every character, a line break included (values hold none).
 */
export function wholeMatch (source: string, where: string): WholeMatch {
  if (source.length > MAX_REGEX_LENGTH) {
    throw new PatternError('invalid', `${where}: a regular expression of at most ${MAX_REGEX_LENGTH} characters (this one has ${source.length})`)
  }
  let regex: RE2JS
  try {
    regex = RE2JS.compile(source, RE2JS.DOTALL)
  } catch (error) {
    throw new PatternError('invalid', `${where}: not a regular expression RE2 accepts (no backreferences, lookaround or possessive quantifiers): ${(error as Error).message}`)
  }
  return { test: (value) => regex.testExact(value) }
}

function text (value: unknown, where: string): string {
  if (typeof value !== 'string') throw new PatternError('invalid', `${where}: expected a string`)
  return value
}

/** One header's or query parameter's value pattern, tested against every value it has (none when absent). */
function valueTest (spec: unknown, where: string): Test {
  if (!isObject(spec)) throw new PatternError('invalid', `${where}: expected an object such as {"equalTo": "…"}`)
  const unknown = Object.keys(spec).filter((key) => key !== 'caseInsensitive' && !(OPERATORS as readonly string[]).includes(key))
  if (unknown.length > 0) throw new PatternError('unsupported', `${where}.${unknown[0] as string}: this matcher is not supported (supported: ${OPERATORS.join(', ')}, caseInsensitive)`)
  const used = OPERATORS.filter((operator) => operator in spec)
  if (used.length !== 1) throw new PatternError('invalid', `${where}: expected exactly one of ${OPERATORS.join(', ')}`)
  const operator = used[0] as (typeof OPERATORS)[number]
  const caseInsensitive = spec.caseInsensitive === true
  if (spec.caseInsensitive !== undefined && operator !== 'equalTo') {
    throw new PatternError('unsupported', `${where}.caseInsensitive: only supported with equalTo`)
  }
  switch (operator) {
    case 'equalTo': {
      const expected = text(spec.equalTo, `${where}.equalTo`)
      return caseInsensitive
        ? (values) => values.some((value) => value.toLowerCase() === expected.toLowerCase())
        : (values) => values.includes(expected)
    }
    case 'contains': {
      const part = text(spec.contains, `${where}.contains`)
      return (values) => values.some((value) => value.includes(part))
    }
    case 'matches': {
      const pattern = wholeMatch(text(spec.matches, `${where}.matches`), `${where}.matches`)
      return (values) => values.some((value) => pattern.test(value))
    }
    case 'doesNotMatch': {
      const pattern = wholeMatch(text(spec.doesNotMatch, `${where}.doesNotMatch`), `${where}.doesNotMatch`)
      return (values) => values.length > 0 && values.every((value) => !pattern.test(value))
    }
    case 'absent': {
      if (typeof spec.absent !== 'boolean') throw new PatternError('invalid', `${where}.absent: expected true or false`)
      const absent = spec.absent
      return (values) => (values.length === 0) === absent
    }
  }
}

function namedTests (spec: unknown, where: string): Array<[string, Test]> {
  if (spec === undefined) return []
  if (!isObject(spec)) throw new PatternError('invalid', `${where}: expected an object keyed by name`)
  const names = Object.keys(spec).length
  if (names > MAX_MATCHERS) throw new PatternError('invalid', `${where}: at most ${MAX_MATCHERS} matchers in one pattern (this names ${names})`)
  return Object.entries(spec).map(([name, value]) => [name, valueTest(value, `${where}.${name}`)])
}

/** A request's header values by lower-case name, built in one pass over its headers. */
export function headerIndex (headers: ReadonlyArray<readonly [string, string]>): Map<string, string[]> {
  const index = new Map<string, string[]>()
  for (const [name, value] of headers) {
    const key = name.toLowerCase()
    const list = index.get(key)
    if (list === undefined) index.set(key, [value])
    else list.push(value)
  }
  return index
}

/** Compiles a WireMock request pattern; throws `PatternError` naming what it cannot use. */
export function compileRequestPattern (pattern: unknown): (request: RecordedRequest) => boolean {
  if (pattern === undefined || pattern === null) return () => true
  if (!isObject(pattern)) throw new PatternError('invalid', 'the request pattern must be a JSON object')
  const unknown = Object.keys(pattern).find((key) => !TOP_KEYS.has(key))
  if (unknown !== undefined) {
    throw new PatternError('unsupported', `${unknown}: not supported by this journal (supported: ${[...TOP_KEYS].join(', ')})`)
  }
  const urlKeys = URL_KEYS.filter((key) => key in pattern)
  if (urlKeys.length > 1) throw new PatternError('invalid', `use one of ${urlKeys.join(', ')}, not several`)

  const method = pattern.method === undefined ? 'ANY' : text(pattern.method, 'method')
  const urlTest = ((): ((request: RecordedRequest) => boolean) => {
    const [key] = urlKeys
    if (key === undefined) return () => true
    const value = text(pattern[key], key)
    switch (key) {
      case 'url': return (request) => request.url === value
      case 'urlPath': return (request) => request.path === value
      case 'urlPattern': {
        const regex = wholeMatch(value, key)
        return (request) => regex.test(request.url)
      }
      case 'urlPathPattern': {
        const regex = wholeMatch(value, key)
        return (request) => regex.test(request.path)
      }
    }
  })()
  const headerTests = namedTests(pattern.headers, 'headers').map(([name, test]) => [name.toLowerCase(), test] as const)
  const queryTests = namedTests(pattern.queryParameters, 'queryParameters')
  const matchers = urlKeys.length + headerTests.length + queryTests.length
  if (matchers > MAX_MATCHERS) throw new PatternError('invalid', `at most ${MAX_MATCHERS} matchers in one pattern (this has ${matchers})`)

  return (request) => {
    if (method !== 'ANY' && request.method !== method) return false
    if (!urlTest(request)) return false
    if (headerTests.length > 0) {
      const headers = headerIndex(request.headers)
      for (const [name, test] of headerTests) if (!test(headers.get(name) ?? NO_VALUES)) return false
    }
    if (queryTests.length > 0) {
      const query = queryValues(request.query)
      for (const [name, test] of queryTests) if (!test(query.get(name) ?? [])) return false
    }
    return true
  }
}
