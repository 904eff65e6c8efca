// Generates the call record at one listing position of a run: a pure function of (seed, run, position).
//
// The filterable fields (status, scenario, execution, snapshot parent) and the sort key come from
// run-plan.ts; everything else is drawn from Faker's Mersenne Twister reseeded with (seed, run, position),
// through the exact stand-ins for Faker's methods in seeded-faker.ts, so a record is the same whichever
// page asks for it and in whichever process. Fields are derived from each other the way the platform
// fills them: only calls that ran have a start time, transcript timings give the duration and
// latencies, and only finished calls carry evals, scores and recordings.
import type { CallRecord, CallStatus, EvalResult, ScenarioColumn, TestExecutionRef, TranscriptTurn } from './model.js'
import { CLOSINGS, ENDED_REASONS, EVAL_REASONS, FOLLOW_UPS } from './catalog.js'
import type { PlannedEval, PlannedScenario, RunPlan } from './run-plan.js'
import { LIVE_RUN_START, callIdAt, shapeAt, timestampAt } from './run-plan.js'
import type { SeededDraws } from './seeded-faker.js'
import { seededDraws } from './seeded-faker.js'

type Role = TranscriptTurn['role']
type Line = { role: Role; text: string }

/**
 * How far a call got: never started; rang but never connected; broke off (or is still going) part-way
 * through the conversation; ran to its end.
 */
type Progress = 'none' | 'unanswered' | 'partial' | 'full'

const SECOND_US = 1_000_000
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December'
] as const

const monthOf = (epochUs: number): string => MONTHS[new Date(epochUs / 1000).getUTCMonth()] as string
const dayOf = (epochUs: number): string => {
  const date = new Date(epochUs / 1000)
  return `${MONTHS[date.getUTCMonth()] as string} ${date.getUTCDate()}`
}
const POWERS_OF_TEN = [1, 10, 100, 1000]
/** How close to a half a scaled value may be and still be rounded without `toFixed`; see `round`. */
const NEAR_HALF = 1e-6

/**
 * `Number(value.toFixed(digits))`: the decimal with `digits` places nearest the exact binary value
 * (ties away from zero), read back as a double. `toFixed` was a visible part of producing a row, so
 * the common case takes a shorter way to the same double. Scaling by 10^digits rounds, but below 10^9
 * by less than 10^-7; so unless the scaled value lies within NEAR_HALF of a half, `Math.round` picks
 * the integer `toFixed` picks, and dividing it by the exact power of ten gives the double nearest that
 * decimal, as reading `toFixed`'s text does. Near-halves, zero (whose sign `toFixed` drops), large and
 * non-finite values go through `toFixed` itself.
 */
export function round (value: number, digits: number): number {
  const factor = POWERS_OF_TEN[digits]
  if (factor !== undefined && value !== 0) {
    const scaled = value * factor
    if (Math.abs(scaled) < 1e9 && Math.abs(Math.abs(scaled % 1) - 0.5) > NEAR_HALF) return Math.round(scaled) / factor
  }
  return Number(value.toFixed(digits))
}

/** Words separated by single spaces: `text.split(' ').length`, without building the array. */
function wordCount (text: string): number {
  let count = 1
  for (let at = text.indexOf(' '); at !== -1; at = text.indexOf(' ', at + 1)) count++
  return count
}

/**
 * Catalog lines split once into text and placeholder names, alternately (even indexes text, odd ones
 * names): every row fills a dozen of them, and a regular expression replace per line cost more.
 */
const compiledLines = new Map<string, readonly string[]>()

function compileLine (template: string): readonly string[] {
  let parts = compiledLines.get(template)
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/)
    compiledLines.set(template, parts)
  }
  return parts
}

/**
 * Replaces `{name}` placeholders; an unknown one is a catalog mistake, so it throws. The pieces are
 * joined rather than concatenated: a join writes the line out in one piece, where concatenation builds
 * a rope that `JSON.stringify` would have to flatten.
 */
export function fill (template: string, vars: Readonly<Record<string, string>>): string {
  const pieces = [...compileLine(template)]
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i] as string
    const value = vars[name]
    if (value === undefined) throw new Error(`catalog line uses unknown placeholder {${name}}: ${template}`)
    pieces[i] = value
  }
  return pieces.join('')
}

