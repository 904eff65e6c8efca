// Live runs: each call is generated in the state it ends in, then shown as it stands at the session's clock.
//
// A call of a live run passes through the platform's lifecycle: pending (queued for a chat) from its
// creation until it starts, ongoing while it runs (its transcript growing turn by turn), then for a
// call that completes analyzing until its evals are done, and finally the state it was generated in
// (completed, failed or cancelled). Each view satisfies the rules a row of its status follows, and its
// `timestamp` is the time of its last change, so the listing's order and its status filter move as the
// platform's would. A view is a pure function of (seed, run, index, clock).
import { compileLikeSearch } from '../domain/like-pattern.js'
import { generateRecord } from './generator.js'
import { generatedIdentity, positionOfCall, type RunTestFields } from './generated-run-test.js'
import type { CallRecord, CallStatus, PageQuery, RunOrigin } from './model.js'
import { emptyCounts, executionStatus, identityInfo, isFinalExecutionStatus, wholeSeconds, type ExecutionCounts, type ExecutionView, type RunTestModel } from './run-tests.js'
import { LIVE_RUN_START, planRun, shapeAt, type RunPlan } from './run-plan.js'
import type { RunSpec } from './runs.js'
import { keptOrCached, nextKey } from './source-key.js'
import type { RunSource, StoreCaches } from './store.js'

/** When a call's state changes: created, started (null: never), ended, and reached its final state. */
export interface LiveTimes {
  created: number
  started: number | null
  ended: number
  done: number
}

export function liveTimes (final: CallRecord): LiveTimes {
  const started = final.startTime
  // Ended once its duration has passed and its last turn is stored, whichever is later.
  const lastTurn = final.transcript.at(-1)?.createdAt ?? 0
  return {
    created: final.createdAt,
    started,
    ended: started === null ? final.timestamp : Math.max(started + Math.round((final.duration ?? 0) * 1_000_000), lastTurn),
    done: final.timestamp
  }
}

/** The status a call shows at `now`, or null when it does not exist yet. */
export function liveStatusAt (final: CallRecord, times: LiveTimes, now: number): CallStatus | null {
  if (now < times.created) return null
  if (now >= times.done) return final.status
  if (times.started === null || now < times.started) return waitingStatus(final)
  if (final.status === 'completed' && now >= times.ended) return 'analyzing'
  return 'ongoing'
}

/** A chat call from a prompt waits as `queued`; every other call as `pending`. */
function waitingStatus (final: CallRecord): CallStatus {
  return final.testExecution.simulationCallType === 'text' ? 'queued' : 'pending'
}

/** What a call has only once it has ended: none of it before. */
function withoutOutcome (record: CallRecord): CallRecord {
  return {
    ...record,
    duration: null,
    endedReason: null,
    callSummary: null,
    evals: [],
    overallScore: null,
    csatScore: null,
    responseTimeMs: null,
    audioUrl: null,
    recordings: {},
    voiceMetrics: null,
    textMetrics: null,
    turnCount: null,
    avgAgentLatencyMs: null,
    costCents: null
  }
}

/** The call as it stands at `now`; null when it was not created yet. */
export function liveView (final: CallRecord, now: number): CallRecord | null {
  const times = liveTimes(final)
  const status = liveStatusAt(final, times, now)
  if (status === null) return null
  if (now >= times.done) return final
  if (status === 'pending' || status === 'queued') {
    return {
      ...withoutOutcome(final),
      status,
      timestamp: times.created,
      startTime: null,
      providerCallType: null,
      customerNumber: null,
      transcript: []
    }
  }
  if (status === 'analyzing') {
    return {
      ...final,
      status,
      timestamp: times.ended,
      overallScore: null,
      csatScore: null,
      evals: final.evals.map((result) => ({ configId: result.configId, name: result.name, type: result.type, status: 'pending', value: null, reason: null }))
    }
  }
  // Ongoing: the turns stored so far, the row last updated when the latest of them was.
  const transcript = final.transcript.filter((turn) => turn.createdAt <= now)
  return {
    ...withoutOutcome(final),
    status: 'ongoing',
    timestamp: Math.max(times.started as number, transcript.at(-1)?.createdAt ?? times.started as number),
    transcript
  }
}

/**
 * A live run's timetable, built once from its calls' final states: what sorting and filtering at any
 * instant need, without generating a call again.
 */
export interface LiveSchedule {
  times: LiveTimes[]
  /** The final state of each call, and the state it waits in before it starts. */
  finals: CallStatus[]
  waiting: CallStatus[]
  /** When each call's transcript turns are stored, for the time of an ongoing call's last change. */
  turnTimes: Float64Array[]
  scenario: Uint8Array
  execution: Uint8Array
  /** Whether each call, once ended, lasted more than 0 s; its response time once ended (NaN: none). */
  connected: Uint8Array
  responseTimeMs: Float64Array
  /** When each chat call's customer messages are stored (empty for voice calls). */
  customerTimes: Float64Array[]
  /** An estimate of the memory held, for the bounded cache of created runs' timetables. */
  bytes: number
}

