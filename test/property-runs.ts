// How many cases each fast-check property tries. The counts written in the tests keep `npm test`
// quick; PROPERTY_RUNS_SCALE multiplies every one of them (.ci/run sets it) for a wider search.
// Either way a failing case is shrunk to its smallest counter-example and reported with its seed.

const VARIABLE = 'PROPERTY_RUNS_SCALE'

function scale (): number {
  const raw = process.env[VARIABLE]
  if (raw === undefined || raw === '') return 1
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${VARIABLE} must be a positive number (a factor for every property's run count), got "${raw}"`)
  }
  return value
}

const SCALE = scale()

/** `runs` (fast-check's default 100 when not given) times PROPERTY_RUNS_SCALE, at least 1. */
export function propertyRuns (runs = 100): number {
  return Math.max(1, Math.round(runs * SCALE))
}
