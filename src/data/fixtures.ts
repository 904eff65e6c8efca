// Fixture loading: every `*.json` file of a folder, validated row by row, as call records per run test.
//
// A fixture row is written in one contract's shape; the mock serves it in either contract. So each row
// must come back unchanged from its own contract's presenter (nothing the file says can be lost) and
// must also be servable by the other contract. What a contract does not carry is derived as follows.
//
// Docs rows are chat (text) calls: `transcript` items are role/content messages and `duration` may be
// fractional, which only a chat call allows. Their sort key is `created_at`. The messages are spread
// evenly over the call's duration and carry `session_id` as their chat session. The run's test
// execution, an agent definition "Agent under test" and, for snapshot rows, the id of the original call
// are UUIDs derived from the run and row ids. There is no phone number, so `search` matches them by
// scenario name only; `csat_score` equals `overall_score`.
//
// A platform live row was created (the docs contract's `created_at`) at its `start_time`, or at its
// `timestamp` if it has not started; its docs `customer_name` is the `name` in its `persona` scenario
// column. A snapshot row shares its original call's test execution (phone number, provider, agents)
// when that call is a row of the same run; otherwise it is a voice call with no phone number.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseIsoToMicros } from '../domain/datetime.js'
import type { EvalOutputs } from '../schemas/common.js'
import type { DocsCallExecution } from '../schemas/docs-row.js'
import { FixtureFileSchema, type FixtureFile } from '../schemas/fixture.js'
import type {
  PlatformCallExecution,
  PlatformRow,
  PlatformSnapshotRow,
  ScenarioColumn as ScenarioColumnCell
} from '../schemas/platform-row.js'
import { rowSchemaFor } from '../schemas/row.js'
import { hashString, uuidAt } from './hash.js'
import type { CallRecord, Contract, EvalResult, ScenarioColumn, TestExecutionRef } from './model.js'
import { presentRow } from './present.js'

export class FixtureError extends Error {
  override name = 'FixtureError'
  readonly file: string
  /** Where in the file, e.g. `runTests[0].rows[3].status`; empty for the file as a whole. */
  readonly path: string
  readonly reason: string

  constructor (file: string, path: string, reason: string) {
    super(`${file}: ${path === '' ? '' : `${path}: `}${reason}`)
    this.file = file
    this.path = path
    this.reason = reason
  }
}

type PathSegment = PropertyKey

export interface LoadOptions {
  /** Ids of the generated runs (well-known or added with `--runs`): a fixture run may not take one. */
  generatedRuns?: ReadonlySet<string>
  /** Told about a folder that loads but serves nothing. */
  warn?: (message: string) => void
}

/** A fixture file's run: its rows, and the contract they were written in. */
export interface FixtureRun {
  contract: Contract
  records: CallRecord[]
}

/** Reads every `*.json` file of `dir`, in name order, into rows per run test id, newest first. */
export function loadFixtures (dir: string, options: LoadOptions = {}): Map<string, CallRecord[]> {
  return new Map([...loadFixtureRuns(dir, options)].map(([id, run]) => [id, run.records]))
}

/** As `loadFixtures`, with the contract each run was written in. */
export function loadFixtureRuns (dir: string, options: LoadOptions = {}): Map<string, FixtureRun> {
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new FixtureError(dir, '', 'fixture folder not found')
  }
  const runs = new Map<string, FixtureRun>()
  const definedAt = new Map<string, string>()
  const names = readdirSync(dir).filter((entry) => entry.endsWith('.json')).sort()
  if (names.length === 0) options.warn?.(`${dir}: no *.json fixture files in this folder, so no fixture run is served`)
  for (const name of names) {
    const file = join(dir, name)
    const fixture = readFixtureFile(file)
    fixture.runTests.forEach((run: FixtureFile['runTests'][number], index) => {
      const at: PathSegment[] = ['runTests', index]
      const earlier = definedAt.get(run.id)
      if (earlier !== undefined) {
        throw new FixtureError(file, formatPath([...at, 'id']), `run test ${run.id} is already defined at ${earlier}`)
      }
      if (options.generatedRuns?.has(run.id) === true) {
        throw new FixtureError(
          file,
          formatPath([...at, 'id']),
          `run test ${run.id} is also a generated run (a well-known run, or one added with --runs / MOCK_RUNS); ` +
            'a run is either generated or loaded from a fixture, and fixture runs cannot be resized'
        )
      }
      definedAt.set(run.id, `${file} ${formatPath(at)}`)
      runs.set(run.id, { contract: fixture.contract, records: readRun(file, at, fixture.contract, run) })
    })
  }
  return runs
}

