// The run test of a generated run: its identity from the run's plan, its executions' counts from the run's filter columns.
//
// Everything is a pure function of (seed, run spec), derived from the plan the rows come from, so it
// agrees with them in every process. Status counts per execution come from one pass over the columns
// the listing's filters already keep (a few milliseconds for a million rows), made once and kept as
// long as the columns are; the figures that need a call's contents (durations, response times, chat
// messages) are summed over every call of runs up to `EXACT_AGGREGATE_ROWS`, and estimated from the
// first calls of each execution in larger ones.
import { candidatePositions } from './call-id.js'
import type { RunColumns } from './columns.js'
import { generateRecord } from './generator.js'
import { hashAt, uuidAt } from './hash.js'
import type { CallRecord, CallStatus } from './model.js'
import { CALL_STATUSES } from './model.js'
import { callIdAt, snapshotParent, timestampAt, type RunPlan } from './run-plan.js'
import {
  AGGREGATE_SAMPLE,
  EXACT_AGGREGATE_ROWS,
  addContents,
  emptyCounts,
  executionStatus,
  isFinalExecutionStatus,
  scaleSample,
  wholeSeconds,
  type AgentVersionRef,
  type ExecutionCounts,
  type ExecutionView,
  type RunTestIdentity,
  type RunTestModel
} from './run-tests.js'

/** Salts of the hashes this file draws with, apart from the row draws of run-plan.ts (1–1004). */
const SALT = {
  runCreated: 3000,
  runUpdated: 3001,
  versionNumber: 3002,
  versionCreated: 3003,
  versionId: 3010,
  promptId: 3020,
  executionGap: 3030
} as const

const SECOND_US = 1_000_000
const HOUR_US = 3600 * SECOND_US
const DAY_US = 24 * HOUR_US
const CALL_ID_SALT = 1000

/** The run test's own fields a run spec may give; the rest is derived from the plan. */
export interface RunTestFields {
  name?: string | undefined
  description?: string | null | undefined
}

/** A name no other run test of a session has: the agent (or prompt) and the start of the run's id. */
export function derivedName (plan: RunPlan): string {
  const agent = plan.executions[0]?.agentDefinition?.name ?? `${plan.company} Chat Prompt`
  return `${agent} ${plan.spec.id.slice(0, 8)}`
}

/** When the run test was created: before any of its calls, from the plan alone (no row is looked at). */
function runCreatedAt (plan: RunPlan, oldestUs: number): number {
  return oldestUs - (1 + (hashAt(plan.key, 0, SALT.runCreated) % 6)) * DAY_US - (hashAt(plan.key, 1, SALT.runCreated) % 86_400) * SECOND_US
}

/** The identity of a generated run's run test; `oldestUs` is a bound below every row's times. */
export function generatedIdentity (plan: RunPlan, fields: RunTestFields, oldestUs: number): RunTestIdentity {
  const agent = plan.executions[0]?.agentDefinition ?? null
  const createdAt = runCreatedAt(plan, oldestUs)
  const versionNumber = 1 + (hashAt(plan.key, 0, SALT.versionNumber) % 6)
  const agentVersion: AgentVersionRef | null = agent === null
    ? null
    : {
        id: uuidAt(plan.key, 0, SALT.versionId),
        name: `v${versionNumber}`,
        versionNumber,
        createdAt: createdAt - (1 + (hashAt(plan.key, 0, SALT.versionCreated) % 72)) * HOUR_US
      }
  return {
    id: plan.spec.id,
    name: fields.name ?? derivedName(plan),
    description: fields.description === undefined ? null : fields.description,
    createdAt,
    updatedAt: createdAt + (hashAt(plan.key, 0, SALT.runUpdated) % 3600) * SECOND_US + 417_023,
    simulationType: plan.callType,
    sourceType: agent === null ? 'prompt' : 'agent_definition',
    agentDefinition: agent,
    agentVersion,
    promptTemplate: agent === null ? { id: uuidAt(plan.key, 0, SALT.promptId), name: `${plan.company} Chat Prompt` } : null,
    scenarios: plan.scenarios.map(({ id, name }) => ({ id, name })),
    evalConfigs: plan.evals.map(({ id, name, type }) => ({ id, name, type })),
    provider: plan.executions[0]?.provider ?? null
  }
}

