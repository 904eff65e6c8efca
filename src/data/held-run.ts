// A run whose rows are held in memory (a fixture file's, one given to the control plane, or one an action changes): its rows and its run test.
//
// Its run test is read off its rows: the scenarios, eval configs and agent they show, one test execution
// per `test_execution_id`, each with counts over its calls. A held run can change (an execution started,
// calls added or updated, a snapshot kept, an execution cancelled): every change bumps `revision`, which
// names the run's pages in the listing's caches, and the counts are computed again once, on the next read.
import { hashString, uuidAt } from './hash.js'
import type { CallRecord, EvalConfig, ScenarioRef, SimulationCallType, TestExecutionRef } from './model.js'
import { REFERENCE_DATE } from './seeded-faker.js'
import {
  addRecord,
  emptyCounts,
  executionStatus,
  isFinalExecutionStatus,
  wholeSeconds,
  type AgentVersionRef,
  type ExecutionCounts,
  type ExecutionStatus,
  type ExecutionView,
  type RunTestIdentity,
  type RunTestModel
} from './run-tests.js'

const SECOND_US = 1_000_000
const DAY_US = 86_400 * SECOND_US

/** The run test's own fields, given by a fixture file or the control plane; the rest is read off the rows. */
export interface HeldRunFields {
  name?: string | undefined
  description?: string | null | undefined
  simulationType?: SimulationCallType | undefined
  /** Epoch microseconds. */
  createdAt?: number | undefined
}

/** A test execution a held run knows besides what its rows show: one started with no call yet, or cancelled. */
export interface ExecutionEntry {
  ref: TestExecutionRef
  /** Epoch microseconds. */
  createdAt: number
  startedAt: number
  scenarioIds: readonly string[]
  /** Set by a cancel: the execution is `cancelled` from then on, whatever its calls say. */
  cancelledAt: number | null
  /** A status the execution is held in regardless of its calls (`cancelling`, `failed`); null: it follows its calls. */
  heldStatus: ExecutionStatus | null
  errorReason: string | null
}

/** The default name of a held run test: unique, as run ids are. */
export function heldRunName (id: string): string {
  return `Run test ${id.slice(0, 8)}`
}

/** The run test's identity as its rows show it. */
function identityOf (id: string, records: readonly CallRecord[], fields: HeldRunFields): RunTestIdentity {
  const scenarios = new Map<string, ScenarioRef>()
  const evals = new Map<string, EvalConfig>()
  let agent: { id: string; name: string } | null = null
  let provider: string | null = null
  let simulationType: SimulationCallType | null = null
  let oldest = Number.POSITIVE_INFINITY
  for (const record of records) {
    if (record.scenario !== null && !scenarios.has(record.scenario.id)) scenarios.set(record.scenario.id, { ...record.scenario })
    for (const result of record.evals) {
      if (!evals.has(result.configId)) evals.set(result.configId, { id: result.configId, name: result.name, type: result.type ?? 'score' })
    }
    agent ??= record.testExecution.agentDefinition
    provider ??= record.testExecution.provider
    simulationType ??= record.testExecution.simulationCallType
    oldest = Math.min(oldest, record.createdAt, record.timestamp)
  }
  const reference = REFERENCE_DATE.getTime() * 1000
  const createdAt = fields.createdAt ?? (Number.isFinite(oldest) ? oldest - DAY_US : reference - 7 * DAY_US) - 271_828
  const key = hashString(id)
  const agentVersion: AgentVersionRef | null = agent === null
    ? null
    : { id: uuidAt(key, 0, 3010), name: 'v1', versionNumber: 1, createdAt: createdAt - DAY_US }
  return {
    id,
    name: fields.name ?? heldRunName(id),
    description: fields.description ?? null,
    createdAt,
    updatedAt: createdAt,
    simulationType: fields.simulationType ?? simulationType ?? 'voice',
    sourceType: agent === null ? 'prompt' : 'agent_definition',
    agentDefinition: agent,
    agentVersion,
    promptTemplate: agent === null ? { id: uuidAt(key, 0, 3020), name: `${fields.name ?? heldRunName(id)} prompt` } : null,
    scenarios: [...scenarios.values()],
    evalConfigs: [...evals.values()],
    provider
  }
}