export interface Persona {
  first: string
  last: string
  age: number
}

/** The values a scenario's lines refer to, drawn for one call. */
export function drawVars (d: SeededDraws, plan: Pick<RunPlan, 'agentFirstName' | 'company'>, scenario: Pick<PlannedScenario, 'template'>, persona: Persona, timestamp: number): Record<string, string> {
  const birthday = d.birthdate(persona.age)
  const vars: Record<string, string> = {
    first: persona.first,
    last: persona.last,
    agent: plan.agentFirstName,
    company: plan.company,
    order: `${d.upperAlpha(2)}-${d.numeric(6)}`,
    amount: `$${d.floatFixed(9, 480, 2).toFixed(2)}`,
    date: dayOf(timestamp + d.int(1, 14) * 86_400 * SECOND_US),
    month: monthOf(timestamp - 30 * 86_400 * SECOND_US),
    last4: d.numeric(4),
    city: d.city(),
    street: d.streetAddress(),
    zip: d.zipCode('#####'),
    ref: d.upperAlphanumeric(6),
    birthday: `${MONTHS[birthday.getUTCMonth()] as string} ${birthday.getUTCDate()}, ${birthday.getUTCFullYear()}`
  }
  vars.repeat = fill(scenario.template.resolve, vars)
  return vars
}

/**
 * The whole conversation as it would go if nothing broke: the agent greets on voice calls (a chat starts
 * with the customer), then problem, question, answer, resolution, a few follow-ups and the goodbyes.
 * Roles alternate throughout.
 */
function buildScript (d: SeededDraws, plan: RunPlan, scenario: PlannedScenario, inbound: boolean, vars: Record<string, string>): Line[] {
  const { template } = scenario
  const pairs: (readonly [string, string])[] = [
    [template.opener, template.ask],
    [template.detail, template.resolve],
    ...d.arrayElements(FOLLOW_UPS, 0, 2),
    d.arrayElement(CLOSINGS)
  ]
  const lines: Line[] = []
  if (plan.callType === 'voice') {
    const greeting = inbound
      ? 'Thanks for calling {company}, this is {agent}. How can I help you today?'
      : 'Hi {first}, this is {agent} from {company}, following up on your request. What can I help you with?'
    lines.push({ role: 'assistant', text: fill(greeting, vars) })
  }
  for (const [customer, agent] of pairs) {
    lines.push({ role: 'user', text: fill(customer, vars) }, { role: 'assistant', text: fill(agent, vars) })
  }
  return lines
}

interface Timed {
  /**
   * The transcript. Each turn's `id` and `createdAt` are filled in later: they depend on the start
   * time, whose draws come after these. The turns are created here, keys in their final order, so
   * that a row allocates one object per turn.
   */
  turns: TranscriptTurn[]
  /** Gaps before each agent reply (not before an opening greeting), milliseconds. */
  agentGaps: number[]
  userSpeechMs: number
  agentSpeechMs: number
  /** Words spoken by each side (voice calls only). */
  userWords: number
  agentWords: number
}

/**
 * Lays the lines out in time, offsets from the call's start. Voice: speech at 300–420 ms a word, the
 * agent answering after its latency (a per-call base of 0.9–2.2 s, ±0.3 s a turn) and the customer after
 * 0.25–1.1 s. Chat: messages are instants, on 10 ms steps so the two-decimal duration is exact; the agent
 * replies in 0.8–2.5 s and the customer types for 4–20 s.
 */
function layOut (d: SeededDraws, voice: boolean, lines: readonly Line[]): Timed {
  const baseLatency = d.int(900, 2200)
  const timed: Timed = { turns: [], agentGaps: [], userSpeechMs: 0, agentSpeechMs: 0, userWords: 0, agentWords: 0 }
  let clock = 0
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as Line
    const agent = line.role === 'assistant'
    if (index > 0) {
      const gap = voice
        ? agent ? baseLatency + d.int(-300, 300) : d.int(250, 1100)
        : agent ? d.int(800, 2500, 10) : d.int(4000, 20000, 10)
      if (agent) timed.agentGaps.push(gap)
      clock += gap
    }
    const words = voice ? wordCount(line.text) : 0
    const speech = voice ? words * d.int(300, 420) : 0
    if (agent) {
      timed.agentSpeechMs += speech
      timed.agentWords += words
    } else {
      timed.userSpeechMs += speech
      timed.userWords += words
    }
    timed.turns.push({
      role: line.role,
      content: line.text,
      startMs: clock,
      endMs: clock + speech,
      // The agent's own words come from its TTS text; the customer's from speech recognition.
      confidence: agent || !voice ? 1 : round(d.float(0.82, 0.99), 2),
      id: '',
      createdAt: 0
    })
    clock += speech
  }
  return timed
}

