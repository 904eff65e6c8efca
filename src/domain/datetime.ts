// Datetimes as the platform writes them: ISO-8601 UTC with microseconds, held internally as epoch microseconds.

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/

/**
 * `2026-04-04T12:00:12.004518Z`. Like DRF, which formats with Python's `isoformat()`, the fraction is
 * left out entirely when it is zero (`2026-04-04T12:00:12Z`).
 */
export function formatMicros (epochMicros: number): string {
  if (!Number.isSafeInteger(epochMicros)) throw new RangeError(`not a whole number of microseconds: ${epochMicros}`)
  const micros = ((epochMicros % 1_000_000) + 1_000_000) % 1_000_000
  const seconds = (epochMicros - micros) / 1_000_000
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19)
  return micros === 0 ? `${whole}Z` : `${whole}.${String(micros).padStart(6, '0')}Z`
}

/** Reads a UTC ISO-8601 datetime (`Z` offset, any number of fraction digits; those past the sixth are dropped). */
export function parseIsoToMicros (iso: string): number {
  const match = ISO_UTC.exec(iso)
  if (match === null) throw new RangeError(`not a UTC ISO-8601 datetime: ${JSON.stringify(iso)}`)
  const [, year, month, day, hour, minute, second, fraction = ''] = match
  const millis = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second))
  // Date.UTC rolls 2026-02-30 over into March; a round trip through the fields catches that.
  if (new Date(millis).toISOString().slice(0, 19) !== iso.slice(0, 19)) {
    throw new RangeError(`not a valid calendar datetime: ${JSON.stringify(iso)}`)
  }
  return millis * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6))
}
