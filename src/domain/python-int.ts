// Python's int(str) for query parameters: the value it returns, and the ValueError text it raises otherwise.
//
// The platform reads `limit` and `page` with `int(request.query_params.get(...))` (run_test.py:1862-1863,
// contract §2, §10 item 9) and echoes the ValueError text into a 500. The platform runs CPython 3.11, whose
// int() on a str behaves as follows:
// - characters Python's str.isspace() accepts *outside ASCII* (NBSP, U+2028, U+3000, ...) are turned into
//   spaces and Unicode decimal digits (Arabic-Indic, fullwidth, ...) into ASCII digits before parsing;
// - leading and trailing whitespace is then skipped, but only the C `isspace` set (space and \t\n\v\f\r):
//   U+001C-U+001F pass str.isspace() yet make int() fail, because they are ASCII and never transformed;
// - one optional sign, no whitespace after it, then digits where single underscores may separate digits;
// - more than 4300 digits raise a different ValueError (the integer string conversion limit, on by default
//   since 3.11), checked after the digits and underscores are scanned but before trailing characters;
// - the "invalid literal" message quotes repr() of the original string, truncated to 200 characters.

/** CPython's default `sys.get_int_max_str_digits()`. */
export const PYTHON_INT_MAX_STR_DIGITS = 4300

// Beyond 15 digits an accumulated double may round differently from a correctly rounded parse.
const MAX_EXACT_DIGITS = 15

// `%.200R` in the ValueError format: repr() is cut to 200 characters, closing quote included or not.
const REPR_LIMIT = 200

const INVALID = 0

/**
 * The zero of every non-ASCII run of decimal digits (Numeric_Type=Decimal) in Unicode 14.0, the version
 * of CPython 3.11's tables. Each run holds the ten digits 0-9 in order. Fixed here rather than read from
 * the runtime's `\p{Nd}`, which knows the runs added in Unicode 15 and later that int() rejects.
 */
const NON_ASCII_DIGIT_ZEROS: readonly number[] = [
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0,
  0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50,
  0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0,
  0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50,
  0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950,
  0x1fbf0
]

const NOT_PRINTABLE = /[\p{C}\p{Z}]/uy

/**
 * Whitespace int() skips: the C isspace set, plus what Python's str.isspace() accepts above U+007F
 * (those are rewritten to spaces first). U+001C-U+001F are deliberately absent, see the file comment.
 */
function isIntSpace (cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d)
  return (
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  )
}

/** The value of a decimal digit int() accepts (ASCII or any Unicode 14.0 decimal digit), or -1. */
function digitValue (cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30
  if (cp < 0x80) return -1
  // Largest run zero not above cp, by binary search.
  let low = 0
  let high = NON_ASCII_DIGIT_ZEROS.length - 1
  let zero = -1
  while (low <= high) {
    const middle = (low + high) >> 1
    const candidate = NON_ASCII_DIGIT_ZEROS[middle] as number
    if (candidate <= cp) {
      zero = candidate
      low = middle + 1
    } else {
      high = middle - 1
    }
  }
  return zero >= 0 && cp - zero < 10 ? cp - zero : -1
}

function codePointWidth (cp: number): number {
  return cp > 0xffff ? 2 : 1
}

/**
 * Scans `raw` as int() does. Returns the canonical decimal text (sign and ASCII digits, no underscores)
 * on success; otherwise INVALID (0) for "invalid literal", or the digit count when it exceeds the limit.
 */
function scan (raw: string): string | number {
  const n = raw.length
  let i = 0
  while (i < n) {
    const cp = raw.codePointAt(i) as number
    if (!isIntSpace(cp)) break
    i += codePointWidth(cp)
  }
  let negative = false
  if (i < n) {
    const c = raw.charCodeAt(i)
    if (c === 0x2b || c === 0x2d) {
      negative = c === 0x2d
      i++
    }
  }
  const digitsStart = i
  let digits = 0
  let plain = true
  let previousUnderscore = false
  while (i < n) {
    const cp = raw.codePointAt(i) as number
    if (cp === 0x5f) {
      // An underscore must follow a digit and be followed by one: `_1`, `1__0` and `1_` are invalid.
      if (digits === 0 || previousUnderscore) return INVALID
      previousUnderscore = true
      plain = false
      i++
      continue
    }
    const value = digitValue(cp)
    if (value < 0) break
    if (cp > 0x7f) plain = false
    digits++
    previousUnderscore = false
    i += codePointWidth(cp)
  }
  const digitsEnd = i
  if (previousUnderscore || digits === 0) return INVALID
  if (digits > PYTHON_INT_MAX_STR_DIGITS) return digits
  while (i < n) {
    const cp = raw.codePointAt(i) as number
    if (!isIntSpace(cp)) break
    i += codePointWidth(cp)
  }
  if (i !== n) return INVALID
  const sign = negative ? '-' : ''
  if (plain) return sign + raw.slice(digitsStart, digitsEnd)
  let text = sign
  for (let j = digitsStart; j < digitsEnd; ) {
    const cp = raw.codePointAt(j) as number
    if (cp !== 0x5f) text += String.fromCharCode(0x30 + digitValue(cp))
    j += codePointWidth(cp)
  }
  return text
}

