// Generated calls are consistent, realistic and a pure function of (seed, run, position).
import t from 'tap'
import fc from 'fast-check'
import { generateRecord } from '../../src/data/generator.js'
import type { CallRecord } from '../../src/data/model.js'
import { planRun, type RunPlan } from '../../src/data/run-plan.js'
import { RUN_PROFILES, type RunSpec } from '../../src/data/runs.js'
import { createStore } from '../../src/data/store.js'
import { propertyRuns } from '../property-runs.js'

const E164 = /^\+[1-9]\d{7,14}$/
const FAILED_REASON = /^(Error: .+|silence-timed-out|customer-did-not-answer|no-answer)$/

const seeds = fc.integer({ min: 0, max: 2 ** 32 - 1 })
const specs: fc.Arbitrary<RunSpec> = fc.record({
  id: fc.uuid({ version: 4 }),
  rows: fc.integer({ min: 1, max: 1_000_000 }),
  profile: fc.constantFrom(...RUN_PROFILES),
  showcase: fc.boolean()
})

/** Every way `record` breaks the rules of a generated call; empty when it is consistent. */
function problemsOf (plan: RunPlan, record: CallRecord): string[] {
  const problems: string[] = []
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem)
  }
  const { status, transcript, duration, startTime } = record
  const voice = record.testExecution.simulationCallType === 'voice'
  const started = startTime !== null
  const lastEndMs = transcript.at(-1)?.endMs ?? 0

  if (status === 'pending' || status === 'queued') {
    check(!started && duration === null && transcript.length === 0, 'a call that never ran has no start, duration or transcript')
    check(record.overallScore === null && record.evals.length === 0 && record.endedReason === null, 'a call that never ran has no score, evals or end reason')
  }
  if (status === 'ongoing') {
    check(started && transcript.length > 0 && duration === null, 'an ongoing call has a start and part of a transcript, no duration')
    check(record.endedReason === null && record.evals.length === 0, 'an ongoing call has no end reason or evals')
  }
  if (status === 'analyzing' || status === 'completed') {
    check(started && duration !== null && transcript.length > 0 && record.endedReason !== null, 'a finished call has a start, duration, transcript and end reason')
    check(record.evals.length === plan.evals.length, 'a finished call has one result per eval config')
    check(record.callSummary !== null, 'a finished call has a summary')
  }
  if (status === 'analyzing') {
    check(record.evals.every((result) => result.status === 'pending' && result.value === null), 'evals are pending while analyzing')
    check(record.overallScore === null, 'no score while analyzing')
  }
  if (status === 'completed') {
    const score = record.overallScore
    check(score !== null && Number.isInteger(score) && score >= 1 && score <= 10, 'overall score is a CSAT 1–10')
  }
  if (status === 'failed') check(FAILED_REASON.test(record.endedReason ?? ''), `failed with an error or provider code, not ${record.endedReason}`)
  if (status === 'cancelled') check(record.endedReason === 'Cancelled by user', 'cancelled by the user')
  if (status !== 'completed') check(record.overallScore === null && record.csatScore === null, 'only completed calls are scored')

  for (const result of record.evals) {
    const config = plan.evals.find((candidate) => candidate.id === result.configId)
    check(config !== undefined && config.name === result.name && config.type === result.type, 'eval results name the run\'s eval configs')
    if (result.status === 'Failed') check(result.value === null && result.reason !== null, 'an eval error has no value but a reason')
    if (result.status !== 'Completed' || config === undefined) continue
    if (config.type === 'Pass/Fail') check(result.value === 'Passed' || result.value === 'Failed', 'Pass/Fail value')
    if (config.type === 'score') check(typeof result.value === 'number' && result.value >= 0 && result.value <= 1, 'score value in 0–1')
    if (config.type === 'choices') {
      check(Array.isArray(result.value) && result.value.length > 0 && result.value.every((label) => config.choices.includes(label)), 'choices value is a list of the config\'s labels')
    }
  }

  check(transcript.every((turn, i) => i === 0 || turn.role !== transcript[i - 1]?.role), 'turns alternate between user and assistant')
  check(transcript.every((turn, i) => turn.startMs <= turn.endMs && (i === 0 || (transcript[i - 1]?.endMs as number) <= turn.startMs)), 'turns are in time order')
  check(transcript.every((turn) => !/[{}]/.test(turn.content)) && !/[{}]/.test(record.callSummary ?? ''), 'placeholders are filled')
  check(transcript.every((turn) => turn.createdAt <= record.timestamp), 'turns were stored before the last update')
  if (duration !== null) check(lastEndMs / 1000 <= duration, `the last turn ends (${lastEndMs} ms) within the duration (${duration} s)`)
  if (duration !== null && voice) check(Number.isInteger(duration), 'voice durations are whole seconds')
  if (duration !== null && !voice) check(Number(duration.toFixed(2)) === duration, 'chat durations have two decimals')
  if (startTime !== null) {
    check(record.createdAt <= startTime, 'created before started')
    check(startTime + (duration ?? lastEndMs / 1000) * 1_000_000 <= record.timestamp, 'last updated after the call (so far) ended')
  }
  check(record.createdAt <= record.timestamp, 'created before last updated')
  check(record.timestamp % 1_000_000 !== 0, 'timestamps carry microseconds')

  const finished = status === 'completed' || status === 'analyzing'
  if (voice) {
    check(E164.test(record.testExecution.phoneNumber ?? ''), 'the tested agent has an E.164 number')
    check(record.customerNumber === null ? !started : E164.test(record.customerNumber), 'a started voice call has the customer\'s E.164 number')
    check(record.textMetrics === null, 'voice calls have no token metrics')
    check((record.audioUrl !== null) === (duration !== null && duration > 0), 'connected voice calls have a recording')
    if (finished) {
      const latency = record.avgAgentLatencyMs ?? 0
      check(latency >= 600 && latency <= 2500, `average agent latency ${latency} ms is in 600–2500`)
      check(record.voiceMetrics !== null && record.responseTimeMs !== null, 'finished voice calls have voice metrics')
    }
  } else {
    check(record.testExecution.phoneNumber === null && record.customerNumber === null, 'chats have no phone numbers')
    check(record.audioUrl === null && Object.keys(record.recordings).length === 0, 'chats have no recordings')
    check(record.voiceMetrics === null && record.avgAgentLatencyMs === null, 'chats have no voice metrics')
    if (finished) {
      const metrics = record.textMetrics
      check(metrics !== null && metrics.totalTokens === metrics.inputTokens + metrics.outputTokens, 'finished chats count their tokens')
      check(metrics !== null && metrics.avgLatencyMs >= 600 && metrics.avgLatencyMs <= 2500, 'chat latency is in 600–2500 ms')
    }
  }
  check(/^[^\s\d]+ [^\s\d]+/.test(record.customerName ?? ''), `customer name "${record.customerName}" is a person's name`)
  check(plan.scenarios.some((scenario) => scenario.id === record.scenario?.id && scenario.name === record.scenario.name), 'the scenario is one of the run\'s')
  check(plan.executions.includes(record.testExecution), 'the test execution is one of the run\'s')
  check(record.isSnapshot === (record.originalCallId !== null) && record.isSnapshot === (record.rerunType === 'call_and_eval'), 'snapshot fields agree')
  return problems
}

