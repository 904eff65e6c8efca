// A generated run's shape: what is fixed per run (executions, scenarios, evals, timing) and, per listing
// position, the cheap fields filters need (status, scenario, execution, snapshot parent) and the sort key.
//
// Everything here is a pure function of (seed, run spec, position). Per-position fields use integer
// hashes rather than Faker so that the store can compute them for a million rows in milliseconds; the
// generator then draws the rest of a record with Faker and never contradicts these.
import type { CallDirection, CallStatus, EvalConfig, ScenarioRef, SimulationCallType, TestExecutionRef } from './model.js'
import { CALL_STATUSES } from './model.js'
import { AGENT_FIRST_NAMES, DOMAINS, EVALS, SIMULATOR_AGENTS, VOICE_PROVIDERS } from './catalog.js'
import type { ScenarioTemplate } from './catalog.js'
import { hashAt, hashString, seedWord, unitAt, uuidAt } from './hash.js'
import type { RunProfile, RunSpec } from './runs.js'
import { REFERENCE_DATE, seededFaker } from './seeded-faker.js'

export interface PlannedScenario extends ScenarioRef {
  template: ScenarioTemplate
  datasetId: string
  columnIds: { persona: string; situation: string; outcome: string }
}

export interface PlannedEval extends EvalConfig {
  choices: readonly string[]
  multiple: boolean
}

export interface RunPlan {
  spec: RunSpec
  /** Faker seed words for this run; a row appends its position. */
  seedWords: [number, number]
  /** Hash key for per-position draws. */
  key: number
  callType: SimulationCallType
  company: string
  agentFirstName: string
  executions: TestExecutionRef[]
  scenarios: PlannedScenario[]
  evals: PlannedEval[]
  /** Snapshot rows need the parent's agent definition: the platform fails to list them without one. */
  hasSnapshots: boolean
  /** For showcase runs: the statuses of positions 0–6, one of each. */
  showcaseStatuses: CallStatus[]
  /** Upper bound of position 0's timestamp, epoch microseconds (whole seconds). */
  newestUs: number
  /** Spacing between consecutive positions, microseconds (whole seconds). */
  gapUs: number
}

/** Which draw a hash is for; keeps the per-position draws independent of each other. */
const SALT = {
  row: 1,
  jitter: 4,
  snapshotAt: 5,
  snapshotTaken: 6,
  snapshotParent: 7,
  scenarioShuffle: 100,
  callId: 1000
} as const

type Weights = readonly (readonly [CallStatus, number])[]

/** Live calls' status mix per profile. */
const PROFILE_WEIGHTS: Record<RunProfile, Weights> = {
  finished: [['completed', 0.8], ['failed', 0.11], ['cancelled', 0.04], ['analyzing', 0.05]],
  'in-progress': [['completed', 0.25], ['analyzing', 0.15], ['ongoing', 0.15], ['queued', 0.2], ['pending', 0.25]],
  failing: [['failed', 0.7], ['completed', 0.2], ['cancelled', 0.06], ['analyzing', 0.04]],
  // A live run's calls are generated in the state they end in; live.ts shows each as it stands at the clock.
  live: [['completed', 0.78], ['failed', 0.14], ['cancelled', 0.08]]
}

/**
 * A live run's calls all end within a few minutes of the reference instant: the run started
 * `LIVE_STARTED_BEFORE` earlier, creating every call, and each call reaches its final state between
 * `LIVE_FIRST_DONE` and `LIVE_FIRST_DONE + LIVE_DONE_SPREAD` after that. At the reference instant a
 * fifth of them are done and the rest waiting, ongoing or being analysed; four minutes later all are done.
 */
const LIVE_STARTED_BEFORE = 420_000_000
const LIVE_FIRST_DONE = 360_000_000
const LIVE_DONE_SPREAD = 300_000_000

/** When a live run started and created its calls, epoch microseconds. */
export const LIVE_RUN_START = REFERENCE_DATE.getTime() * 1000 - LIVE_STARTED_BEFORE

/** An earlier attempt was usually rerun because it failed, sometimes to re-evaluate a completed call. */
const SNAPSHOT_WEIGHTS: Weights = [['failed', 0.6], ['completed', 0.35], ['cancelled', 0.05]]

/**
 * Snapshot placement: positions are cut into blocks of 20; a block holds at most one snapshot, at a hashed
 * position at or after its 7th slot, whose parent sits 1–4 positions above it in the same block. The parent
 * is therefore never a snapshot itself, with no recursion, and positions 0–6 stay live (the showcase
 * statuses live there). 60% of blocks hold one: 3% of rows.
 */
const SNAPSHOT_BLOCK = 20
const SNAPSHOT_FIRST_SLOT = 7
const SNAPSHOT_SHARE = 0.6
const SNAPSHOT_MAX_DISTANCE = 4

const REFERENCE_US = REFERENCE_DATE.getTime() * 1000
const SECOND_US = 1_000_000

