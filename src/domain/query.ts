// Parses a raw query string the way Django builds `request.query_params` (a QueryDict) on the platform.
//
// Django 5.1 fills QueryDict from `urllib.parse.parse_qsl(qs, keep_blank_values=True)` (Python 3.11):
// - pairs are separated by `&` only. `;` was also a separator until the 2021 fix for CVE-2021-23336
//   (Python 3.9.2, 3.10 and later), so `a=1;b=2` is one pair whose value is `1;b=2`;
// - empty segments (`a=1&&b=2`, a leading or trailing `&`) are skipped;
// - a segment is split at its first `=`; a segment without `=` is a key with value "" and `=x` is the
//   key "" with value "x";
// - in keys and values `+` becomes a space first, then percent escapes are decoded (unquote): escapes
//   that are not `%` plus two hex digits stay literally, decoded bytes are read as UTF-8 with invalid
//   sequences replaced by U+FFFD (one per maximal invalid subpart), characters above U+007F already in
//   the text are kept. So `+` means space and a literal plus must be sent as `%2B` (contract §2).
// The view then reads `get(name)`, which is the *last* value of a repeated key, and builds links from
// `.dict()`, whose keys keep their *first-seen* order (contract §2, §3). A Map has both properties:
// `set` on a known key keeps its position and replaces its value.
//
// Node's HTTP parser answers 400 to raw non-ASCII bytes in the request target, so in practice the input
// is ASCII; non-ASCII text is still handled as Python handles it in a str.

// `fatal: false` replaces invalid sequences like Python's errors='replace'; `ignoreBOM` keeps a decoded
// U+FEFF, which Python's utf-8 codec never strips.
const UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

function hexValue (c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const lower = c | 0x20
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10
  return -1
}

/**
 * Python's `unquote` for text that holds a `%`: each maximal run of ASCII characters is turned into
 * bytes (valid escapes decoded, everything else copied) and decoded as UTF-8; other characters are kept.
 */
function unquoteSlow (text: string): string {
  const n = text.length
  let out = ''
  let i = 0
  while (i < n) {
    let j = i
    while (j < n && text.charCodeAt(j) < 0x80) j++
    if (j > i) {
      const bytes = new Uint8Array(j - i)
      let length = 0
      for (let k = i; k < j; k++) {
        const c = text.charCodeAt(k)
        if (c === 0x25 && k + 2 < j) {
          const high = hexValue(text.charCodeAt(k + 1))
          const low = hexValue(text.charCodeAt(k + 2))
          if (high >= 0 && low >= 0) {
            bytes[length++] = (high << 4) | low
            k += 2
            continue
          }
        }
        bytes[length++] = c
      }
      out += UTF8.decode(bytes.subarray(0, length))
    }
    i = j
    while (j < n && text.charCodeAt(j) >= 0x80) j++
    out += text.slice(i, j)
    i = j
  }
  return out
}

/** Python's `unquote_plus(text)` with UTF-8 and errors='replace': how parse_qsl decodes keys and values. */
export function decodeFormComponent (text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text
  if (!spaced.includes('%')) return spaced
  // decodeURIComponent agrees with unquote whenever it succeeds: it only accepts well-formed escapes
  // spelling valid UTF-8. It throws on everything unquote would keep literally or replace.
  try {
    return decodeURIComponent(spaced)
  } catch {
    return unquoteSlow(spaced)
  }
}

/** A request's query parameters: distinct keys in first-seen order, each holding its last value. */
export class ParsedQuery {
  /** Keys in first-seen order, each with its last value: what `QueryDict.dict()` holds. */
  readonly params: ReadonlyMap<string, string>
  /**
   * Number of `&`-separated fields, blank ones included: the count Django compares with
   * DATA_UPLOAD_MAX_NUMBER_FIELDS (1000 by default) before parsing.
   */
  readonly fieldCount: number

  constructor (params: ReadonlyMap<string, string>, fieldCount: number) {
    this.params = params
    this.fieldCount = fieldCount
  }

  /** `QueryDict.get(name)`: the last value sent for `name`. */
  get (name: string): string | undefined {
    return this.params.get(name)
  }
}

const EMPTY_QUERY = new ParsedQuery(new Map(), 0)

function component (raw: string, start: number, end: number, encoded: boolean): string {
  const text = raw.slice(start, end)
  return encoded ? decodeFormComponent(text) : text
}

/** Parses the part of the request target after `?` (without the `?`; "" when there is none). */
export function parseQuery (raw: string): ParsedQuery {
  const n = raw.length
  if (n === 0) return EMPTY_QUERY
  const params = new Map<string, string>()
  let fieldCount = 1
  let start = 0
  let equals = -1
  // Whether the key (before `=`) or the value (after it) holds `+` or `%` and so needs decoding.
  let keyEncoded = false
  let valueEncoded = false
  for (let i = 0; i <= n; i++) {
    const c = i < n ? raw.charCodeAt(i) : 0x26
    if (c === 0x26) {
      if (i < n) fieldCount++
      if (i > start) {
        if (equals < 0) {
          params.set(component(raw, start, i, keyEncoded), '')
        } else {
          params.set(component(raw, start, equals, keyEncoded), component(raw, equals + 1, i, valueEncoded))
        }
      }
      start = i + 1
      equals = -1
      keyEncoded = false
      valueEncoded = false
    } else if (c === 0x3d) {
      if (equals < 0) equals = i
    } else if (c === 0x2b || c === 0x25) {
      if (equals < 0) keyEncoded = true
      else valueEncoded = true
    }
  }
  return new ParsedQuery(params, fieldCount)
}

/**
 * Python's whitespace for str.strip(): \t\n\v\f\r, U+001C-U+001F, space, U+0085, U+00A0, U+1680,
 * U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000. String.prototype.trim differs: it also removes
 * U+FEFF and keeps U+001C-U+001F and U+0085.
 */
function isPythonSpace (c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)
  if (c < 0x85) return false
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  )
}

/** Python's `value.strip()`, which the view applies to `search` and `status` (run_test.py:1834-1835). */
export function stripPython (value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isPythonSpace(value.charCodeAt(start))) start++
  while (end > start && isPythonSpace(value.charCodeAt(end - 1))) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}
