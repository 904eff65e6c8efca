// The `next` and `previous` links a platform page must carry, computed independently of the mock's own link builder.
//
// The platform (contract §3) writes `base + "?" + urlencode(params)` where `params` is the request's
// query dict: keys in first-seen order, each with its last value; `page` is set in place (or appended
// when absent) to page ± 1, and removed from `previous` when that is page 1, which can leave a bare `?`.
// `urlencode` quotes with `quote_plus`: a space is `+`, and only `A-Z a-z 0-9 _ . - ~` stay unescaped.

export type QueryPairs = ReadonlyArray<readonly [string, string]>

/** Python's `quote_plus(text, safe='')` over UTF-8. */
export function quotePlus (text: string): string {
  // encodeURIComponent keeps `! ' ( ) *` and writes a space as %20; quote_plus escapes the former
  // and writes `+` for the latter. Both keep `~` and write every other byte as uppercase %XX.
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase())
    .replaceAll('%20', '+')
}

/** The raw query string the kit sends for `pairs`, form-encoded, without the leading `?`. */
export function encodeQuery (pairs: QueryPairs): string {
  return pairs.map(([key, value]) => `${quotePlus(key)}=${quotePlus(value)}`).join('&')
}

/** Django's `query_params.dict()`: first-seen key order, last value wins. */
export function queryDict (pairs: QueryPairs): Map<string, string> {
  const dict = new Map<string, string>()
  for (const [key, value] of pairs) dict.set(key, value)
  return dict
}

export interface LinkExpectation {
  /** `scheme://host/path/` of the listing, without a query. */
  base: string
  /** The query the request carried, in the order sent. */
  pairs: QueryPairs
  /** Rows matching the request's filters. */
  count: number
}

export interface ExpectedLinks {
  next: string | null
  previous: string | null
  page: number
  limit: number
}

/** The integer value of `limit` or `page`, as the kit only sends plain decimal integers. */
function intParam (dict: Map<string, string>, key: string, fallback: number): number {
  const raw = dict.get(key)
  return raw === undefined ? fallback : Number.parseInt(raw.trim(), 10)
}

export function expectedLinks ({ base, pairs, count }: LinkExpectation): ExpectedLinks {
  const dict = queryDict(pairs)
  const limit = intParam(dict, 'limit', 10)
  const page = intParam(dict, 'page', 1)
  const offset = (page - 1) * limit
  const withPage = (target: number | null): string => {
    const params = new Map(dict)
    if (target === null) params.delete('page')
    else params.set('page', String(target))
    return `${base}?${encodeQuery([...params])}`
  }
  return {
    next: offset + limit < count ? withPage(page + 1) : null,
    // The link back to page 1 leaves `page` out rather than writing `page=1`.
    previous: page > 1 ? withPage(page - 1 === 1 ? null : page - 1) : null,
    page,
    limit
  }
}