/** A lower bound of every time a non-live generated run's rows show. */
export function oldestOfRun (plan: RunPlan): number {
  return plan.newestUs - (plan.spec.rows + 1) * plan.gapUs - HOUR_US
}

/** What one pass over a run's columns gives: per execution, its live calls' status counts and positions. */
interface ColumnAggregates {
  counts: ExecutionCounts[]
  /** Live positions of each execution, in listing order (most recently updated first). */
  positions: Uint32Array[]
  /** First and last listing position of each execution's rows (snapshots included); -1 when it has none. */
  first: number[]
  last: number[]
  /** Filled when first asked for: the figures that need the calls' contents. */
  contents: Array<Pick<ExecutionCounts, 'connected' | 'responseTimeMsSum' | 'responseTimeMsCount' | 'customerMessages' | 'estimated'>> | null
}

/** Kept as long as the columns they were computed from are: a created run's columns may be evicted and rebuilt. */
const aggregatesOf = new WeakMap<RunColumns, ColumnAggregates>()

function aggregate (plan: RunPlan, columns: RunColumns): ColumnAggregates {
  let found = aggregatesOf.get(columns)
  if (found !== undefined) return found
  const executions = plan.executions.length
  const counts = plan.executions.map(() => emptyCounts())
  const first = new Array<number>(executions).fill(-1)
  const last = new Array<number>(executions).fill(-1)
  const rows = plan.spec.rows
  const snapshot = new Uint8Array(rows)
  for (let position = 0; position < rows; position++) {
    const k = columns.execution[position] as number
    const c = counts[k] as ExecutionCounts
    if (first[k] === -1) first[k] = position
    last[k] = position
    if (snapshotParent(plan, position) >= 0) {
      snapshot[position] = 1
      c.snapshots++
      continue
    }
    c.total++
    c.byStatus[CALL_STATUSES[columns.status[position] as number] as CallStatus]++
  }
  const positions = counts.map((c) => new Uint32Array(c.total))
  const filled = new Array<number>(executions).fill(0)
  for (let position = 0; position < rows; position++) {
    if (snapshot[position] === 1) continue
    const k = columns.execution[position] as number
    const at = filled[k] as number
    ;(positions[k] as Uint32Array)[at] = position
    filled[k] = at + 1
  }
  found = { counts, positions, first, last, contents: null }
  aggregatesOf.set(columns, found)
  return found
}

/** The contents figures of each execution: over every call, or over the first `AGGREGATE_SAMPLE` of a large run's. */
function contentsOf (plan: RunPlan, aggregates: ColumnAggregates): NonNullable<ColumnAggregates['contents']> {
  if (aggregates.contents !== null) return aggregates.contents
  const exact = aggregates.counts.reduce((sum, c) => sum + c.total, 0) <= EXACT_AGGREGATE_ROWS
  aggregates.contents = aggregates.positions.map((positions) => {
    const sample = emptyCounts()
    const take = exact ? positions.length : Math.min(positions.length, AGGREGATE_SAMPLE)
    for (let i = 0; i < take; i++) addContents(sample, generateRecord(plan, positions[i] as number))
    return scaleSample(sample, take, positions.length)
  })
  return aggregates.contents
}

/** The live call of position `position`'s snapshot rows, newest first: a snapshot sits in its parent's block of 20. */
function snapshotPositionsOf (plan: RunPlan, position: number): number[] {
  if (!plan.hasSnapshots) return []
  const block = Math.floor(position / 20)
  const found: number[] = []
  for (let at = block * 20; at < Math.min(plan.spec.rows, block * 20 + 20); at++) {
    if (snapshotParent(plan, at) === position) found.push(at)
  }
  return found
}

/** The position of the row of id `callId` in a generated run, or -1. */
export function positionOfCall (plan: RunPlan, callId: string): number {
  for (const candidate of candidatePositions(plan.key, CALL_ID_SALT, callId, plan.spec.rows)) {
    if (callIdAt(plan, candidate) === callId) return candidate
  }
  return -1
}

