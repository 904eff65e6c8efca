// Builds the envelope's `next` and `previous` URLs exactly as the platform writes them.
//
// The platform (run_test.py:1993-2015, contract §3 and §10 item 13) copies `request.query_params.dict()`
// (every key in first-seen order with its last value, unknown keys and blank values included), sets
// `page` (a dict assignment: a key already present keeps its place, a new one goes last) and writes
// `base + "?" + urlencode(params)`. For `previous` it removes `page` when the target page is 1, so a
// request carrying only `page=2` links back to a URL ending in a bare `?`.

import { encodeFormPair } from './form-encode.js'
import type { ParsedQuery } from './query.js'

export interface PageLinkInput {
  /** `scheme://host/path` of the request, without a query (Django's build_absolute_uri(request.path)). */
  readonly base: string
  readonly query: ParsedQuery
  /** The parsed `page` of the request. */
  readonly page: number
  readonly hasNext: boolean
  readonly hasPrevious: boolean
}

export interface PageLinks {
  readonly next: string | null
  readonly previous: string | null
}

const NO_LINKS: PageLinks = Object.freeze({ next: null, previous: null })

const PAGE = 'page'

/** Decimal text of an integer; past 2**53 `String(n)` may switch to exponent notation, which Python never writes. */
function integerText (n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString()
}

function joinPairs (left: string, right: string): string {
  if (left === '') return right
  if (right === '') return left
  return left + '&' + right
}

/** `next` and `previous` for one page; null where the platform writes null. */
export function buildPageLinks (input: PageLinkInput): PageLinks {
  const { base, query, page, hasNext, hasPrevious } = input
  if (!hasNext && !hasPrevious) return NO_LINKS
  // Encode every other parameter once; both links share the text before and after `page`.
  let before = ''
  let after = ''
  let pageSeen = false
  for (const [key, value] of query.params) {
    if (key === PAGE) {
      pageSeen = true
      continue
    }
    const pair = encodeFormPair(key, value)
    if (pageSeen) after = after === '' ? pair : after + '&' + pair
    else before = before === '' ? pair : before + '&' + pair
  }
  const withPage = (target: number): string =>
    base + '?' + joinPairs(joinPairs(before, PAGE + '=' + integerText(target)), after)
  const next = hasNext ? withPage(page + 1) : null
  let previous: string | null = null
  if (hasPrevious) {
    previous = page - 1 === 1 ? base + '?' + joinPairs(before, after) : withPage(page - 1)
  }
  return { next, previous }
}
