// Compact per-row columns of a generated run, and the filter scan over them.
//
// A million-row run cannot afford a million records in memory, but filtering only needs three small
// numbers per row: status, scenario and execution (whose phone number search matches). Search is
// compiled once and tried on each distinct scenario name and phone number, so the scan itself only
// compares bytes.
import { compileLikeSearch } from '../domain/like-pattern.js'
import { CALL_STATUSES } from './model.js'
import type { RunPlan } from './run-plan.js'
import { shapeAt } from './run-plan.js'

export interface RunColumns {
  /** Index into CALL_STATUSES. */
  status: Uint8Array
  /** Index into the plan's scenarios; snapshot rows hold their parent's. */
  scenario: Uint8Array
  /** Index into the plan's executions; snapshot rows hold their parent's. */
  execution: Uint8Array
}

/** Index of each status in CALL_STATUSES, looked up once a row. */
const STATUS_INDEX: Readonly<Record<string, number>> = Object.fromEntries(CALL_STATUSES.map((status, index) => [status, index]))

export function buildColumns (plan: RunPlan): RunColumns {
  const rows = plan.spec.rows
  const columns: RunColumns = {
    status: new Uint8Array(rows),
    scenario: new Uint8Array(rows),
    execution: new Uint8Array(rows)
  }
  for (let position = 0; position < rows; position++) {
    const shape = shapeAt(plan, position)
    columns.status[position] = STATUS_INDEX[shape.status] as number
    columns.scenario[position] = shape.scenario
    columns.execution[position] = shape.execution
  }
  return columns
}

export interface RowFilter {
  /** Trimmed; empty means no search. */
  search: string
  /** Trimmed; empty means no status filter. */
  status: string
}

/**
 * Positions (ascending, so in listing order) of the rows matching the platform's filter:
 * `status = :status` exactly, and `phone_number ILIKE '%search%' OR scenario.name ILIKE '%search%'`.
 */
export function matchingPositions (plan: RunPlan, columns: RunColumns, filter: RowFilter): Uint32Array {
  const wanted = filter.status === '' ? null : (CALL_STATUSES as readonly string[]).indexOf(filter.status)
  // An unknown status (`Completed`, `foo`) is no error on the platform: `status = 'foo'` matches nothing.
  if (wanted === -1) return new Uint32Array(0)

  const searching = filter.search !== ''
  const matches = compileLikeSearch(filter.search)
  const scenarioHit = Uint8Array.from(plan.scenarios, (scenario) => (matches(scenario.name) ? 1 : 0))
  const phoneHit = Uint8Array.from(plan.executions, (execution) =>
    execution.phoneNumber !== null && matches(execution.phoneNumber) ? 1 : 0
  )
  if (searching && !scenarioHit.includes(1) && !phoneHit.includes(1)) return new Uint32Array(0)

  const rows = plan.spec.rows
  const found = new Uint32Array(rows)
  let count = 0
  for (let position = 0; position < rows; position++) {
    if (wanted !== null && columns.status[position] !== wanted) continue
    if (searching && scenarioHit[columns.scenario[position] as number] === 0 && phoneHit[columns.execution[position] as number] === 0) continue
    found[count++] = position
  }
  return found.slice(0, count)
}