const BYTE_ORDER_MARK = '\ufeff'

function readFixtureFile (file: string): FixtureFile {
  if (statSync(file).isDirectory()) throw new FixtureError(file, '', 'is a directory, not a fixture file')
  const bytes = readFileSync(file)
  // Read leniently, a byte that is not UTF-8 would be served as U+FFFD: a change the file did not ask for.
  const invalid = firstInvalidUtf8(bytes)
  if (invalid !== -1) {
    const before = bytes.subarray(0, invalid).toString('utf8')
    const { line, column } = lineAndColumn(before, before.length)
    throw new FixtureError(file, '', `not UTF-8: byte 0x${(bytes[invalid] as number).toString(16).padStart(2, '0')} at offset ${invalid} (line ${line}, column ${column})`)
  }
  // A byte-order mark, which some editors write at the start of UTF-8 files, is read past: it is not JSON, but says nothing either.
  const decoded = bytes.toString('utf8')
  const text = decoded.startsWith(BYTE_ORDER_MARK) ? decoded.slice(BYTE_ORDER_MARK.length) : decoded
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    const { line, column } = lineAndColumn(text, jsonErrorOffset(text))
    throw new FixtureError(file, '', `invalid JSON at line ${line}, column ${column}: ${(error as Error).message}`)
  }
  const parsed = FixtureFileSchema.safeParse(json)
  if (!parsed.success) {
    const { path, message } = describeIssue(parsed.error.issues)
    throw new FixtureError(file, formatPath(path), message)
  }
  return parsed.data
}

/**
 * Rows written in one contract's shape, given to the control plane rather than in a file: validated and
 * checked exactly as a fixture file's rows are. A `FixtureError` (with an empty file) names the path
 * under `rows`, as in `rows[3].status`.
 */
export function readRows (contract: Contract, runId: string, rows: unknown): CallRecord[] {
  const parsed = z.array(rowSchemaFor(contract)).safeParse(rows)
  if (!parsed.success) {
    const { path, message } = describeIssue(parsed.error.issues, ['rows'])
    throw new FixtureError('', formatPath(path), message)
  }
  return readRun('', [], contract, { id: runId, rows: parsed.data })
}

function readRun (
  file: string,
  at: PathSegment[],
  contract: Contract,
  run: { id: string; rows: ReadonlyArray<DocsCallExecution | PlatformRow> }
): CallRecord[] {
  const firstIndex = new Map<string, number>()
  run.rows.forEach((row, index) => {
    const first = firstIndex.get(row.id)
    if (first !== undefined) {
      throw new FixtureError(file, formatPath([...at, 'rows', index, 'id']), `duplicate row id ${row.id}, first used by rows[${first}]`)
    }
    firstIndex.set(row.id, index)
  })
  const records = contract === 'docs'
    ? (run.rows as DocsCallExecution[]).map((row) => fromDocsRow(row, run.id))
    : fromPlatformRows(run.rows as PlatformRow[], run.id)
  records.forEach((record, index) => checkServable(file, [...at, 'rows', index], contract, run.rows[index], record))
  if (contract === 'docs') keepFileOrder(records)
  // The platform lists rows by their sort key, newest first (a stable sort keeps ties in file order).
  return records.sort((a, b) => b.timestamp - a.timestamp)
}

/**
 * Docs rows show no sort key (the platform's is the last update, which the docs contract leaves out),
 * so they are listed in the order the file gives them, as a recorded listing wrote them. Each row's last
 * update is its creation time, or a microsecond after the next row's when that is later: the sort by
 * last update, newest first, is then the file's order, and no row is updated before it was created.
 */
function keepFileOrder (records: CallRecord[]): void {
  for (let index = records.length - 2; index >= 0; index--) {
    const record = records[index] as CallRecord
    const next = (records[index + 1] as CallRecord).timestamp
    if (record.timestamp <= next) record.timestamp = next + 1
  }
}

/** The row must come back unchanged from its own contract and be valid in the other one. */
function checkServable (file: string, at: PathSegment[], contract: Contract, row: unknown, record: CallRecord): void {
  const difference = firstDifference(serve(file, at, contract, record), row, at)
  if (difference !== null) throw new FixtureError(file, formatPath(difference.path), difference.reason)
  const other: Contract = contract === 'docs' ? 'platform' : 'docs'
  const checked = rowSchemaFor(other).safeParse(serve(file, at, other, record))
  if (!checked.success) {
    const { path, message } = describeIssue(checked.error.issues)
    throw new FixtureError(file, formatPath(at), `cannot be served in the ${other} contract: ${formatPath(path)}: ${message}`)
  }
}

