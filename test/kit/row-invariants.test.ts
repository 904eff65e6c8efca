// The row invariants: sound rows (the bundled edge cases, every generated row) have no problems; each broken rule is named.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import t from 'tap'
import { generateRecord } from '../../src/data/generator.js'
import { presentDocsRow, presentPlatformRow } from '../../src/data/present.js'
import { planRun } from '../../src/data/run-plan.js'
import { RUN_PROFILES, type RunSpec } from '../../src/data/runs.js'
import { DOCS_ROW_KEYS, LIVE_ROW_KEYS, SNAPSHOT_ROW_KEYS, docsRowProblems, platformRowProblems } from '../../src/kit/row-invariants.js'
import type { DocsCallExecution } from '../../src/schemas/docs-row.js'
import type { PlatformRow } from '../../src/schemas/platform-row.js'
import { propertyRuns } from '../property-runs.js'

type Row = Record<string, unknown>

const EDGE_CASES = JSON.parse(readFileSync(new URL('../../fixtures/edge-cases.json', import.meta.url), 'utf8')) as { runTests: Array<{ rows: Row[] }> }
const ROWS = EDGE_CASES.runTests[0]?.rows ?? []

function rowWhere (test: (row: Row) => boolean): Row {
  const row = ROWS.find(test)
  if (row === undefined) throw new Error('the edge-case fixture lacks a row this test needs')
  return structuredClone(row)
}

const completedVoice = (): Row => rowWhere((row) => row.status === 'completed' && row.simulation_call_type === 'voice' && (row.transcript as unknown[]).length > 1)
const chat = (): Row => rowWhere((row) => row.simulation_call_type === 'text')
const snapshot = (): Row => rowWhere((row) => row.is_snapshot === true)
const pending = (): Row => rowWhere((row) => row.status === 'pending')

function problemsOf (row: Row): string[] {
  return platformRowProblems(row as unknown as PlatformRow)
}

/** The row with `key` moved to the end, as a server that builds its dict in another order would send it. */
function moveLast (row: Row, key: string): Row {
  const { [key]: value, ...rest } = row
  return { ...rest, [key]: value }
}

t.test('the key lists are the contract\'s: 62 live keys, 34 snapshot keys, 18 docs keys', async (t) => {
  t.equal(LIVE_ROW_KEYS.length, 62)
  t.equal(SNAPSHOT_ROW_KEYS.length, 34)
  t.equal(DOCS_ROW_KEYS.length, 18)
})

t.test('every row of the bundled edge-case fixture is sound', async (t) => {
  t.ok(ROWS.length >= 8)
  for (const row of ROWS) t.same(problemsOf(row), [], `row ${String(row.id)} (${String(row.status)})`)
})

