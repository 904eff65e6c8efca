// Reads the fields the checks filter and sort on from a row as served, whatever its contract, without trusting its shape.

export type ServedRow = Record<string, unknown>

export function isServedRow (value: unknown): value is ServedRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function idOf (row: unknown): string | null {
  return isServedRow(row) && typeof row.id === 'string' ? row.id : null
}

export function statusOf (row: unknown): string | null {
  return isServedRow(row) && typeof row.status === 'string' ? row.status : null
}

/** The platform writes the scenario's name; the docs contract an object with `id` and `name`. */
export function scenarioNameOf (row: unknown): string | null {
  if (!isServedRow(row)) return null
  const scenario = row.scenario
  if (typeof scenario === 'string') return scenario
  if (isServedRow(scenario) && typeof scenario.name === 'string') return scenario.name
  return null
}

const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6})\d*)?Z$/

/**
 * Epoch microseconds of the platform's sort key, `timestamp`; null when absent or unreadable. Written
 * out rather than `Date.parse`, which keeps only milliseconds: the platform's times have microseconds,
 * and two rows a few microseconds apart must still compare.
 */
export function sortKeyOf (row: unknown): number | null {
  if (!isServedRow(row) || typeof row.timestamp !== 'string') return null
  const match = ISO_UTC.exec(row.timestamp)
  if (match === null) return null
  const [, seconds = '', fraction = ''] = match
  const millis = Date.parse(`${seconds}Z`)
  return Number.isNaN(millis) ? null : millis * 1000 + Number(fraction.padEnd(6, '0'))
}

/**
 * The agent's phone number that `search` matches (§2): a live row's own `phone_number`, a snapshot's
 * parent's. Undefined when it cannot be told (a snapshot whose parent was not seen, or a docs row).
 */
export function searchedPhoneOf (row: unknown, rowsById: ReadonlyMap<string, unknown>): string | null | undefined {
  if (!isServedRow(row)) return undefined
  if (row.is_snapshot === true) {
    const parentId = row.original_call_execution_id
    const parent = typeof parentId === 'string' ? rowsById.get(parentId) : undefined
    return parent === undefined ? undefined : searchedPhoneOf(parent, rowsById)
  }
  if (!('phone_number' in row)) return undefined
  return typeof row.phone_number === 'string' ? row.phone_number : null
}