/**
 * `int(raw)` as a number, or null when Python would raise ValueError. No range cap: values past
 * 2**53 lose precision as any double does; use parsePythonBigInt when exactness matters.
 */
export function parsePythonInt (raw: string): number | null {
  // Hot path: a short run of ASCII digits ("10", "2") needs neither allocation nor a general scan.
  const n = raw.length
  if (n > 0 && n <= MAX_EXACT_DIGITS) {
    let value = 0
    let i = 0
    for (; i < n; i++) {
      const d = raw.charCodeAt(i) - 0x30
      if (d < 0 || d > 9) break
      value = value * 10 + d
    }
    if (i === n) return value
  }
  const text = scan(raw)
  if (typeof text !== 'string') return null
  const value = Number(text)
  // int('-0') is 0; keep -0 out of JSON, links and equality checks.
  return value === 0 ? 0 : value
}

/** `int(raw)` exactly, or null when Python would raise ValueError. */
export function parsePythonBigInt (raw: string): bigint | null {
  const text = scan(raw)
  return typeof text === 'string' ? BigInt(text) : null
}

/** The text of the ValueError `int(raw)` raises, or null when `int(raw)` succeeds. */
export function pythonIntError (raw: string): string | null {
  const text = scan(raw)
  if (typeof text === 'string') return null
  if (text !== INVALID) {
    return (
      `Exceeds the limit (${PYTHON_INT_MAX_STR_DIGITS} digits) for integer string conversion: ` +
      `value has ${text} digits; use sys.set_int_max_str_digits() to increase the limit`
    )
  }
  return `invalid literal for int() with base 10: ${truncateCodePoints(pythonRepr(raw), REPR_LIMIT)}`
}

function truncateCodePoints (s: string, max: number): string {
  if (s.length <= max) return s
  let i = 0
  for (let count = 0; count < max && i < s.length; count++) {
    i += codePointWidth(s.codePointAt(i) as number)
  }
  return s.slice(0, i)
}

function hex (cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0')
}

/**
 * Python's repr() of a str: single quotes unless the text holds `'` and no `"`; backslash, the chosen
 * quote, \t \n \r escaped; other ASCII controls and DEL as \xhh; non-ASCII kept when printable
 * (not in categories C* or Z* other than the space) and escaped as \xhh, \uhhhh or \Uhhhhhhhh otherwise.
 * Categories come from the runtime's Unicode tables (17.0 in Node 20), so a character assigned after
 * Unicode 14.0 is kept where CPython 3.11 would escape it as unassigned.
 */
export function pythonRepr (s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  const quoteCode = quote.charCodeAt(0)
  let plain = true
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c > 0x7e || c === 0x5c || c === quoteCode) {
      plain = false
      break
    }
  }
  if (plain) return quote + s + quote
  let out = quote
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) as number
    const width = codePointWidth(cp)
    if (cp === 0x5c || cp === quoteCode) out += '\\' + String.fromCharCode(cp)
    else if (cp === 0x09) out += '\\t'
    else if (cp === 0x0a) out += '\\n'
    else if (cp === 0x0d) out += '\\r'
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2)
    else if (cp < 0x7f) out += String.fromCharCode(cp)
    else {
      NOT_PRINTABLE.lastIndex = i
      if (!NOT_PRINTABLE.test(s)) out += s.slice(i, i + width)
      else if (cp <= 0xff) out += '\\x' + hex(cp, 2)
      else if (cp <= 0xffff) out += '\\u' + hex(cp, 4)
      else out += '\\U' + hex(cp, 8)
    }
    i += width
  }
  return out + quote
}