const BROKEN: Array<[string, () => Row, RegExp]> = [
  ['keys in another order', () => moveLast(completedVoice(), 'status'), /^keys out of order: "duration" is key 6, expected "status"$/],
  ['a key the contract does not have', () => ({ ...completedVoice(), created_at: '2026-04-04T12:00:00Z' }), /^unexpected keys: created_at$/],
  ['one key of an agent pair left out', () => { const row = completedVoice(); delete row.simulator_agent_id; return row }, /simulator_agent_name and simulator_agent_id are both present or both left out/],
  ['a pending call with a start time', () => ({ ...pending(), start_time: '2026-04-04T12:00:00Z' }), /^a pending call has no start_time$/],
  ['a pending call with a transcript', () => ({ ...pending(), transcript: completedVoice().transcript }), /^a pending call has no transcript$/],
  ['an ongoing call with a duration', () => ({ ...completedVoice(), status: 'ongoing', ended_reason: null, overall_score: null, csat_score: null }), /^an ongoing call has no duration yet$/],
  ['a completed call without an ended_reason', () => ({ ...completedVoice(), ended_reason: null }), /^a completed call has an ended_reason$/],
  ['a scored failed call', () => ({ ...completedVoice(), status: 'failed' }), /^only completed calls are scored, this failed one has overall_score 8$/],
  ['a completed call with a transcript but no score', () => ({ ...completedVoice(), overall_score: null }), /^a completed call with a transcript is scored/],
  ['a voice duration with a fraction', () => ({ ...completedVoice(), duration: 187.5 }), /whole seconds, not 187\.5/],
  ['duration_seconds apart from duration', () => ({ ...completedVoice(), duration_seconds: 180 }), /duration_seconds \(180\) equals duration \(187\)/],
  ['a chat duration with three decimals', () => ({ ...chat(), duration: 41.275 }), /two decimals, not 41\.275/],
  ['latency in seconds beside milliseconds', () => ({ ...completedVoice(), avg_agent_latency: 1 }), /avg_agent_latency \(1\) is avg_agent_latency_ms/],
  ['response_time not from response_time_ms', () => ({ ...completedVoice(), response_time: 1.5 }), /response_time \(1\.5\) is response_time_ms \/ 1000/],
  ['agent_talk_percentage not from talk_ratio', () => ({ ...completedVoice(), agent_talk_percentage: 60 }), /agent_talk_percentage \(60\) is talk_ratio/],
  ['customer_call_id apart from service_provider_call_id', () => ({ ...completedVoice(), customer_call_id: 'other' }), /service_provider_call_id repeats customer_call_id/],
  ['transcript turns out of order', () => { const row = completedVoice(); (row.transcript as unknown[]).reverse(); return row }, /transcript item 1 comes before item 0/],
  ['an eval metric that says otherwise than its output', () => {
    const row = completedVoice()
    const [id] = Object.keys(row.eval_metrics as object)
    ;(row.eval_metrics as Record<string, Row>)[id as string] = { ...(row.eval_metrics as Record<string, Row>)[id as string], value: 'Failed' }
    return row
  }, /eval_metrics repeats eval_outputs/],
  ['an eval whose error flag contradicts its status', () => {
    const row = completedVoice()
    const [id] = Object.keys(row.eval_outputs as object)
    ;(row.eval_outputs as Record<string, Row>)[id as string] = { ...(row.eval_outputs as Record<string, Row>)[id as string], error: true }
    return row
  }, /error is true with status Completed/],
  ['a last update before the call started', () => ({ ...completedVoice(), timestamp: '2026-04-04T11:00:00Z' }), /timestamp \(last update\) is not before start_time/],
  ['a chat call with a recording', () => ({ ...chat(), audio_url: 'https://example.com/a.wav' }), /a chat call has no recordings/],
  ['voice transcript items on a chat call', () => ({ ...chat(), transcript: completedVoice().transcript }), /transcript items have the chat shape/],
  ['a snapshot whose timestamps differ', () => ({ ...snapshot(), snapshot_timestamp: '2026-01-01T00:00:00Z' }), /a snapshot's timestamp is its snapshot_timestamp/],
  ['a snapshot with its call\'s id', () => { const row = snapshot(); return { ...row, original_call_execution_id: row.id } }, /a snapshot has its own id/],
  ['snapshot keys in another order', () => moveLast(snapshot(), 'id'), /^keys out of order: "timestamp" is key 1, expected "id"$/]
]

t.test('each broken rule is reported by name', async (t) => {
  for (const [what, make, problem] of BROKEN) {
    const problems = problemsOf(make())
    t.ok(problems.some((found) => problem.test(found)), `${what}: ${problems.join(' | ')}`)
  }
})

const seeds = fc.integer({ min: 0, max: 2 ** 32 - 1 })
const specs: fc.Arbitrary<RunSpec> = fc.record({
  id: fc.uuid({ version: 4 }),
  rows: fc.integer({ min: 1, max: 100_000 }),
  profile: fc.constantFrom(...RUN_PROFILES),
  showcase: fc.boolean()
})

t.test('every row the mock generates is sound in both contracts', async () => {
  fc.assert(
    fc.property(seeds, specs, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (seed, spec, picks) => {
      const plan = planRun(seed, spec)
      const positions = [...picks.map((pick) => pick % spec.rows), ...Array.from({ length: Math.min(spec.rows, 25) }, (_, i) => i)]
      for (const position of positions) {
        const record = generateRecord(plan, position)
        // Through JSON, as a client receives the row: key order and number formatting included.
        const platform = problemsOf(JSON.parse(JSON.stringify(presentPlatformRow(record))) as Row)
        const docs = docsRowProblems(JSON.parse(JSON.stringify(presentDocsRow(record))) as DocsCallExecution)
        if (platform.length + docs.length > 0) throw new Error(`seed ${seed}, run ${spec.id}, position ${position}: ${[...platform, ...docs].join('; ')}`)
      }
    }),
    { numRuns: propertyRuns(60) }
  )
})

t.test('the docs rules: key order, status and fields, snapshot marks, scenario ids, eval names', async (t) => {
  const plan = planRun(1, { id: '11111111-1111-4111-8111-111111111111', rows: 23, profile: 'finished', showcase: true })
  const completed = Array.from({ length: 23 }, (_, position) => generateRecord(plan, position)).find((record) => record.status === 'completed' && !record.isSnapshot)
  if (completed === undefined) throw new Error('the showcase run has a completed call at the top')
  const row = JSON.parse(JSON.stringify(presentDocsRow(completed))) as Row
  t.same(docsRowProblems(row as unknown as DocsCallExecution), [])
  const broken: Array<[Row, RegExp]> = [
    [moveLast(row, 'id'), /^keys out of order/],
    [{ ...row, is_snapshot: !row.is_snapshot }, /rerun_type is call_and_eval exactly on snapshot rows/],
    [{ ...row, scenario_id: '00000000-0000-4000-8000-000000000000' }, /scenario_id is the scenario's id/],
    [{ ...row, eval_metrics: row.eval_metrics === null ? {} : null }, /eval_outputs and eval_metrics are null together/],
    [{ ...row, created_at: '2099-01-01T00:00:00Z' }, /created_at is not after start_time/]
  ]
  for (const [bad, problem] of broken) t.match(docsRowProblems(bad as unknown as DocsCallExecution).join('\n'), problem)
})