function serve (file: string, at: PathSegment[], contract: Contract, record: CallRecord): unknown {
  try {
    return presentRow(contract, record)
  } catch (error) {
    throw new FixtureError(file, formatPath(at), `cannot be served in the ${contract} contract: ${(error as Error).message}`)
  }
}

// --- docs rows ---------------------------------------------------------------------------------------------

function fromDocsRow (row: DocsCallExecution, runId: string): CallRecord {
  const createdAt = parseIsoToMicros(row.created_at)
  const startTime = row.start_time === null ? null : parseIsoToMicros(row.start_time)
  const start = startTime ?? createdAt
  const span = Math.round((row.duration ?? 0) * 1_000_000)
  const last = row.transcript.length - 1
  const overallScore = row.overall_score === null ? null : row.overall_score / 10
  return {
    id: row.id,
    isSnapshot: row.is_snapshot,
    originalCallId: row.is_snapshot ? derivedUuid(`${runId}/${row.id}`, 1) : null,
    timestamp: createdAt,
    createdAt,
    status: row.status,
    testExecution: {
      ...derivedTestExecution(runId, 'text'),
      agentDefinition: { id: derivedUuid(runId, 2), name: 'Agent under test' }
    },
    scenario: row.scenario,
    providerCallType: null,
    providerCallId: null,
    startTime,
    duration: row.duration,
    transcript: row.transcript.map((item, index) => {
      const offset = last <= 0 ? 0 : Math.round((span * index) / last)
      const offsetMs = Math.round(offset / 1000)
      return {
        id: derivedUuid(`${runId}/${row.id}`, 100 + index),
        role: item.role,
        content: item.content,
        startMs: offsetMs,
        endMs: offsetMs,
        confidence: 1,
        createdAt: start + offset
      }
    }),
    overallScore,
    responseTimeMs: null,
    audioUrl: null,
    recordings: {},
    customerName: row.customer_name,
    customerNumber: null,
    evals: fromEvalOutputs(row.eval_outputs ?? {}),
    scenarioColumns: [],
    endedReason: row.ended_reason,
    callSummary: row.call_summary,
    sessionId: row.session_id,
    avgAgentLatencyMs: row.avg_agent_latency === null ? null : Math.round(row.avg_agent_latency * 1000),
    voiceMetrics: null,
    textMetrics: null,
    turnCount: null,
    // Chat runs write their CSAT score to both fields.
    csatScore: overallScore,
    costCents: null,
    rerunType: row.rerun_type
  }
}

// --- platform rows -----------------------------------------------------------------------------------------

function fromPlatformRows (rows: readonly PlatformRow[], runId: string): CallRecord[] {
  // Live rows first: a snapshot borrows its original call's test execution, wherever that row is.
  const live = new Map<string, CallRecord>()
  for (const row of rows) if (!row.is_snapshot) live.set(row.id, fromLiveRow(row))
  return rows.map((row) => row.is_snapshot
    ? fromSnapshotRow(row, runId, live.get(row.original_call_execution_id))
    : live.get(row.id) as CallRecord) // row ids are unique within a run (checked before)
}

