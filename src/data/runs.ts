// Which run tests the mock generates: the well-known runs, and `MOCK_RUNS` entries that add or resize runs.
import type { SimulationCallType } from './model.js'

/**
 * How a run's calls are spread over the statuses (the weights live in run-plan.ts). A `live` run's
 * calls move through their lifecycle as the session's clock advances (live.ts).
 */
export const RUN_PROFILES = ['finished', 'in-progress', 'failing', 'live'] as const
export type RunProfile = (typeof RUN_PROFILES)[number]

export interface RunSpec {
  /** Lowercase hyphenated UUID, the only form the platform's URL accepts. */
  id: string
  /** Listed rows, live calls and snapshot rows together. */
  rows: number
  profile: RunProfile
  /** Pins the run to voice or text; otherwise it follows from the seed. */
  callType?: SimulationCallType
  /**
   * Puts one call of every status at the top and a snapshot row among the first twenty, for every seed,
   * so that a small run exercises every filter.
   */
  showcase?: boolean
  /** The run test's scenarios: how many, or their names; otherwise four to eight drawn from the seed. */
  scenarios?: number | readonly string[]
  /** The run test's name; by default one made of its agent and the start of its id. */
  name?: string
  /** The run test's description; none by default. */
  description?: string
}

export interface WellKnownRun extends RunSpec {
  /** The run test's name, easy to remember and to look up by name. */
  name: string
  /** One line for the README and the health endpoint, and the run test's description. */
  description: string
}

export const MAX_RUN_ROWS = 10_000_000

/** A live run is sorted anew whenever its clock moves, so it holds fewer rows. */
export const MAX_LIVE_RUN_ROWS = 10_000

export const WELL_KNOWN_RUNS: readonly WellKnownRun[] = [
  {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'Every status showcase',
    rows: 23,
    profile: 'finished',
    callType: 'voice',
    showcase: true,
    description: 'Small voice run with every status, a snapshot row and at least four scenarios: the one to try filters on.'
  },
  {
    id: '22222222-2222-4222-8222-222222222222',
    name: 'Not run yet',
    rows: 0,
    profile: 'finished',
    description: 'A run test with no calls yet.'
  },
  {
    id: '33333333-3333-4333-8333-333333333333',
    name: 'Ten thousand chats',
    rows: 10_000,
    profile: 'finished',
    callType: 'text',
    description: 'Ten thousand finished chat (text) calls, for paging through many pages.'
  },
  {
    id: '55555555-5555-4555-8555-555555555555',
    name: 'A million calls',
    rows: 1_000_000,
    profile: 'finished',
    callType: 'voice',
    description: 'A million voice calls, for deep offsets and filters over a large run.'
  },
  {
    id: '66666666-6666-4666-8666-666666666666',
    name: 'Live run',
    rows: 40,
    profile: 'live',
    callType: 'voice',
    description: 'A run still executing, live: at the reference instant mostly pending, ongoing and analyzing calls, ' +
      'some done; as the session\'s clock advances its calls move on until, some minutes later, all have ended.'
  },
  {
    id: '77777777-7777-4777-8777-777777777777',
    name: 'Mostly failing',
    rows: 30,
    profile: 'failing',
    callType: 'voice',
    description: 'A run where most calls failed (no answer, silence timeouts, provider errors).'
  }
]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function isProfile (text: string): text is RunProfile {
  return (RUN_PROFILES as readonly string[]).includes(text)
}

/**
 * Parses `MOCK_RUNS` (`<uuid>:<rows>[:<profile>][,...]`) and returns `base` with those runs added or,
 * for ids already in `base`, resized (and re-profiled when a profile is given).
 * Throws an Error naming `MOCK_RUNS`, the entry and the reason on the first bad entry.
 */
export function parseRunsSpec (text: string, base: readonly RunSpec[] = WELL_KNOWN_RUNS): RunSpec[] {
  const runs = new Map<string, RunSpec>(base.map((run) => [run.id, { ...run }]))
  if (text.trim() === '') return [...runs.values()]

  const seen = new Set<string>()
  for (const raw of text.split(',')) {
    const entry = raw.trim()
    const fail = (reason: string): never => {
      throw new Error(`MOCK_RUNS: entry "${entry}": ${reason}`)
    }
    const parts = entry.split(':')
    if (parts.length < 2 || parts.length > 3) fail('expected <uuid>:<rows>[:<profile>]')
    const [id = '', rowsText = '', profile] = parts
    if (!UUID.test(id)) fail('run id must be a lowercase hyphenated UUID')
    if (!/^\d+$/.test(rowsText)) fail('rows must be a whole number')
    const rows = Number(rowsText)
    if (rows > MAX_RUN_ROWS) fail(`rows must be at most ${MAX_RUN_ROWS}`)
    if (profile !== undefined && !isProfile(profile)) {
      fail(`unknown profile "${profile}" (expected one of ${RUN_PROFILES.join(', ')})`)
    }
    if (seen.has(id)) fail('run id appears more than once')
    seen.add(id)

    const known = runs.get(id)
    const chosen = (profile as RunProfile | undefined) ?? known?.profile ?? 'finished'
    if (chosen === 'live' && rows > MAX_LIVE_RUN_ROWS) fail(`a live run holds at most ${MAX_LIVE_RUN_ROWS} rows`)
    runs.set(id, { ...known, id, rows, profile: chosen })
  }
  return [...runs.values()]
}
