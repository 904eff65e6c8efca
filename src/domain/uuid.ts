// Run test ids as the platform's router accepts them.

/**
 * Django's `uuid` path converter: lowercase hex, hyphenated, nothing else (uppercase does not match).
 * Read character by character: it runs several times on every request, where the equivalent regular
 * expression (`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`) cost more.
 */
export function isRunTestId (value: string): boolean {
  if (value.length !== 36) return false
  for (let i = 0; i < 36; i++) {
    const code = value.charCodeAt(i)
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 0x2d) return false
    } else if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false
  }
  return true
}