t.test('every generated call is consistent with its status, call type and run', async () => {
  fc.assert(
    fc.property(seeds, specs, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (seed, spec, picks) => {
      const plan = planRun(seed, spec)
      const positions = [...picks.map((pick) => pick % spec.rows), ...Array.from({ length: Math.min(spec.rows, 30) }, (_, i) => i)]
      for (const position of positions) {
        const problems = problemsOf(plan, generateRecord(plan, position))
        if (problems.length > 0) throw new Error(`seed ${seed}, run ${spec.id}, position ${position}: ${problems.join('; ')}`)
      }
    }),
    { numRuns: propertyRuns(120) }
  )
})

t.test('a snapshot row follows its live parent: same scenario and execution, an earlier time', async (t) => {
  let snapshots = 0
  const problems: string[] = []
  for (const seed of [1, 2, 3]) {
    const plan = planRun(seed, { id: '0f0e0d0c-0b0a-4908-8706-050403020100', rows: 2000, profile: 'finished', callType: 'voice' })
    const records = Array.from({ length: plan.spec.rows }, (_, position) => generateRecord(plan, position))
    records.forEach((record, position) => {
      if (!record.isSnapshot) return
      snapshots++
      const parentPosition = records.findIndex((candidate) => candidate.id === record.originalCallId)
      const parent = records[parentPosition]
      if (parent === undefined || position - parentPosition > 4) problems.push(`seed ${seed}, ${position}: parent not within 4 rows above`)
      else if (parent.isSnapshot) problems.push(`seed ${seed}, ${position}: parent is a snapshot`)
      else if (!(parent.timestamp > record.timestamp)) problems.push(`seed ${seed}, ${position}: parent sorts below`)
      else if (parent.scenario?.id !== record.scenario?.id) problems.push(`seed ${seed}, ${position}: other scenario`)
      else if (parent.testExecution !== record.testExecution) problems.push(`seed ${seed}, ${position}: other execution`)
    })
  }
  t.same(problems, [])
  t.ok(snapshots > 0.01 * 6000 && snapshots < 0.05 * 6000, `a few percent of rows are snapshots (${snapshots} of 6000)`)
})

t.test('prompt-based text runs have no snapshot rows, which the platform could not list', async () => {
  fc.assert(
    fc.property(seeds, specs, (seed, spec) => {
      const plan = planRun(seed, { ...spec, callType: 'text', rows: 200 })
      const hasDefinition = plan.executions.every((execution) => execution.agentDefinition !== null)
      const snapshot = Array.from({ length: 200 }, (_, i) => generateRecord(plan, i)).some((record) => record.isSnapshot)
      return hasDefinition || !snapshot
    }),
    { numRuns: propertyRuns(30) }
  )
})

