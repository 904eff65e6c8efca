// The `Prefer` header's mock-only preferences (the convention of OpenAPI mock servers such as Prism): an error, a delay, a fault.
//
// `Prefer: code=500`, `Prefer: delay=250`, `Prefer: fault=reset` or `Prefer: fault="status=503"`, alone
// or together (`Prefer: delay=100, fault=truncate`). The platform ignores the header.

/** A `name=value` preference: the value may be quoted, and ends at a comma, semicolon or space. */
const preferencePattern = (name: string, value: string): RegExp => new RegExp(`(?:^|[,;\\s])${name}=("?)(${value})\\1(?=$|[,;\\s])`)

const CODE = preferencePattern('code', '\\d{3}')
// Any number of digits: a delay past the longest one (MAX_DELAY_MS) is cut to it where it is applied.
const DELAY = preferencePattern('delay', '\\d+')
const FAULT = preferencePattern('fault', '[a-z0-9=-]+')

function preference (prefer: string | undefined, pattern: RegExp): string | null {
  return prefer === undefined ? null : pattern.exec(prefer)?.[2] ?? null
}

/** The status a client asks for with `Prefer: code=NNN`; null when the header names no code. */
export function preferredStatus (prefer: string | undefined): number | null {
  const code = preference(prefer, CODE)
  return code === null ? null : Number(code)
}

/**
 * The delay in milliseconds a client asks for with `Prefer: delay=NNN`; null when it asks for none.
 * Digits past what a double holds read as Infinity, which the caller caps as it caps any long delay.
 */
export function preferredDelay (prefer: string | undefined): number | null {
  const delay = preference(prefer, DELAY)
  return delay === null ? null : Number(delay)
}

/** The fault a client asks for with `Prefer: fault=NAME` (quoted or not); null when it asks for none. */
export function preferredFault (prefer: string | undefined): string | null {
  return preference(prefer, FAULT)
}

/** One preference of a `Prefer` header: its text as sent, its name and its value (quotes taken off), or null without `=`. */
export interface PreferenceItem {
  text: string
  name: string
  value: string | null
}

/**
 * Every preference the header holds, in order, split where the patterns above split them (commas,
 * semicolons, spaces): what the mock may have applied or ignored.
 */
export function listPreferences (prefer: string): PreferenceItem[] {
  return prefer.split(/[,;\s]+/).filter((text) => text !== '').map((text) => {
    const mark = text.indexOf('=')
    if (mark === -1) return { text, name: text, value: null }
    const raw = text.slice(mark + 1)
    return { text, name: text.slice(0, mark), value: raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw }
  })
}