/** Derives the fixed part of a run from (seed, spec). */
export function planRun (seed: number, spec: RunSpec): RunPlan {
  const seedWords: [number, number] = [seedWord(seed), hashString(spec.id)]
  const key = hashAt(seedWords[0], seedWords[1], 0)
  const f = seededFaker(seedWords)

  const domain = f.helpers.arrayElement(DOMAINS)
  const company = f.helpers.arrayElement(domain.companies)
  const callType: SimulationCallType = spec.callType ?? (f.number.float() < 0.85 ? 'voice' : 'text')
  const direction: CallDirection = f.number.float() < 0.75 ? 'Inbound' : 'Outbound'
  // Voice agents always have a definition; text runs are prompt-based (no definition) half of the time.
  const agentDefinition =
    callType === 'voice' || f.datatype.boolean()
      ? { id: f.string.uuid(), name: `${company} ${domain.agentRole} Agent` }
      : null
  const provider = callType === 'voice' ? f.helpers.arrayElement(VOICE_PROVIDERS) : null

  const executions = Array.from({ length: f.number.int({ min: 2, max: 4 }) }, (): TestExecutionRef => ({
    id: f.string.uuid(),
    simulationCallType: callType,
    callDirection: direction,
    // Each execution reached the agent on its own line (agent versions are redeployed between runs).
    phoneNumber: callType === 'voice' ? f.phone.number({ style: 'international' }) : null,
    provider,
    simulatorAgent: { id: f.string.uuid(), name: f.helpers.arrayElement(SIMULATOR_AGENTS) },
    agentDefinition
  }))

  const templates = f.helpers.arrayElements(domain.scenarios, { min: 4, max: 8 })
  const scenarios = templates.map((template) => ({
    id: f.string.uuid(),
    name: template.name,
    template,
    datasetId: f.string.uuid(),
    columnIds: { persona: f.string.uuid(), situation: f.string.uuid(), outcome: f.string.uuid() }
  }))

  const evals = f.helpers.arrayElements(EVALS, { min: 2, max: 4 }).map((template) => ({
    id: f.string.uuid(),
    name: template.name,
    type: template.type,
    choices: template.choices ?? [],
    multiple: template.multiple ?? false
  }))

  return {
    spec,
    seedWords,
    key,
    callType,
    company,
    agentFirstName: f.helpers.arrayElement(AGENT_FIRST_NAMES),
    executions,
    scenarios: spec.scenarios === undefined ? scenarios : namedScenarios(seedWords, domain.scenarios, spec.scenarios),
    evals,
    // A run still executing has no reruns yet.
    hasSnapshots: agentDefinition !== null && spec.profile !== 'live',
    showcaseStatuses: f.helpers.shuffle([...CALL_STATUSES]),
    // Runs end at different moments of the three days before the reference date.
    newestUs: REFERENCE_US - f.number.int({ min: 0, max: 72 * 3600 }) * SECOND_US,
    gapUs: f.number.int({ min: 20, max: 60 }) * SECOND_US
  }
}

/** Salt of the ids of scenarios a run spec names or counts. */
const SCENARIO_SALT = 9000

/**
 * The scenarios of a run whose spec asks for them: `count` of them, or one per name given. Each speaks
 * the lines of one of its domain's scenario templates, taken in turn; a counted scenario is named after
 * its template (with its round after the first: "Report a lost phone (2)"). Ids come from integer
 * hashes, so the plan's other draws are the same as without them.
 */
function namedScenarios (seedWords: readonly number[], templates: readonly ScenarioTemplate[], wanted: number | readonly string[]): PlannedScenario[] {
  const key = hashAt(seedWords[0] as number, seedWords[1] as number, SCENARIO_SALT)
  const count = typeof wanted === 'number' ? wanted : wanted.length
  return Array.from({ length: count }, (_, index): PlannedScenario => {
    const template = templates[index % templates.length] as ScenarioTemplate
    const round = Math.floor(index / templates.length)
    const name = typeof wanted === 'number' ? (round === 0 ? template.name : `${template.name} (${round + 1})`) : wanted[index] as string
    return {
      id: uuidAt(key, index, 0),
      name,
      template,
      datasetId: uuidAt(key, index, 10),
      columnIds: { persona: uuidAt(key, index, 20), situation: uuidAt(key, index, 30), outcome: uuidAt(key, index, 40) }
    }
  })
}

export interface RowShape {
  status: CallStatus
  /** Index into `plan.scenarios`; a snapshot carries its parent's. */
  scenario: number
  /** Index into `plan.executions` (and so the phone number); a snapshot carries its parent's. */
  execution: number
  /** Position of the live call a snapshot was taken from; -1 for live rows. */
  parent: number
}

// The snapshot of the last block looked at: consecutive positions share it, which spares building a
// million-row run's columns two hashes a row.
let snapshotPlan: RunPlan | null = null
let snapshotBlock = -1
/** Position of the block's snapshot row, or -1 when the block has none. */
let snapshotPosition = -1
let snapshotParentPosition = -1

