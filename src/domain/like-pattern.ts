// Compiles the platform's search filter, `value ILIKE '%' || term || '%'`, into a predicate.
//
// The platform passes the user's term straight into an ILIKE pattern (platform-contract §2), so `%` and
// `_` typed by the user act as wildcards and `\` escapes the next character. The predicate walks the
// pattern with the classic one-backtrack-point wildcard algorithm instead of building a RegExp: a
// term such as `a%a%a%a%b` cannot make it backtrack exponentially, and the time stays
// O(pattern × value).

type Token = { kind: 'any' } | { kind: 'one' } | { kind: 'char'; char: string }

/** Splits a LIKE pattern into code-point tokens; `\x` is the literal `x`. */
function tokenize (pattern: string): Token[] {
  const chars = Array.from(pattern.toLowerCase())
  const tokens: Token[] = []
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string
    if (char === '\\' && i + 1 < chars.length) {
      tokens.push({ kind: 'char', char: chars[++i] as string })
    } else if (char === '%') {
      // Consecutive `%` mean the same as one; collapsing them keeps the walk short.
      if (tokens.at(-1)?.kind !== 'any') tokens.push({ kind: 'any' })
    } else if (char === '_') {
      tokens.push({ kind: 'one' })
    } else {
      // A trailing lone `\` cannot occur: the term is always followed by the closing `%`.
      tokens.push({ kind: 'char', char })
    }
  }
  return tokens
}

function matches (tokens: readonly Token[], value: readonly string[]): boolean {
  let t = 0
  let v = 0
  // Where the last `%` was, and how much of the value it has swallowed so far.
  let star = -1
  let starValue = 0
  while (v < value.length) {
    const token = tokens[t]
    if (token?.kind === 'any') {
      star = t++
      starValue = v
    } else if (token !== undefined && (token.kind === 'one' || token.char === value[v])) {
      t++
      v++
    } else if (star >= 0) {
      t = star + 1
      v = ++starValue
    } else {
      return false
    }
  }
  while (tokens[t]?.kind === 'any') t++
  return t === tokens.length
}

/**
 * Returns a case-insensitive predicate equivalent to PostgreSQL's `value ILIKE '%' || term || '%'`.
 * The term is used as typed: `%` matches any run of characters, `_` exactly one, `\` escapes.
 */
export function compileLikeSearch (term: string): (value: string) => boolean {
  const tokens = tokenize(`%${term}%`)
  return (value) => matches(tokens, Array.from(value.toLowerCase()))
}
