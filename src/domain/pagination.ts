// Page arithmetic of the call-executions list: reading `limit`/`page`, the errors they cause, and the envelope numbers.
//
// The platform hand-rolls pagination (run_test.py:1862-1864, :1986-1991; contract §2, §3, §10 items 9, 12, 13):
//   page_size = int(query_params.get("limit", 10))    # parsed first: its ValueError wins over page's
//   page_number = int(query_params.get("page", 1))
//   offset = (page_number - 1) * page_size
// then runs `... ORDER BY timestamp DESC LIMIT %s OFFSET %s` before the COUNT query, so a bad value fails
// whatever the row count is. Any exception becomes a 500 whose detail is
// "Failed to retrieve call executions: " followed by the exception text, which resolvePaging returns.

import { parsePythonBigInt, parsePythonInt, pythonIntError } from './python-int.js'

export const DEFAULT_LIMIT = 10
export const DEFAULT_PAGE = 1

/**
 * PostgreSQL's messages for the page query. The executor evaluates OFFSET before LIMIT when the Limit
 * node starts (nodeLimit.c, recompute_limits), so when both are negative OFFSET is reported.
 */
export const LIMIT_NEGATIVE = 'LIMIT must not be negative'
export const OFFSET_NEGATIVE = 'OFFSET must not be negative'
/**
 * A LIMIT or OFFSET outside bigint: psycopg writes such a Python int as a numeric literal and the
 * planner's cast to bigint fails before execution, so this wins over the two messages above. The
 * contract is silent here; this is PostgreSQL's message for that cast, and it keeps non-finite or
 * imprecise numbers from reaching the store.
 */
export const BIGINT_OUT_OF_RANGE = 'bigint out of range'

const INT8_MIN = -(2n ** 63n)
const INT8_MAX = 2n ** 63n - 1n

/** Validated paging values: `offset = (page - 1) * limit`, all integers, limit and offset >= 0. */
export interface Paging {
  readonly limit: number
  readonly page: number
  readonly offset: number
}

/** The numbers of the response envelope for one page. */
export interface PageWindow {
  readonly offset: number
  readonly totalPages: number
  readonly hasNext: boolean
  readonly hasPrevious: boolean
}

/**
 * Reads raw `limit` and `page` (undefined when absent; `?limit=` is "" and fails like int('')).
 * Returns the paging values, or the text of the exception the platform reports in its 500.
 */
export function resolvePaging (rawLimit: string | undefined, rawPage: string | undefined): Paging | string {
  const limit = rawLimit === undefined ? DEFAULT_LIMIT : parsePythonInt(rawLimit)
  if (limit === null) return pythonIntError(rawLimit as string) as string
  const page = rawPage === undefined ? DEFAULT_PAGE : parsePythonInt(rawPage)
  if (page === null) return pythonIntError(rawPage as string) as string
  let offset = (page - 1) * limit
  if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(page) || !Number.isSafeInteger(offset)) {
    // Python integers are exact; redo the arithmetic exactly to decide the range error.
    const exactLimit = rawLimit === undefined ? BigInt(DEFAULT_LIMIT) : (parsePythonBigInt(rawLimit) as bigint)
    const exactPage = rawPage === undefined ? BigInt(DEFAULT_PAGE) : (parsePythonBigInt(rawPage) as bigint)
    const exactOffset = (exactPage - 1n) * exactLimit
    if (exactLimit < INT8_MIN || exactLimit > INT8_MAX || exactOffset < INT8_MIN || exactOffset > INT8_MAX) {
      return BIGINT_OUT_OF_RANGE
    }
    offset = Number(exactOffset)
  }
  if (offset < 0) return OFFSET_NEGATIVE
  if (limit < 0) return LIMIT_NEGATIVE
  // (0 - 1) * 0 is -0 in floating point; Python's 0 must not print as "-0" anywhere.
  return { limit, page, offset: offset === 0 ? 0 : offset }
}

/**
 * Envelope numbers for `count` matching rows (run_test.py:1987-1991):
 * total_pages = ceil(count / limit), or 1 when limit is 0 (so 0 when count is 0 and limit > 0);
 * has_next = offset + limit < count, which with limit 0 stays true while count > 0 (contract §2);
 * has_previous = page > 1, even past the end.
 */
export function paginate (count: number, limit: number, page: number): PageWindow {
  const raw = (page - 1) * limit
  const offset = raw === 0 ? 0 : raw
  return {
    offset,
    totalPages: limit > 0 ? Math.ceil(count / limit) : 1,
    hasNext: offset + limit < count,
    hasPrevious: page > 1
  }
}