/** What one pass over the rows gives, kept until the run changes. */
interface Digest {
  views: ExecutionView[]
  /** Each execution's live calls, most recently updated first. */
  calls: Map<string, CallRecord[]>
  /** Each live call's snapshot rows, newest first. */
  snapshots: Map<string, CallRecord[]>
}

export class HeldRun implements RunTestModel {
  readonly id: string
  readonly identity: RunTestIdentity
  #rows: CallRecord[]
  #sorted = true
  readonly #byId = new Map<string, CallRecord>()
  readonly #entries = new Map<string, ExecutionEntry>()
  #revision = 0
  #digest: Digest | null = null

  constructor (id: string, records: readonly CallRecord[], fields: HeldRunFields = {}, identity?: RunTestIdentity) {
    this.id = id
    // The listing order is the platform's `ORDER BY timestamp DESC`; the sort is stable for equal times.
    this.#rows = [...records].sort((a, b) => b.timestamp - a.timestamp)
    for (const record of this.#rows) this.#byId.set(record.id, record)
    this.identity = identity ?? identityOf(id, this.#rows, fields)
  }

  /**
   * A held copy of any run test as it stands at `now`: the same identity, executions (times, scenarios)
   * and rows, which actions can then change. `records` are the run's rows at `now`, in any order.
   */
  static copyOf (model: RunTestModel, records: readonly CallRecord[], now: number): HeldRun {
    const copy = new HeldRun(model.identity.id, records, {}, model.identity)
    for (const view of model.executions(now)) {
      copy.#entries.set(view.id, {
        ref: view.ref,
        createdAt: view.createdAt,
        startedAt: view.startedAt,
        scenarioIds: view.scenarioIds,
        cancelledAt: view.status === 'cancelled' ? view.completedAt : null,
        heldStatus: null,
        errorReason: view.errorReason
      })
    }
    return copy
  }

  /** Changes with every change of the run. */
  get revision (): number {
    return this.#revision
  }

  /** Rows in listing order, snapshots included. */
  rows (): readonly CallRecord[] {
    if (!this.#sorted) {
      this.#rows.sort((a, b) => b.timestamp - a.timestamp)
      this.#sorted = true
    }
    return this.#rows
  }

  /** Starts an execution (with no call yet, or before its calls are put). */
  addExecution (entry: ExecutionEntry): void {
    this.#entries.set(entry.ref.id, entry)
    this.#changed()
  }

  /** Changes what the run knows of an execution besides its calls (a cancel, a held status); false for one it does not have. */
  updateExecution (id: string, change: Partial<Pick<ExecutionEntry, 'cancelledAt' | 'heldStatus' | 'errorReason'>>): boolean {
    const entry = this.#entries.get(id) ?? this.#entryFromRows(id)
    if (entry === null) return false
    this.#entries.set(id, { ...entry, ...change })
    this.#changed()
    return true
  }

  /** Adds a row (a call or a snapshot), or replaces the row of the same id. */
  putCall (record: CallRecord): void {
    const previous = this.#byId.get(record.id)
    if (previous === undefined) this.#rows.push(record)
    else this.#rows[this.#rows.indexOf(previous)] = record
    this.#byId.set(record.id, record)
    this.#sorted = false
    this.#changed()
  }

  executions (): readonly ExecutionView[] {
    return this.#digested().views
  }

