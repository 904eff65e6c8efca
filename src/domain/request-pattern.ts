// WireMock's request patterns, the subset a journal search needs, compiled into a predicate over recorded requests.
//
// https://wiremock.org/docs/request-matching/ : `method` (or `ANY`), one of `url` (path and query, exact),
// `urlPath` (path, exact), `urlPattern` and `urlPathPattern` (whole-string regular expressions), and
// `headers` / `queryParameters` whose values use `equalTo` (with `caseInsensitive`), `contains`, `matches`,
// `doesNotMatch` or `absent`. Anything else is refused by name rather than silently matching nothing.
import { decodeFormComponent } from './query.js'

/** What a pattern is matched against. */
export interface RecordedRequest {
  method: string
  /** Path and query string as sent. */
  url: string
  path: string
  /** Raw query string, without `?`. */
  query: string
  headers: ReadonlyArray<readonly [string, string]>
}

/** A pattern that uses something this journal does not offer (`unsupported`) or that is malformed (`invalid`). */
export class PatternError extends Error {
  readonly kind: 'unsupported' | 'invalid'
  constructor (kind: 'unsupported' | 'invalid', message: string) {
    super(message)
    this.name = 'PatternError'
    this.kind = kind
  }
}

const URL_KEYS = ['url', 'urlPath', 'urlPattern', 'urlPathPattern'] as const
const TOP_KEYS = new Set<string>(['method', ...URL_KEYS, 'headers', 'queryParameters'])
const OPERATORS = ['equalTo', 'contains', 'matches', 'doesNotMatch', 'absent'] as const

type Test = (values: readonly string[]) => boolean

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Java's `String.matches`: the whole value, not a part of it. */
function wholeMatch (source: string, where: string): RegExp {
  try {
    return new RegExp(`^(?:${source})$`, 'su')
  } catch (error) {
    throw new PatternError('invalid', `${where}: not a regular expression: ${(error as Error).message}`)
  }
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
  return Object.entries(spec).map(([name, value]) => [name, valueTest(value, `${where}.${name}`)])
}

/** A query string's values per (decoded) name, every value of a repeated name kept. */
export function queryValues (query: string): Map<string, string[]> {
  const values = new Map<string, string[]>()
  for (const field of query.split('&')) {
    if (field === '') continue
    const equals = field.indexOf('=')
    const name = decodeFormComponent(equals === -1 ? field : field.slice(0, equals))
    const value = decodeFormComponent(equals === -1 ? '' : field.slice(equals + 1))
    const list = values.get(name)
    if (list === undefined) values.set(name, [value])
    else list.push(value)
  }
  return values
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
  const headerTests = namedTests(pattern.headers, 'headers')
  const queryTests = namedTests(pattern.queryParameters, 'queryParameters')

  return (request) => {
    if (method !== 'ANY' && request.method !== method) return false
    if (!urlTest(request)) return false
    for (const [name, test] of headerTests) {
      const lower = name.toLowerCase()
      const values = request.headers.filter(([header]) => header.toLowerCase() === lower).map(([, value]) => value)
      if (!test(values)) return false
    }
    if (queryTests.length > 0) {
      const query = queryValues(request.query)
      for (const [name, test] of queryTests) if (!test(query.get(name) ?? [])) return false
    }
    return true
  }
}
