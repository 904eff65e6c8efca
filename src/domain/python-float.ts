// Numbers as the platform's Python writes them: `round()` with ties to even, and floats that keep a decimal point.

/**
 * Python's `round(value, digits)`: the decimal of `digits` places nearest the exact binary value, an exact
 * tie going to the even last digit (JavaScript's `toFixed` takes the larger one).
 */
export function pythonRound (value: number, digits: number): number {
  if (!Number.isFinite(value)) return value
  const exact = Math.abs(value).toFixed(Math.min(100, digits + 60))
  const cut = exact.indexOf('.') + 1 + digits
  const rest = exact.slice(cut)
  if (/^50*$/.test(rest)) {
    // An exact tie: keep the even neighbour.
    const truncated = Number(exact.slice(0, digits === 0 ? cut - 1 : cut))
    const step = 10 ** -digits
    const lastDigit = Number(exact.charAt(digits === 0 ? cut - 2 : cut - 1))
    const magnitude = lastDigit % 2 === 0 ? truncated : Number((truncated + step).toFixed(digits))
    return value < 0 ? -magnitude : magnitude
  }
  return Number(value.toFixed(digits))
}

/** A marker a JSON text carries in place of a Python float, replaced by `pythonJson`. */
const FLOAT_MARK = '\u0000f:'

/** A float to be written as Python writes it (`80.0`, not `80`). */
export function pyFloat (value: number): string {
  const text = Number.isInteger(value) && Math.abs(value) < 1e16 ? `${value}.0` : String(value)
  return FLOAT_MARK + text
}

const MARKED = /"\\u0000f:([-0-9.e+]+)"/g

/** `JSON.stringify`, with every `pyFloat` written as a bare number. */
export function pythonJson (value: unknown): string {
  return JSON.stringify(value).replace(MARKED, '$1')
}
