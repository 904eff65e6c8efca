// What a journal search matches and how it can be refused, apart from the patterns' compiler
// (request-pattern.ts), which only the search worker loads: the server itself never loads RE2.
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