function fromLiveRow (row: PlatformCallExecution): CallRecord {
  const timestamp = parseIsoToMicros(row.timestamp)
  const startTime = row.start_time === null ? null : parseIsoToMicros(row.start_time)
  const voice = row.simulation_call_type === 'voice'
  const transcript = row.transcript.map((item) => {
    const createdAt = parseIsoToMicros(item.created_at)
    if ('speaker_role' in item) {
      return {
        id: item.id,
        role: item.speaker_role,
        content: item.content,
        startMs: item.start_time_ms,
        endMs: item.end_time_ms,
        confidence: item.confidence_score,
        createdAt
      }
    }
    const offsetMs = Math.round((createdAt - (startTime ?? timestamp)) / 1000)
    return { id: item.id, role: item.role, content: item.messages[0] ?? '', startMs: offsetMs, endMs: offsetMs, confidence: 1, createdAt }
  })
  const firstChatItem = row.transcript[0]
  return {
    id: row.id,
    isSnapshot: false,
    originalCallId: null,
    timestamp,
    createdAt: startTime ?? timestamp,
    status: row.status,
    testExecution: {
      id: row.test_execution_id,
      simulationCallType: row.simulation_call_type,
      callDirection: row.call_type,
      phoneNumber: row.phone_number,
      provider: row.provider,
      simulatorAgent: pair(row.simulator_agent_id, row.simulator_agent_name),
      agentDefinition: pair(row.agent_definition_used_id, row.agent_definition_used_name)
    },
    scenario: row.scenario === null || row.scenario_id === null ? null : { id: row.scenario_id, name: row.scenario },
    // Live rows do not show the raw provider call type; snapshots of the call do.
    providerCallType: voice ? `${row.call_type.toLowerCase()}PhoneCall` : null,
    providerCallId: row.service_provider_call_id,
    startTime,
    duration: row.duration,
    transcript,
    overallScore: row.overall_score,
    responseTimeMs: row.response_time_ms,
    audioUrl: row.audio_url,
    recordings: row.recordings,
    customerName: personaName(row.scenario_columns),
    customerNumber: row.customer_name,
    evals: fromEvalOutputs(row.eval_outputs),
    scenarioColumns: fromScenarioColumns(row.scenario_columns),
    endedReason: row.ended_reason,
    callSummary: row.call_summary,
    sessionId: firstChatItem !== undefined && 'session_id' in firstChatItem ? firstChatItem.session_id : null,
    avgAgentLatencyMs: row.avg_agent_latency,
    voiceMetrics: voiceMetricsOf(row),
    textMetrics: row.total_tokens === null || row.input_tokens === null || row.output_tokens === null ||
      row.avg_latency_ms === null
      ? null
      : { totalTokens: row.total_tokens, inputTokens: row.input_tokens, outputTokens: row.output_tokens, avgLatencyMs: row.avg_latency_ms },
    turnCount: row.turn_count,
    csatScore: row.csat_score,
    costCents: row.cost_cents,
    rerunType: null
  }
}

function fromSnapshotRow (row: PlatformSnapshotRow, runId: string, original: CallRecord | undefined): CallRecord {
  const timestamp = parseIsoToMicros(row.timestamp)
  const direction = row.call_type?.toLowerCase().startsWith('outbound') === true ? 'Outbound' : 'Inbound'
  const { combined_url: combined, customer_url: customer, assistant_url: assistant } = row.recordings.mono
  return {
    id: row.id,
    isSnapshot: true,
    originalCallId: row.original_call_execution_id,
    timestamp,
    createdAt: timestamp,
    status: row.status,
    testExecution: {
      ...(original?.testExecution ?? derivedTestExecution(runId, 'voice', direction)),
      agentDefinition: { id: row.agent_definition_used_id, name: row.agent_definition_used_name }
    },
    scenario: { id: row.scenario_id, name: row.scenario },
    providerCallType: row.call_type,
    providerCallId: null,
    startTime: null,
    duration: row.duration,
    transcript: row.transcript.map((item, index) => ({
      id: derivedUuid(`${runId}/${row.id}`, 100 + index),
      role: item.speaker_role,
      content: item.content,
      startMs: item.start_time_ms,
      endMs: item.end_time_ms,
      confidence: item.confidence_score,
      createdAt: timestamp
    })),
    overallScore: row.overall_score,
    responseTimeMs: row.response_time,
    audioUrl: row.audio_url,
    recordings: {
      ...(combined === null ? {} : { combined }),
      ...(row.recordings.stereo_url === null ? {} : { stereo: row.recordings.stereo_url }),
      ...(customer === null ? {} : { customer }),
      ...(assistant === null ? {} : { assistant })
    },
    customerName: personaName(row.scenario_columns),
    customerNumber: row.customer_name,
    evals: Object.entries(row.eval_outputs ?? {}).map(([configId, stored]) => ({
      configId,
      name: stored.name,
      type: stored.output_type,
      status: stored.status,
      value: stored.output,
      reason: stored.reason
    })),
    scenarioColumns: fromScenarioColumns(row.scenario_columns),
    endedReason: row.ended_reason,
    callSummary: row.call_summary,
    sessionId: null,
    avgAgentLatencyMs: row.avg_agent_latency,
    voiceMetrics: voiceMetricsOf(row),
    textMetrics: null,
    turnCount: null,
    csatScore: null,
    costCents: null,
    rerunType: 'call_and_eval'
  }
}