function progressOf (d: SeededDraws, status: CallStatus, voice: boolean): Progress {
  switch (status) {
    case 'pending':
    case 'queued':
      return 'none'
    case 'ongoing':
      return 'partial'
    case 'completed':
    case 'analyzing':
      return 'full'
    case 'failed':
      return voice && d.boolean(0.45) ? 'unanswered' : 'partial'
    case 'cancelled':
      return d.boolean() ? 'none' : 'partial'
  }
}

function endedReasonOf (d: SeededDraws, status: CallStatus, progress: Progress, voice: boolean): string | null {
  switch (status) {
    case 'completed':
    case 'analyzing':
      return voice
        ? d.weightedArrayElement([
            { value: ENDED_REASONS.voiceCompleted[0], weight: 55 },
            { value: ENDED_REASONS.voiceCompleted[1], weight: 40 },
            { value: ENDED_REASONS.voiceCompleted[2], weight: 5 }
          ])
        : d.arrayElement(ENDED_REASONS.textCompleted)
    case 'failed':
      if (!voice) return d.arrayElement(ENDED_REASONS.textFailed)
      return d.arrayElement(progress === 'unanswered' ? ENDED_REASONS.voiceUnanswered : ENDED_REASONS.voiceDropped)
    case 'cancelled':
      return ENDED_REASONS.cancelled
    default:
      return null
  }
}

export function evalResult (d: SeededDraws, config: PlannedEval, quality: number, scenarioName: string): EvalResult {
  const { id: configId, name, type } = config
  if (d.boolean(0.04)) {
    return { configId, name, type, status: 'Failed', value: null, reason: d.arrayElement(EVAL_REASONS.error) }
  }
  // The judge mostly agrees with the call's overall quality, with some noise.
  const judged = Math.min(1, Math.max(0, quality + d.float(-0.15, 0.15)))
  const reason = fill(d.arrayElement(judged >= 0.45 ? EVAL_REASONS.good : EVAL_REASONS.bad), { scenario: scenarioName })
  switch (config.type) {
    case 'Pass/Fail':
      return { configId, name, type, status: 'Completed', value: judged >= 0.45 ? 'Passed' : 'Failed', reason }
    case 'score':
      return { configId, name, type, status: 'Completed', value: round(judged, 2), reason }
    case 'choices': {
      // Multi-label evals pick any labels; single-label ones are ordered best first.
      const value = config.multiple
        ? d.arrayElements(config.choices, 1, 3)
        : [config.choices[Math.min(config.choices.length - 1, Math.floor((1 - judged) * config.choices.length))] as string]
      return { configId, name, type, status: 'Completed', value, reason: '' }
    }
  }
}

export function scenarioColumns (scenario: PlannedScenario, persona: Persona): ScenarioColumn[] {
  const column = (name: string, value: unknown, dataType: string, datasetColumnId: string): ScenarioColumn => ({
    name,
    value,
    dataType,
    datasetColumnId,
    datasetId: scenario.datasetId
  })
  return [
    column('persona', { name: `${persona.first} ${persona.last}`, age: persona.age }, 'persona', scenario.columnIds.persona),
    column('situation', scenario.template.situation, 'text', scenario.columnIds.situation),
    // The platform shows the dataset's `outcome` column under this name.
    column('Ideal Outcome', scenario.template.outcome, 'text', scenario.columnIds.outcome)
  ]
}

/** Rough LLM token count of a message. */
export const tokensOf = (text: string): number => Math.ceil(wordCount(text) * 1.35)