function buildSchedule (plan: RunPlan): LiveSchedule {
  const count = plan.spec.rows
  const schedule: LiveSchedule = {
    times: [],
    finals: [],
    waiting: [],
    turnTimes: [],
    scenario: new Uint8Array(count),
    execution: new Uint8Array(count),
    connected: new Uint8Array(count),
    responseTimeMs: new Float64Array(count),
    customerTimes: [],
    bytes: 0
  }
  for (let index = 0; index < count; index++) {
    const final = generateRecord(plan, index)
    schedule.times.push(liveTimes(final))
    schedule.finals.push(final.status as CallStatus)
    schedule.waiting.push(waitingStatus(final))
    schedule.turnTimes.push(Float64Array.from(final.transcript, (turn) => turn.createdAt))
    const shape = shapeAt(plan, index)
    schedule.scenario[index] = shape.scenario
    schedule.execution[index] = shape.execution
    schedule.connected[index] = final.duration !== null && final.duration > 0 ? 1 : 0
    schedule.responseTimeMs[index] = final.responseTimeMs ?? Number.NaN
    schedule.customerTimes.push(final.testExecution.simulationCallType === 'text'
      ? Float64Array.from(final.transcript.filter((turn) => turn.role === 'user'), (turn) => turn.createdAt)
      : new Float64Array(0))
    schedule.bytes += 140 + 16 * final.transcript.length
  }
  return schedule
}

/** The status of call `index` at `now` (null: not created yet), from the timetable. */
function statusAt (schedule: LiveSchedule, index: number, now: number): CallStatus | null {
  const times = schedule.times[index] as LiveTimes
  const final = schedule.finals[index] as CallStatus
  if (now < times.created) return null
  if (now >= times.done) return final
  if (times.started === null || now < times.started) return schedule.waiting[index] as CallStatus
  if (final === 'completed' && now >= times.ended) return 'analyzing'
  return 'ongoing'
}

/** When call `index` last changed before `now`: the `timestamp` its row shows. */
function changedAt (schedule: LiveSchedule, index: number, now: number): number {
  const times = schedule.times[index] as LiveTimes
  if (now >= times.done) return times.done
  if (times.started === null || now < times.started) return times.created
  if (schedule.finals[index] === 'completed' && now >= times.ended) return times.ended
  let last = times.started
  for (const stored of schedule.turnTimes[index] as Float64Array) if (stored <= now && stored > last) last = stored
  return last
}

/**
 * A run whose calls move through their lifecycle as the clock of the session reading it advances.
 * Its timetable is kept for good when `pinned` (a run configured at start-up), else in the shared,
 * bounded cache; each order and filter at an instant is cached like a generated run's filters.
 */
export function liveRunSource (seed: number, spec: RunSpec, origin: RunOrigin, pinned: boolean, fields: RunTestFields = {}): RunSource {
  const plan = planRun(seed, spec)
  const key = nextKey()
  const schedules = keptOrCached(pinned, key, (caches: StoreCaches) => caches.schedules, () => buildSchedule(plan))
  /** The timetable the last placement used: the rows of a page are named from it right after. */
  let lastSchedule: LiveSchedule | null = null

  /** The calls that exist at `now`, most recently changed first, with those the filter keeps. */
  function listing (query: PageQuery, caches: StoreCaches, now: number): Uint32Array {
    const cacheKey = JSON.stringify([key, now, query.search, query.status])
    const schedule = schedules.of(caches)
    lastSchedule = schedule
    const cached = caches.positions.get(cacheKey)
    if (cached !== undefined) return cached
    const matches = query.search === '' ? null : compileLikeSearch(query.search)
    const scenarioHit = plan.scenarios.map((scenario) => matches === null || matches(scenario.name))
    const phoneHit = plan.executions.map((execution) => matches !== null && execution.phoneNumber !== null && matches(execution.phoneNumber))
    const kept: Array<[number, number]> = []
    for (let index = 0; index < spec.rows; index++) {
      const status = statusAt(schedule, index, now)
      if (status === null || (query.status !== '' && status !== query.status)) continue
      if (matches !== null && !(scenarioHit[schedule.scenario[index] as number] === true || phoneHit[schedule.execution[index] as number] === true)) continue
      kept.push([changedAt(schedule, index, now), index])
    }
    // Newest change first; the index breaks a tie, so the order is the same in every process.
    kept.sort((a, b) => b[0] - a[0] || a[1] - b[1])
    const order = Uint32Array.from(kept, ([, index]) => index)
    caches.positions.set(cacheKey, order)
    return order
  }

  let boundCaches: StoreCaches | null = null
  const runTest = liveRunTest(plan, fields, {
    schedule: () => schedules.of(caches()),
    order: (now) => listing({ runId: spec.id, search: '', status: '', offset: 0, limit: 0 }, caches(), now),
    record: (index, now) => liveView(generateRecord(plan, index), now)
  })
  function caches (): StoreCaches {
    if (boundCaches === null) throw new Error(`run ${spec.id} has not been placed in a store`)
    return boundCaches
  }

  return {
    key,
    info: { id: spec.id, rows: spec.rows, origin, profile: spec.profile, contract: null, ...identityInfo(runTest.identity) },
    runTest,
    bind (shared) {
      boundCaches = shared
    },
    place (query, caches, now) {
      const order = listing(query, caches, now)
      return { count: order.length, rows: order.subarray(query.offset, query.offset + query.limit) }
    },
    recordAt (index, now) {
      const view = liveView(generateRecord(plan, index), now)
      if (view === null) throw new Error(`call ${index} of run ${spec.id} does not exist at ${now}`)
      return view
    },
    rowKey: (index, now) => `${index}@${lastSchedule === null ? now : changedAt(lastSchedule, index, now)}`,
    rowOf (callId) {
      const index = positionOfCall(plan, callId)
      return index === -1 ? null : index
    },
    version: (now) => `${key}@${now}`,
    warm: schedules.warm,
    context: { seed, plan }
  }
}