t.test('timestamps strictly decrease with the position, at the top and deep in a run (live runs are sorted at their clock)', async () => {
  fc.assert(
    fc.property(seeds, specs.filter((spec) => spec.profile !== 'live'), fc.nat({ max: 9_000_000 }), (seed, spec, start) => {
      const plan = planRun(seed, spec)
      for (const from of [0, start]) {
        for (let position = from; position < from + 50; position++) {
          if (!(generateRecord(plan, position).timestamp > generateRecord(plan, position + 1).timestamp)) return false
        }
      }
      return true
    }),
    { numRuns: propertyRuns(20) }
  )
})

t.test('a run has two to four test executions, four to eight scenarios and two to four evals', async () => {
  fc.assert(
    fc.property(seeds, specs, (seed, spec) => {
      const plan = planRun(seed, spec)
      const ids = [...plan.evals.map((config) => config.id), ...plan.scenarios.map((scenario) => scenario.id)]
      return (
        plan.executions.length >= 2 && plan.executions.length <= 4 &&
        plan.scenarios.length >= 4 && plan.scenarios.length <= 8 &&
        plan.evals.length >= 2 && plan.evals.length <= 4 &&
        new Set(ids).size === ids.length &&
        ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))
      )
    }),
    { numRuns: propertyRuns() }
  )
})

t.test('profiles set the status mix: finished runs mostly complete, failing ones mostly fail', async (t) => {
  const share = (profile: RunSpec['profile'], statuses: readonly string[]): number => {
    const plan = planRun(7, { id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', rows: 2000, profile })
    const records = Array.from({ length: 2000 }, (_, i) => generateRecord(plan, i)).filter((record) => !record.isSnapshot)
    return records.filter((record) => statuses.includes(record.status ?? '')).length / records.length
  }
  t.ok(share('finished', ['completed']) > 0.7, 'finished: over 70% completed')
  t.ok(share('finished', ['pending', 'queued', 'ongoing']) === 0, 'finished: nothing still running')
  t.ok(share('failing', ['failed']) > 0.6, 'failing: over 60% failed')
  t.ok(share('in-progress', ['pending', 'queued', 'ongoing', 'analyzing']) > 0.5, 'in-progress: mostly not done')
})

t.test('most runs are voice calls, so that phone search finds something', async (t) => {
  const voice = Array.from({ length: 200 }, (_, i) => planRun(i, { id: '12345678-1234-4234-8234-123456789abc', rows: 1, profile: 'finished' }))
    .filter((plan) => plan.callType === 'voice').length
  t.ok(voice > 140 && voice < 200, `${voice} of 200 runs are voice`)
})

t.test('the same seed gives the same records; planning the run again changes nothing', async (t) => {
  fc.assert(
    fc.property(seeds, specs, fc.nat(), (seed, spec, pick) => {
      const position = pick % spec.rows
      t.same(generateRecord(planRun(seed, spec), position), generateRecord(planRun(seed, spec), position))
    }),
    { numRuns: propertyRuns(30) }
  )
})

t.test('ids and sort keys are fixed by (seed, run, position) across processes and versions', async (t) => {
  const plan = planRun(1, { id: '11111111-1111-4111-8111-111111111111', rows: 23, profile: 'finished' })
  t.same(
    [0, 1, 22].map((position) => [generateRecord(plan, position).id, generateRecord(plan, position).timestamp]),
    PINNED
  )
})

t.test('another seed gives other records', async (t) => {
  const spec: RunSpec = { id: '11111111-1111-4111-8111-111111111111', rows: 23, profile: 'finished' }
  const ids = (seed: number): string[] => Array.from({ length: 23 }, (_, i) => generateRecord(planRun(seed, spec), i).id)
  const [one, two] = [ids(1), ids(2)]
  t.ok(one.every((id) => !two.includes(id)), 'no id is shared')
})

t.test('a record is the same whether its page holds 1 or 100 rows, and whatever was generated before', async (t) => {
  const runs: RunSpec[] = [{ id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', rows: 1000, profile: 'in-progress' }]
  const store = createStore({ seed: 42, runs, fixtureRuns: new Map() })
  const runId = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
  const page = store.page({ runId, search: '', status: '', offset: 300, limit: 100 }).rows
  for (const position of [399, 350, 300]) {
    const [single] = store.page({ runId, search: '', status: '', offset: position, limit: 1 }).rows
    t.same(single, page[position - 300], `position ${position}`)
  }
})

/** What this generator produced when it was written: a change here changes every mock's data. */
const PINNED = [
  ['87b4b287-5eb9-4257-9b05-33e5bf01a78c', 1775303880057721],
  ['ed43afdd-bb25-41e9-b50b-dd264587112e', 1775303833405189],
  ['e4ce8859-ee13-496a-8f9f-5c525b1068e7', 1775303017626149]
]
