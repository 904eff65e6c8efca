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
  if (seconds < 0 || seconds >= YEAR_10000_SECONDS) {
    const whole = new Date(seconds * 1000).toISOString().slice(0, 19)
    return micros === 0 ? `${whole}Z` : `${whole}.${String(micros).padStart(6, '0')}Z`
  }
  writeDatetime(seconds, micros)
  return micros === 0 ? `${String.fromCharCode(...datetime.slice(0, 19))}Z` : String.fromCharCode(...datetime)
}

const DAY_SECONDS = 86_400
/** 10000-01-01T00:00:00Z: from there on `toISOString` writes six-digit years. */
const YEAR_10000_SECONDS = 253_402_300_800
const ZERO = 48

/**
 * The character codes of the last datetime written. A row writes a dozen datetimes; a Date and a few
 * strings for each was a noticeable part of writing one, and a datetime assembled from strings is a
 * rope that `JSON.stringify` has to flatten. So the date is written through a Date only when the day
 * changes, the time and fraction by arithmetic, and the text is made from the codes in one piece.
 */
const datetime = Array.from('0000-00-00T00:00:00.000000Z', (character) => character.charCodeAt(0))
let datetimeDay = -1

/** Fills `datetime` for a time from 1970 to 9999; the result reads as `toISOString` writes it. */
function writeDatetime (seconds: number, micros: number): void {
  const day = Math.floor(seconds / DAY_SECONDS)
  if (day !== datetimeDay) {
    const date = new Date(day * DAY_SECONDS * 1000).toISOString()
    for (let i = 0; i < 10; i++) datetime[i] = date.charCodeAt(i)
    datetimeDay = day
  }
  const inDay = seconds - day * DAY_SECONDS
  writeDigits(11, 2, Math.floor(inDay / 3600))
  writeDigits(14, 2, Math.floor(inDay / 60) % 60)
  writeDigits(17, 2, inDay % 60)
  writeDigits(20, 6, micros)
}

/** Writes `value` as `width` decimal digits, zero-padded, from index `at`. */
function writeDigits (at: number, width: number, value: number): void {
  let rest = value
  for (let i = at + width - 1; i >= at; i--) {
    datetime[i] = ZERO + (rest % 10)
    rest = Math.floor(rest / 10)
  }
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
