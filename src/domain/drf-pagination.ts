// DRF's `PageNumberPagination` as the platform's `ExtendedPageNumberPagination` configures it: page size, page number and links.
//
// Unlike the listing's hand-rolled SQL paging, DRF reads `limit` with `int()` and falls back to 10 for
// anything it cannot use, pages through Django's `Paginator` (a page past the end, or one that is not a
// whole number, is "Invalid page."), and builds its links with `replace_query_param`, which re-encodes
// the query string with its keys sorted.
import { encodeFormComponent } from './form-encode.js'
import { parsePythonInt } from './python-int.js'
import { decodeFormComponent } from './query.js'

export const DRF_PAGE_SIZE = 10

/** DRF's `NotFound` message for a page Django's paginator refuses. */
export const INVALID_PAGE = 'Invalid page.'

export interface DrfPage {
  /** 1-based page number. */
  page: number
  size: number
  offset: number
  totalPages: number
  hasNext: boolean
  hasPrevious: boolean
}

/** `_positive_int(limit, strict=True)`, else the default page size. */
export function drfPageSize (rawLimit: string | undefined): number {
  if (rawLimit === undefined) return DRF_PAGE_SIZE
  const value = parsePythonInt(rawLimit)
  return value === null || value <= 0 || !Number.isSafeInteger(value) ? DRF_PAGE_SIZE : value
}

/** Django's `Paginator.page(number)` over `count` items; a string when it raises (DRF's "Invalid page."). */
export function drfPage (count: number, rawPage: string | undefined, size: number): DrfPage | string {
  const totalPages = count === 0 ? 1 : Math.ceil(count / size)
  const page = rawPage === undefined ? 1 : parsePythonInt(rawPage)
  if (page === null || page < 1 || page > totalPages) return INVALID_PAGE
  return { page, size, offset: (page - 1) * size, totalPages, hasNext: page < totalPages, hasPrevious: page > 1 }
}

/** `parse_qs(query, keep_blank_values=True)`: each key with all its values, keys in first-seen order. */
function parseQs (rawQuery: string): Map<string, string[]> {
  const pairs = new Map<string, string[]>()
  for (const field of rawQuery.split('&')) {
    if (field === '') continue
    const equals = field.indexOf('=')
    const key = decodeFormComponent(equals === -1 ? field : field.slice(0, equals))
    const value = equals === -1 ? '' : decodeFormComponent(field.slice(equals + 1))
    const values = pairs.get(key)
    if (values === undefined) pairs.set(key, [value])
    else values.push(value)
  }
  return pairs
}

/**
 * DRF's `replace_query_param(url, 'page', page)` (or `remove_query_param` when `page` is null): the
 * query parsed, `page` set or dropped, and written again with `urlencode(sorted(...), doseq=True)`.
 */
export function drfPageUrl (base: string, rawQuery: string, page: number | null): string {
  const pairs = parseQs(rawQuery)
  if (page === null) pairs.delete('page')
  else pairs.set('page', [String(page)])
  const keys = [...pairs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const query = keys.flatMap((key) => (pairs.get(key) as string[]).map((value) => `${encodeFormComponent(key)}=${encodeFormComponent(value)}`)).join('&')
  return query === '' ? base : `${base}?${query}`
}

/** `get_next_link` and `get_previous_link`: the previous link of page 2 drops `page` altogether. */
export function drfPageLinks (base: string, rawQuery: string, page: DrfPage): { next: string | null; previous: string | null } {
  return {
    next: page.hasNext ? drfPageUrl(base, rawQuery, page.page + 1) : null,
    previous: page.hasPrevious ? drfPageUrl(base, rawQuery, page.page - 1 === 1 ? null : page.page - 1) : null
  }
}