function fromEvalOutputs (outputs: EvalOutputs): EvalResult[] {
  return Object.entries(outputs).map(([configId, output]) => 'name' in output
    ? { configId, name: output.name, type: output.type, status: output.status, value: output.value, reason: output.reason }
    // A pending eval is written as `{}`: nothing but its id is known.
    : { configId, name: '', type: null, status: 'pending', value: null, reason: null })
}

function fromScenarioColumns (cells: Record<string, ScenarioColumnCell>): ScenarioColumn[] {
  return Object.entries(cells).map(([name, cell]) => ({
    name,
    value: cell.value,
    dataType: cell.data_type,
    datasetColumnId: cell.dataset_column_id,
    datasetId: cell.dataset_id
  }))
}

/** The simulated customer's name, which the docs contract shows, lives in the persona cell. */
function personaName (cells: Record<string, ScenarioColumnCell>): string | null {
  const persona = Object.values(cells).find((cell) => cell.data_type === 'persona')?.value
  if (typeof persona !== 'object' || persona === null || Array.isArray(persona)) return null
  return typeof persona.name === 'string' ? persona.name : null
}

function voiceMetricsOf (row: PlatformCallExecution | PlatformSnapshotRow): CallRecord['voiceMetrics'] {
  const {
    user_interruption_count: userInterruptionCount,
    user_interruption_rate: userInterruptionRate,
    user_wpm: userWpm,
    bot_wpm: botWpm,
    talk_ratio: talkRatio,
    ai_interruption_count: aiInterruptionCount,
    ai_interruption_rate: aiInterruptionRate,
    avg_stop_time_after_interruption: avgStopTimeAfterInterruptionMs
  } = row
  if (userInterruptionCount === null || userInterruptionRate === null || userWpm === null || botWpm === null ||
    talkRatio === null || aiInterruptionCount === null || aiInterruptionRate === null ||
    avgStopTimeAfterInterruptionMs === null) return null
  return {
    userInterruptionCount,
    userInterruptionRate,
    userWpm,
    botWpm,
    talkRatio,
    aiInterruptionCount,
    aiInterruptionRate,
    avgStopTimeAfterInterruptionMs
  }
}

function pair (id: string | undefined, name: string | undefined): { id: string; name: string } | null {
  return id === undefined || name === undefined ? null : { id, name }
}

function derivedTestExecution (
  runId: string,
  simulationCallType: TestExecutionRef['simulationCallType'],
  callDirection: TestExecutionRef['callDirection'] = 'Inbound'
): TestExecutionRef {
  return {
    id: derivedUuid(runId, 0),
    simulationCallType,
    callDirection,
    phoneNumber: null,
    provider: null,
    simulatorAgent: null,
    agentDefinition: null
  }
}

/** A stable UUID for something a fixture implies but does not name. */
function derivedUuid (key: string, index: number): string {
  return uuidAt(hashString(key), index, 0x5eed)
}

// --- error reporting ---------------------------------------------------------------------------------------

/** `['runTests', 0, 'rows', 3, 'status']` → `runTests[0].rows[3].status`; `[]` → `$`, the whole document. */
function formatPath (path: readonly PathSegment[]): string {
  if (path.length === 0) return '$'
  let text = ''
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) text += text === '' ? segment : `.${segment}`
    else text += `[${JSON.stringify(String(segment))}]`
  }
  return text
}

/** The most telling issue: for a union, the failure of the branch that got furthest into the value. */
function describeIssue (issues: readonly z.core.$ZodIssue[], prefix: readonly PathSegment[] = []): { path: PathSegment[]; message: string } {
  const [issue] = issues
  if (issue === undefined) return { path: [...prefix], message: 'invalid' }
  const path = [...prefix, ...issue.path]
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const candidates = issue.errors.map((branch) => describeIssue(branch, path))
    return candidates.reduce((best, candidate) => (candidate.path.length > best.path.length ? candidate : best))
  }
  if (issue.code === 'unrecognized_keys') return { path: [...path, issue.keys[0] ?? ''], message: 'unknown key' }
  // zod reports a missing key as a value of the wrong type ("expected string, received undefined").
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return { path, message: `missing key (expected ${issue.expected})` }
  }
  return { path, message: issue.message }
}

interface Difference {
  path: PathSegment[]
  reason: string
}