/** The record at `position` (0 = most recently updated) of a generated run. */
export function generateRecord (plan: RunPlan, position: number): CallRecord {
  const shape = shapeAt(plan, position)
  const execution = plan.executions[shape.execution]
  const scenario = plan.scenarios[shape.scenario]
  if (execution === undefined || scenario === undefined) throw new Error(`no row shape at position ${position}`)
  return drawRecord(plan, {
    words: [...plan.seedWords, position],
    position,
    id: callIdAt(plan, position),
    timestamp: timestampAt(plan, position),
    status: shape.status,
    execution,
    scenario,
    originalCallId: shape.parent >= 0 ? callIdAt(plan, shape.parent) : null
  })
}

/** What fixes a call before its draws: the draws' seed words, and the fields the run's plan decides. */
export interface CallSpec {
  words: number[]
  /** The listing position (a live run staggers creation times by it). */
  position: number
  id: string
  /** The row's last update, epoch microseconds: the draws work back from it. */
  timestamp: number
  status: CallStatus
  execution: TestExecutionRef
  scenario: PlannedScenario
  /** For a snapshot row: the call it was taken from. */
  originalCallId: string | null
}

/** A call of `plan`'s run drawn from `call.words`, with the fields `call` fixes. */
export function drawRecord (plan: RunPlan, call: CallSpec): CallRecord {
  const { id, timestamp, status, execution, scenario, position } = call
  const voice = plan.callType === 'voice'
  const d = seededDraws(call.words)
  const persona: Persona = {
    first: d.firstName(),
    last: d.lastName(),
    age: d.int(21, 79)
  }
  const vars = drawVars(d, plan, scenario, persona, timestamp)
  const script = buildScript(d, plan, scenario, execution.callDirection === 'Inbound', vars)
  // How well the call went, skewed towards good (most simulated calls succeed): drives scores and evals.
  const quality = 1 - d.float(0, 1) ** 2
  const progress = progressOf(d, status, voice)

  const spoken = progress === 'full' ? script : progress === 'partial' ? script.slice(0, d.int(1, script.length - 2)) : []
  const timed = layOut(d, voice, spoken)
  const lastEndMs = timed.turns.at(-1)?.endMs ?? 0

  // Work back from the sort key (the row's last update): finished calls were updated after they ended
  // (evals take longest), an ongoing call a moment ago, a call that never started when it was queued.
  let startTime: number | null = null
  let duration: number | null = null
  if (status === 'ongoing') {
    startTime = timestamp - lastEndMs * 1000 - d.int(SECOND_US, 4 * SECOND_US)
  } else if (progress !== 'none') {
    // A call that never connected rang for 20–45 s and lasted 0 s.
    const ringing = progress === 'unanswered' ? d.int(20, 45) * SECOND_US : 0
    // Voice durations are whole seconds, at least the last utterance's end; a chat's is first to last message.
    const durationUs = voice
      ? (Math.ceil(lastEndMs / 1000) + (progress === 'unanswered' ? 0 : d.int(0, 3))) * SECOND_US
      : lastEndMs * 1000
    duration = durationUs / SECOND_US
    const [minLag, maxLag] = status === 'completed' ? [20, 180] : status === 'analyzing' ? [2, 60] : [1, 20]
    const lag = d.int(minLag * SECOND_US, maxLag * SECOND_US)
    startTime = timestamp - lag - durationUs - ringing
  }
  const createdBefore = d.int(SECOND_US, 120 * SECOND_US)
  // A live run created every call when it started; any other call some time before it ran.
  const createdAt = plan.spec.profile === 'live'
    ? Math.min(LIVE_RUN_START, startTime ?? timestamp) - (position % 60) * 100_000
    : (startTime ?? timestamp) - createdBefore
  const finished = status === 'completed' || status === 'analyzing'

  const transcript = timed.turns
  for (const turn of transcript) {
    turn.id = d.uuid()
    // Voice turns are stored as each utterance ends; a chat message's time is the message itself.
    turn.createdAt = (startTime as number) + (voice ? turn.endMs * 1000 + d.int(50, 900) : turn.startMs * 1000)
  }

  const agentLatency = timed.agentGaps.length > 0 ? Math.round(timed.agentGaps.reduce((a, b) => a + b, 0) / timed.agentGaps.length) : null
  const minutes = (duration ?? 0) / 60
  const userInterruptions = d.int(0, 3)
  const aiInterruptions = d.int(0, 2)
  const voiceMetrics =
    voice && finished
      ? {
          userInterruptionCount: userInterruptions,
          userInterruptionRate: round(userInterruptions / minutes, 2),
          userWpm: round(timed.userWords / (timed.userSpeechMs / 60_000), 1),
          botWpm: round(timed.agentWords / (timed.agentSpeechMs / 60_000), 1),
          talkRatio: round(timed.agentSpeechMs / timed.userSpeechMs, 2),
          aiInterruptionCount: aiInterruptions,
          aiInterruptionRate: round(aiInterruptions / minutes, 2),
          avgStopTimeAfterInterruptionMs: d.int(200, 900)
        }
      : null
  const textMetrics = !voice && finished ? chatTokens(spoken, agentLatency ?? 0) : null

  const overallScore = status === 'completed' ? Math.min(10, Math.max(1, Math.round(1 + 9 * quality + d.float(-0.5, 0.5)))) : null
  const evals: EvalResult[] =
    status === 'completed'
      ? plan.evals.map((config) => evalResult(d, config, quality, scenario.name))
      : status === 'analyzing'
        ? plan.evals.map((config) => ({ configId: config.id, name: config.name, type: config.type, status: 'pending', value: null, reason: null }))
        : []
  const connected = voice && duration !== null && duration > 0
  const recordingBase = `https://storage.example.com/recordings/${id}`
  const recordings = connected ? { combined: `${recordingBase}/combined.wav`, stereo: `${recordingBase}/stereo.wav` } : {}
  const costRate = d.int(8, 16)

  return {
    id,
    isSnapshot: call.originalCallId !== null,
    originalCallId: call.originalCallId,
    timestamp,
    createdAt,
    status,
    testExecution: execution,
    scenario: { id: scenario.id, name: scenario.name },
    providerCallType: voice && startTime !== null ? (execution.callDirection === 'Inbound' ? 'inboundPhoneCall' : 'outboundPhoneCall') : null,
    providerCallId: null,
    startTime,
    duration,
    transcript,
    overallScore,
    responseTimeMs: voice && finished ? (timed.agentGaps[0] ?? null) : null,
    audioUrl: recordings.combined ?? null,
    recordings,
    customerName: `${persona.first} ${persona.last}`,
    customerNumber: voice && startTime !== null ? d.phoneNumber() : null,
    evals,
    scenarioColumns: scenarioColumns(scenario, persona),
    endedReason: endedReasonOf(d, status, progress, voice),
    callSummary: finished ? fill(scenario.template.summary, vars) : null,
    sessionId: null,
    avgAgentLatencyMs: voice && finished ? agentLatency : null,
    voiceMetrics,
    textMetrics,
    turnCount: duration !== null && transcript.length > 0 ? transcript.length : null,
    csatScore: voice ? null : overallScore,
    costCents: duration === null ? null : voice ? Math.round(minutes * costRate) : 1 + Math.floor(transcript.length / 3),
    rerunType: call.originalCallId !== null ? 'call_and_eval' : null
  }
}

/** Token use of a chat: each agent reply reads the system prompt and the whole conversation so far. */
function chatTokens (lines: readonly Line[], avgLatencyMs: number): NonNullable<CallRecord['textMetrics']> {
  const systemPrompt = 240
  let context = systemPrompt
  let inputTokens = 0
  let outputTokens = 0
  for (const line of lines) {
    const tokens = tokensOf(line.text)
    if (line.role === 'assistant') {
      inputTokens += context
      outputTokens += tokens
    }
    context += tokens
  }
  return { totalTokens: inputTokens + outputTokens, inputTokens, outputTokens, avgLatencyMs }
}

/** Records at positions [offset, offset + limit) that exist in a run of `rows` rows. */
export function generateRecords (plan: RunPlan, offset: number, limit: number): CallRecord[] {
  const end = Math.min(plan.spec.rows, offset + limit)
  const records: CallRecord[] = []
  for (let position = offset; position < end; position++) records.push(generateRecord(plan, position))
  return records
}
