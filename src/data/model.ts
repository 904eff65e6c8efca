// The internal call model: one record per listed row, from which each contract's presenter writes JSON.
// Times are epoch microseconds (the platform writes datetimes with microseconds).
import type { RunTestModel } from './run-tests.js'
import type { RunProfile } from './runs.js'
import type { ChatContentItem } from '../schemas/platform-row.js'

export const CALL_STATUSES = [
  'pending',
  'queued',
  'ongoing',
  'completed',
  'failed',
  'analyzing',
  'cancelled'
] as const
export type CallStatus = (typeof CALL_STATUSES)[number]

export const CONTRACTS = ['docs', 'platform'] as const
export type Contract = (typeof CONTRACTS)[number]

export type SimulationCallType = 'voice' | 'text'
export type CallDirection = 'Inbound' | 'Outbound'
export type EvalType = 'Pass/Fail' | 'score' | 'choices'

export interface ScenarioRef {
  id: string
  name: string
}

/** A transcript turn. `role` is the platform's aligned role: `assistant` is the agent under test. */
export interface TranscriptTurn {
  id: string
  role: 'user' | 'assistant'
  content: string
  /** Offsets from the start of the call. */
  startMs: number
  endMs: number
  confidence: number
  /** Epoch microseconds. */
  createdAt: number
  /**
   * A chat message row held through the chat loop: every message of the row as it was sent (the agent's
   * reply with its tool calls, and the tool results) and the non-empty contents; absent on generated rows.
   */
  chat?: { messages: string[]; content: ChatContentItem[] }
}

export interface EvalConfig {
  id: string
  name: string
  type: EvalType
}

/**
 * One eval's result for a call, as the platform stores it. `status` keeps the platform's mixed
 * capitalisation: `Completed` on success, `Failed` on error, `skipped`, and `pending` while re-running.
 */
export interface EvalResult {
  configId: string
  name: string
  type: EvalType | null
  status: 'Completed' | 'Failed' | 'skipped' | 'pending'
  value: string | number | string[] | null
  reason: string | null
}

export interface ScenarioColumn {
  name: string
  value: unknown
  dataType: string
  datasetColumnId: string
  datasetId: string
}

/** The test execution (agent under test plus simulator) a call belongs to. */
export interface TestExecutionRef {
  id: string
  simulationCallType: SimulationCallType
  callDirection: CallDirection
  /** The tested agent's contact number; null for text runs, "" for some outbound voice runs. */
  phoneNumber: string | null
  provider: string | null
  simulatorAgent: { id: string; name: string } | null
  agentDefinition: { id: string; name: string } | null
}

export interface CallRecord {
  id: string
  /** `snapshot` rows are earlier attempts kept by a `call_and_eval` rerun. */
  isSnapshot: boolean
  /** For snapshot rows: the live call they were taken from. */
  originalCallId: string | null
  /** The platform's sort key, in epoch microseconds: last update of a live call, snapshot time of a snapshot. */
  timestamp: number
  /** Epoch microseconds. */
  createdAt: number
  status: CallStatus | null
  testExecution: TestExecutionRef
  /** Null only for fixture rows whose scenario was deleted. */
  scenario: ScenarioRef | null
  /** Raw provider call type, e.g. `inboundPhoneCall`; what snapshot rows expose as `call_type`. */
  providerCallType: string | null
  providerCallId: string | null
  /** Epoch microseconds. */
  startTime: number | null
  /** Seconds: whole seconds for voice, two decimals for text. */
  duration: number | null
  transcript: TranscriptTurn[]
  /** Platform scale (a CSAT-like 1–10 score); the docs contract writes it as 0–100. */
  overallScore: number | null
  responseTimeMs: number | null
  audioUrl: string | null
  recordings: { combined?: string; stereo?: string; customer?: string; assistant?: string }
  /** The simulated customer's name (docs contract) and phone number (platform contract). */
  customerName: string | null
  customerNumber: string | null
  evals: EvalResult[]
  scenarioColumns: ScenarioColumn[]
  endedReason: string | null
  callSummary: string | null
  sessionId: string | null
  avgAgentLatencyMs: number | null
  voiceMetrics: {
    userInterruptionCount: number
    userInterruptionRate: number
    userWpm: number
    botWpm: number
    talkRatio: number
    aiInterruptionCount: number
    aiInterruptionRate: number
    avgStopTimeAfterInterruptionMs: number
  } | null
  textMetrics: {
    totalTokens: number
    inputTokens: number
    outputTokens: number
    avgLatencyMs: number
  } | null
  turnCount: number | null
  csatScore: number | null
  costCents: number | null
  /** `call_and_eval` on snapshot rows (and on docs-contract fixture rows that declare it); null on live calls. */
  rerunType: 'call_and_eval' | null
}

export interface PageQuery {
  runId: string
  /** Trimmed search term; empty means no filter. */
  search: string
  /** Trimmed status; empty means no filter. */
  status: string
  offset: number
  limit: number
}

export interface Page {
  count: number
  rows: readonly CallRecord[]
}

/**
 * A page whose rows are written as JSON in one contract's shape, on demand: a large page is written a
 * few rows at a time while it is sent, so it never has to be held whole.
 */
export interface JsonPage {
  count: number
  /** Rows on this page. */
  length: number
  /**
   * The row at `index` (0 to length - 1) of the page. With `keep` false it is neither taken from nor
   * added to the row cache: a huge page read once would only push out the rows other pages reuse.
   */
  rowJson(index: number, keep?: boolean): string
}

/** Where a run test's rows come from: generated at start-up, a fixture file, or created at runtime. */
export type RunOrigin = 'generated' | 'fixture' | 'created'

/** What the control plane shows of a run test. */
export interface RunInfo {
  id: string
  /** Listed rows, snapshot rows included. */
  rows: number
  origin: RunOrigin
  /** The status mix of a generated run; null for rows written out. */
  profile: RunProfile | null
  /** The contract its rows were written in; null for generated rows, which either contract presents. */
  contract: Contract | null
  /** The run test's name (unique in a session), description and simulation type. */
  name: string
  description: string | null
  simulationType: SimulationCallType
}

/** The data behind the endpoint: which run tests exist, and their rows most recently updated first. */
export interface Store {
  has(runId: string): boolean
  /** The instant of the clock the store's live runs and executions are seen at, epoch microseconds. */
  now(): number
  /** The run test of a run the store lists; null for an unknown run. */
  runTest(runId: string): RunTestModel | null
  /** Every run test the store lists, in the order `runs()` gives. */
  runTests(): RunTestModel[]
  runIds(): string[]
  runs(): RunInfo[]
  /**
   * A text that changes whenever the pages of `runId` could: the same for the same run in any
   * request, another for another run of the same id (in another session). Null for an unknown run.
   */
  version(runId: string): string | null
  page(query: PageQuery): Page
  /**
   * The same page as `page`, each row written as `contract` presents it when asked for; rows are
   * cached, so overlapping pages skip the generator.
   */
  pageJson(query: PageQuery, contract: Contract): JsonPage
  /**
   * Builds now what the first filtered query of each generated run would otherwise build (its filter
   * columns: under 100 ms and 3 MB per million rows), so that query answers as fast as the later ones.
   */
  warm(): void
}