/** What a live run's run test reads of its source: the timetable, the order at an instant, a call's view. */
interface LiveAccess {
  schedule: () => LiveSchedule
  order: (now: number) => Uint32Array
  record: (index: number, now: number) => CallRecord | null
}

/** Before its calls were created, one execution after the other. */
const EXECUTION_LEAD_US = 10_000_000

/**
 * The run test of a live run: its executions' counts are those of its calls' statuses at the instant
 * asked for, from the timetable (at most `MAX_LIVE_RUN_ROWS` calls a pass), the last instant's kept.
 */
function liveRunTest (plan: RunPlan, fields: RunTestFields, access: LiveAccess): RunTestModel {
  const identity = generatedIdentity(plan, fields, LIVE_RUN_START - 3_600_000_000)
  const scenarioIds = identity.scenarios.map((scenario) => scenario.id)
  let cachedAt = Number.NaN
  let cached: ExecutionView[] = []

  function executions (now: number): ExecutionView[] {
    if (now === cachedAt) return cached
    const schedule = access.schedule()
    const counts = plan.executions.map(() => emptyCounts())
    const doneAt = plan.executions.map(() => 0)
    for (let index = 0; index < plan.spec.rows; index++) {
      const status = statusAt(schedule, index, now)
      if (status === null) continue
      const k = schedule.execution[index] as number
      const c = counts[k] as ExecutionCounts
      c.total++
      c.byStatus[status]++
      const times = schedule.times[index] as LiveTimes
      doneAt[k] = Math.max(doneAt[k] as number, times.done)
      if (status !== 'pending' && status !== 'queued' && status !== 'ongoing') {
        c.connected += schedule.connected[index] as number
        const response = schedule.responseTimeMs[index] as number
        if (!Number.isNaN(response)) {
          c.responseTimeMsSum += response
          c.responseTimeMsCount++
        }
      }
      for (const stored of schedule.customerTimes[index] as Float64Array) if (stored <= now) c.customerMessages++
    }
    const made: ExecutionView[] = []
    plan.executions.forEach((ref, k) => {
      const c = counts[k] as ExecutionCounts
      if (c.total === 0) return
      const createdAt = LIVE_RUN_START - EXECUTION_LEAD_US - k * 1_000_000 - 211
      const startedAt = createdAt + 3_127
      const status = executionStatus(c, false)
      const completedAt = isFinalExecutionStatus(status) ? (doneAt[k] as number) + 52_069 : null
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
        counts: c,
        durationSeconds: completedAt === null ? 0 : wholeSeconds(startedAt, completedAt)
      })
    })
    made.sort((a, b) => b.createdAt - a.createdAt)
    cachedAt = now
    cached = made
    return made
  }

  return {
    identity,
    executions,
    executionCalls (executionId, query, now) {
      const k = plan.executions.findIndex((ref) => ref.id === executionId)
      if (k === -1 || !executions(now).some((view) => view.id === executionId)) return null
      const schedule = access.schedule()
      const needle = query.search.toLowerCase()
      const phone = plan.executions[k]?.phoneNumber ?? null
      const everyCall = needle === '' || (phone !== null && phone.toLowerCase().includes(needle))
      const scenarioHit = plan.scenarios.map((scenario) => scenario.name.toLowerCase().includes(needle))
      const kept: number[] = []
      for (const index of access.order(now)) {
        if (schedule.execution[index] !== k) continue
        if (!everyCall && scenarioHit[schedule.scenario[index] as number] !== true) continue
        kept.push(index)
      }
      const rows: CallRecord[] = []
      for (const index of kept.slice(query.offset, query.offset + query.limit)) {
        const view = access.record(index, now)
        if (view !== null) rows.push(view)
      }
      return { count: kept.length, rows }
    },
    findCall (callId, now) {
      const position = positionOfCall(plan, callId)
      return position === -1 ? null : access.record(position, now)
    },
    // A run still executing has had no rerun.
    snapshotsOf: () => []
  }
}
