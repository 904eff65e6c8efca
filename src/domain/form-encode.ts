// Form encoding of one query component, as Python's urllib.parse.quote_plus writes it.
//
// The platform builds `next`/`previous` with `urlencode(params)` (run_test.py:2005, :2015), whose default
// quoting is quote_plus with no extra safe characters (contract §3): only A-Z a-z 0-9 `_ . - ~` stay as
// they are, a space becomes `+`, and every other character is written as the uppercase %XX escapes of its
// UTF-8 bytes (`+` → %2B, `/` → %2F, `é` → %C3%A9). encodeURIComponent differs on `! ' ( ) *` and space.

// One output string per ASCII code unit, so the common case is a table lookup and a concatenation.
const ASCII_TABLE: readonly string[] = Array.from({ length: 0x80 }, (_, c) => {
  const ch = String.fromCharCode(c)
  if (/[A-Za-z0-9_.\-~]/.test(ch)) return ch
  if (c === 0x20) return '+'
  return escapeByte(c)
})

function escapeByte (byte: number): string {
  return '%' + (byte < 0x10 ? '0' : '') + byte.toString(16).toUpperCase()
}

function isSafe (c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2d || // -
    c === 0x7e // ~
  )
}

/**
 * `quote_plus(text, safe='')`. A lone UTF-16 surrogate (which no decoded query value can hold) is
 * written as the bytes of U+FFFD, as TextEncoder would.
 */
export function encodeFormComponent (text: string): string {
  const n = text.length
  let i = 0
  while (i < n && isSafe(text.charCodeAt(i))) i++
  if (i === n) return text
  let out = text.slice(0, i)
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c < 0x80) {
      out += ASCII_TABLE[c] as string
      i++
      continue
    }
    let cp = c
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00)
        i++
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd
    i++
    if (cp < 0x800) {
      out += escapeByte(0xc0 | (cp >> 6)) + escapeByte(0x80 | (cp & 0x3f))
    } else if (cp < 0x10000) {
      out +=
        escapeByte(0xe0 | (cp >> 12)) +
        escapeByte(0x80 | ((cp >> 6) & 0x3f)) +
        escapeByte(0x80 | (cp & 0x3f))
    } else {
      out +=
        escapeByte(0xf0 | (cp >> 18)) +
        escapeByte(0x80 | ((cp >> 12) & 0x3f)) +
        escapeByte(0x80 | ((cp >> 6) & 0x3f)) +
        escapeByte(0x80 | (cp & 0x3f))
    }
  }
  return out
}

/** One `key=value` pair of `urlencode`: both sides quoted with quote_plus. */
export function encodeFormPair (key: string, value: string): string {
  return encodeFormComponent(key) + '=' + encodeFormComponent(value)
}