/** The scenario and phone hits of a search over one execution's calls. */
function searchHits (plan: RunPlan, search: string, k: number): { all: boolean; scenario: boolean[] } {
  const needle = search.toLowerCase()
  const phone = plan.executions[k]?.phoneNumber ?? null
  return {
    all: phone !== null && phone.toLowerCase().includes(needle),
    scenario: plan.scenarios.map((scenario) => scenario.name.toLowerCase().includes(needle))
  }
}

/**
 * The run test of a finished (non-live) generated run. `columns` gives the run's filter columns (kept
 * or cached), `filtered` caches an execution's positions matching a search.
 */
export function generatedRunTest (
  plan: RunPlan,
  fields: RunTestFields,
  columns: () => RunColumns,
  filtered: (cacheKey: string, build: () => Uint32Array) => Uint32Array,
  sourceKey: string
): RunTestModel {
  const identity = generatedIdentity(plan, fields, oldestOfRun(plan))
  const scenarioIds = identity.scenarios.map((scenario) => scenario.id)
  let views: ExecutionView[] | null = null
  let viewsOf: RunColumns | null = null

  function executions (): ExecutionView[] {
    const cols = columns()
    if (views !== null && viewsOf === cols) return views
    const aggregates = aggregate(plan, cols)
    const made: ExecutionView[] = []
    plan.executions.forEach((ref, k) => {
      const last = aggregates.last[k] as number
      if (last === -1) return
      const counts = aggregates.counts[k] as ExecutionCounts
      // Created an hour (and a little per execution) before its oldest row, started at once.
      const createdAt = timestampAt(plan, last) - HOUR_US - (hashAt(plan.key, k, SALT.executionGap) % 600) * SECOND_US - 1_000 * k - 211
      const startedAt = createdAt + 3_127
      const status = executionStatus(counts, false)
      const completedAt = isFinalExecutionStatus(status) ? timestampAt(plan, aggregates.first[k] as number) + 52_069 : null
      made.push({
        id: ref.id,
        ref,
        agentVersion: identity.agentVersion,
        createdAt,
        startedAt,
        completedAt,
        status,
        scenarioIds,
        errorReason: null,
        get counts (): ExecutionCounts {
          return { ...counts, ...contentsOf(plan, aggregates)[k] }
        },
        durationSeconds: completedAt === null ? 0 : wholeSeconds(startedAt, completedAt)
      })
    })
    made.sort((a, b) => b.createdAt - a.createdAt)
    views = made
    viewsOf = cols
    return made
  }

  /** The positions of one execution's live calls a search keeps, in the order its page lists them. */
  function executionRows (executionId: string, search: string): Uint32Array | null {
    const k = plan.executions.findIndex((ref) => ref.id === executionId)
    if (k === -1 || !executions().some((view) => view.id === executionId)) return null
    const all = aggregate(plan, columns()).positions[k] as Uint32Array
    if (search === '') return all
    const hits = searchHits(plan, search, k)
    if (hits.all) return all
    const cols = columns()
    return filtered(JSON.stringify([sourceKey, 'execution', k, search]), () =>
      all.filter((position) => hits.scenario[cols.scenario[position] as number] === true))
  }

  return {
    identity,
    executions,
    executionRows: (executionId, query) => executionRows(executionId, query.search),
    executionCalls (executionId, query) {
      const positions = executionRows(executionId, query.search)
      if (positions === null) return null
      const rows: CallRecord[] = []
      for (let i = query.offset; i < Math.min(positions.length, query.offset + query.limit); i++) rows.push(generateRecord(plan, positions[i] as number))
      return { count: positions.length, rows }
    },
    findCall (callId) {
      const position = positionOfCall(plan, callId)
      return position === -1 ? null : generateRecord(plan, position)
    },
    snapshotsOf (callId) {
      const position = positionOfCall(plan, callId)
      if (position === -1 || snapshotParent(plan, position) >= 0) return []
      return snapshotPositionsOf(plan, position).map((at) => generateRecord(plan, at))
    }
  }
}