  executionCalls (executionId: string, query: { search: string; offset: number; limit: number }): { count: number; rows: readonly CallRecord[] } | null {
    const calls = this.#digested().calls.get(executionId)
    if (calls === undefined) return null
    const needle = query.search.toLowerCase()
    const kept = needle === ''
      ? calls
      : calls.filter((record) =>
        (record.testExecution.phoneNumber?.toLowerCase().includes(needle) ?? false) ||
        (record.scenario?.name.toLowerCase().includes(needle) ?? false))
    return { count: kept.length, rows: kept.slice(query.offset, query.offset + query.limit) }
  }

  findCall (callId: string): CallRecord | null {
    return this.#byId.get(callId) ?? null
  }

  snapshotsOf (callId: string): readonly CallRecord[] {
    return this.#digested().snapshots.get(callId) ?? []
  }

  #changed (): void {
    this.#revision++
    this.#digest = null
  }

  /** An execution as its rows alone show it, for one that has no entry yet. */
  #entryFromRows (id: string): ExecutionEntry | null {
    let ref: TestExecutionRef | null = null
    let oldest = Number.POSITIVE_INFINITY
    for (const record of this.#rows) {
      if (record.testExecution.id !== id) continue
      ref = record.testExecution
      oldest = Math.min(oldest, record.createdAt)
    }
    if (ref === null) return null
    // Created a second before its first call, started at once.
    const createdAt = oldest - SECOND_US - 211
    return {
      ref,
      createdAt,
      startedAt: createdAt + 3_127,
      scenarioIds: this.identity.scenarios.map((scenario) => scenario.id),
      cancelledAt: null,
      heldStatus: null,
      errorReason: null
    }
  }

  #digested (): Digest {
    if (this.#digest !== null) return this.#digest
    const rows = this.rows()
    const counts = new Map<string, ExecutionCounts>()
    const latest = new Map<string, number>()
    const calls = new Map<string, CallRecord[]>()
    const snapshots = new Map<string, CallRecord[]>()
    const oldest = new Map<string, { ref: TestExecutionRef; at: number }>()
    for (const entry of this.#entries.values()) {
      counts.set(entry.ref.id, emptyCounts())
      calls.set(entry.ref.id, [])
    }
    for (const record of rows) {
      const id = record.testExecution.id
      let c = counts.get(id)
      if (c === undefined) {
        c = emptyCounts()
        counts.set(id, c)
        calls.set(id, [])
      }
      addRecord(c, record)
      latest.set(id, Math.max(latest.get(id) ?? 0, record.timestamp))
      const seen = oldest.get(id)
      if (seen === undefined || record.createdAt < seen.at) oldest.set(id, { ref: record.testExecution, at: record.createdAt })
      if (record.isSnapshot) {
        if (record.originalCallId !== null) {
          const list = snapshots.get(record.originalCallId) ?? []
          list.push(record)
          snapshots.set(record.originalCallId, list)
        }
      } else {
        ;(calls.get(id) as CallRecord[]).push(record)
      }
    }
    const views: ExecutionView[] = []
    for (const [id, c] of counts) {
      const entry = this.#entries.get(id) ?? this.#entryFromRows(id)
      if (entry === null) continue
      const status = entry.cancelledAt !== null ? 'cancelled' : entry.heldStatus ?? executionStatus(c, false)
      const completedAt = entry.cancelledAt ?? (isFinalExecutionStatus(status) ? (latest.get(id) ?? entry.startedAt) + 52_069 : null)
      views.push({
        id,
        ref: entry.ref,
        agentVersion: this.identity.agentVersion,
        createdAt: entry.createdAt,
        startedAt: entry.startedAt,
        completedAt,
        status,
        scenarioIds: entry.scenarioIds,
        errorReason: entry.errorReason,
        counts: c,
        durationSeconds: completedAt === null ? 0 : Math.max(0, wholeSeconds(entry.startedAt, completedAt))
      })
    }
    views.sort((a, b) => b.createdAt - a.createdAt)
    this.#digest = { views, calls, snapshots }
    return this.#digest
  }
}
