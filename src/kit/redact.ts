// Keeps key values out of everything the kit prints or writes, even when a server echoes them back.

export const REDACTED_TEXT = '<redacted>'

/** Shorter values are left alone: replacing every "ab" in a report would garble it and hide nothing. */
const MIN_SECRET_LENGTH = 4

/** A function replacing every occurrence of the given secrets (and their JSON-escaped forms) in a text. */
export function createScrubber (secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue
    forms.add(secret)
    forms.add(JSON.stringify(secret).slice(1, -1))
  }
  // Longest first, so that a secret containing another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length)
  return (text) => ordered.reduce((scrubbed, form) => scrubbed.replaceAll(form, REDACTED_TEXT), text)
}

/** The same value with every string scrubbed: results are cleaned once, before any reporter sees them. */
export function scrubDeep<T> (value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T
  if (Array.isArray(value)) return value.map((item: unknown) => scrubDeep(item, scrub)) as T
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), scrubDeep(item, scrub)])) as T
  }
  return value
}