/** The parent position if `position` holds a snapshot row, else -1. */
export function snapshotParent (plan: RunPlan, position: number): number {
  if (!plan.hasSnapshots) return -1
  const block = Math.floor(position / SNAPSHOT_BLOCK)
  if (snapshotPlan !== plan || snapshotBlock !== block) {
    const slots = SNAPSHOT_BLOCK - SNAPSHOT_FIRST_SLOT
    const at = block * SNAPSHOT_BLOCK + SNAPSHOT_FIRST_SLOT + (hashAt(plan.key, block, SALT.snapshotAt) % slots)
    const forced = plan.spec.showcase === true && block === 0
    const taken = forced || unitAt(plan.key, block, SALT.snapshotTaken) < SNAPSHOT_SHARE
    snapshotPosition = taken ? at : -1
    snapshotParentPosition = taken ? at - 1 - (hashAt(plan.key, block, SALT.snapshotParent) % SNAPSHOT_MAX_DISTANCE) : -1
    snapshotPlan = plan
    snapshotBlock = block
  }
  return position === snapshotPosition ? snapshotParentPosition : -1
}

function weighted (weights: Weights, unit: number): CallStatus {
  // Indexed, with no destructuring: going through the iterator protocol for each pair took a fifth of
  // the time it takes to build a million-row run's columns.
  let rest = unit
  for (let i = 0; i < weights.length; i++) {
    const entry = weights[i] as readonly [CallStatus, number]
    rest -= entry[1]
    if (rest < 0) return entry[0]
  }
  return (weights.at(-1) as readonly [CallStatus, number])[0]
}

// The last shuffle computed: consecutive positions share it, which keeps building the columns of a
// million-row run fast.
let shuffledPlan: RunPlan | null = null
let shuffledBlock = -1
const shuffledOrder = new Uint8Array(256)

/**
 * Scenario of the live call at `position`: each run of `scenarios.length` consecutive positions is a
 * shuffle of all scenarios (as an execution runs every scenario), so even a small run shows them all.
 */
function scenarioAt (plan: RunPlan, position: number): number {
  const count = plan.scenarios.length
  const block = Math.floor(position / count)
  if (shuffledPlan !== plan || shuffledBlock !== block) {
    for (let j = 0; j < count; j++) shuffledOrder[j] = j
    for (let j = 0; j < count - 1; j++) {
      const pick = j + (hashAt(plan.key, block, SALT.scenarioShuffle + j) % (count - j))
      const chosen = shuffledOrder[pick] as number
      shuffledOrder[pick] = shuffledOrder[j] as number
      shuffledOrder[j] = chosen
    }
    shuffledPlan = plan
    shuffledBlock = block
  }
  return shuffledOrder[position - block * count] as number
}

/**
 * The filterable fields of the row at `position` (0 = most recent). One hash per position feeds two
 * independent draws: its top 22 bits the status, its low 8 bits the execution.
 */
export function shapeAt (plan: RunPlan, position: number): RowShape {
  const parent = snapshotParent(plan, position)
  const own = hashAt(plan.key, position, SALT.row)
  const owner = parent >= 0 ? parent : position
  const ownerHash = parent >= 0 ? hashAt(plan.key, parent, SALT.row) : own
  const unit = (own >>> 8) / 2 ** 22
  let status: CallStatus
  if (parent >= 0) status = weighted(SNAPSHOT_WEIGHTS, unit)
  else if (plan.spec.showcase === true && position < plan.showcaseStatuses.length) status = plan.showcaseStatuses[position] as CallStatus
  else status = weighted(PROFILE_WEIGHTS[plan.spec.profile], unit)
  return {
    status,
    scenario: scenarioAt(plan, owner),
    execution: (ownerHash & 0xff) % plan.executions.length,
    parent
  }
}

/**
 * The sort key of `position`, epoch microseconds: `newest − position·gap − jitter` with
 * 0 < jitter < gap, so it strictly decreases with the position. The jitter is odd, and the rest is
 * whole seconds, so the microsecond digits are never all zero.
 */
export function timestampAt (plan: RunPlan, position: number): number {
  if (plan.spec.profile === 'live') return liveDoneAt(plan, position)
  const jitter = 2 * (hashAt(plan.key, position, SALT.jitter) % (plan.gapUs / 2)) + 1
  return plan.newestUs - position * plan.gapUs - jitter
}

/**
 * When the call `index` of a live run reaches its final state (its last update), epoch microseconds:
 * spread evenly over the run's few minutes, odd in its microseconds like every other sort key.
 */
function liveDoneAt (plan: RunPlan, index: number): number {
  const offset = Math.floor(unitAt(plan.key, index, SALT.jitter) * (LIVE_DONE_SPREAD / 2)) * 2 + 1
  return REFERENCE_US - LIVE_STARTED_BEFORE + LIVE_FIRST_DONE + offset
}

/** The id of the call (or snapshot) at `position`, known without generating the row. */
export function callIdAt (plan: RunPlan, position: number): string {
  return uuidAt(plan.key, position, SALT.callId)
}