/** Where what the mock would serve for a row departs from what the file says. */
function firstDifference (served: unknown, written: unknown, path: PathSegment[]): Difference | null {
  if (Array.isArray(served) && Array.isArray(written)) {
    if (served.length !== written.length) {
      return { path, reason: `does not round-trip: the mock serves ${served.length} items here, the file has ${written.length}` }
    }
    for (let index = 0; index < served.length; index++) {
      const difference = firstDifference(served[index], written[index], [...path, index])
      if (difference !== null) return difference
    }
    return null
  }
  if (isObject(served) && isObject(written)) {
    for (const key of new Set([...Object.keys(served), ...Object.keys(written)])) {
      const difference = firstDifference(served[key], written[key], [...path, key])
      if (difference !== null) return difference
    }
    return null
  }
  if (served === written || sameInstant(served, written)) return null
  return { path, reason: `does not round-trip: the mock serves ${show(served)} here, the file has ${show(written)}` }
}

/**
 * Whether two datetimes name the same instant: a fixture may write `10:00:00.000000Z` or `10:00:00Z`,
 * which the mock serves as the platform writes it (`10:00:00Z`). Digits past the microsecond must be
 * zero, since the platform cannot hold them.
 */
function sameInstant (served: unknown, written: unknown): boolean {
  if (typeof served !== 'string' || typeof written !== 'string') return false
  const fraction = /\.(\d+)Z$/.exec(written)?.[1] ?? ''
  if (/[1-9]/.test(fraction.slice(6))) return false
  try {
    return parseIsoToMicros(served) === parseIsoToMicros(written)
  } catch {
    return false
  }
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function show (value: unknown): string {
  return value === undefined ? 'no such key' : JSON.stringify(value)
}

/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong forms,
 * surrogates and code points past U+10FFFF included), or -1 when every byte does.
 */
export function firstInvalidUtf8 (bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i] as number
    if (lead < 0x80) {
      i++
      continue
    }
    // Continuation bytes after a lead byte, and the smallest and largest allowed second byte.
    const [size, low, high] = lead >= 0xc2 && lead <= 0xdf ? [1, 0x80, 0xbf]
      : lead === 0xe0 ? [2, 0xa0, 0xbf]
        : lead === 0xed ? [2, 0x80, 0x9f]
          : lead >= 0xe1 && lead <= 0xef ? [2, 0x80, 0xbf]
            : lead === 0xf0 ? [3, 0x90, 0xbf]
              : lead >= 0xf1 && lead <= 0xf3 ? [3, 0x80, 0xbf]
                : lead === 0xf4 ? [3, 0x80, 0x8f]
                  : [0, 0, 0]
    if (size === 0) return i
    for (let k = 1; k <= size; k++) {
      const byte = bytes[i + k]
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf]
      if (byte === undefined || byte < min || byte > max) return i
    }
    i += size + 1
  }
  return -1
}

function lineAndColumn (text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n')
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }
}

/**
 * Where `JSON.parse` gave up. V8's message carries a position only for some errors
 * (not for "Unexpected token"), so a small scanner of the JSON grammar finds it.
 */
function jsonErrorOffset (text: string): number {
  let at = 0
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at++
  }
  const word = (literal: string): boolean => {
    for (const char of literal) {
      if (text.charAt(at) !== char) return false
      at++
    }
    return true
  }
  const string = (): boolean => {
    at++
    while (at < text.length) {
      const char = text.charAt(at)
      if (char === '"') {
        at++
        return true
      }
      if (char < ' ') return false
      if (char === '\\') {
        at++
        const escape = text.charAt(at)
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) return false
          at += 5
        } else if (escape !== '' && '"\\/bfnrt'.includes(escape)) {
          at++
        } else {
          return false
        }
      } else {
        at++
      }
    }
    return false
  }
  const number = (): boolean => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at))
    if (match === null) return false
    at += match[0].length
    return true
  }
  const sequence = (close: string, item: () => boolean): boolean => {
    at++
    skipSpace()
    if (text.charAt(at) === close) {
      at++
      return true
    }
    for (;;) {
      if (!item()) return false
      skipSpace()
      if (text.charAt(at) === close) {
        at++
        return true
      }
      if (text.charAt(at) !== ',') return false
      at++
    }
  }
  const member = (): boolean => {
    skipSpace()
    if (text.charAt(at) !== '"' || !string()) return false
    skipSpace()
    if (text.charAt(at) !== ':') return false
    at++
    return value()
  }
  const value = (): boolean => {
    skipSpace()
    const char = text.charAt(at)
    if (char === '{') return sequence('}', member)
    if (char === '[') return sequence(']', value)
    if (char === '"') return string()
    if (char === 't') return word('true')
    if (char === 'f') return word('false')
    if (char === 'n') return word('null')
    return number()
  }
  if (value()) skipSpace()
  return at
}
