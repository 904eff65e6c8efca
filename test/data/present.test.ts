// Presenters: the key sets and orders of each contract, their units, and rows that pass the strict schemas.
import t from 'tap'
import { presentDocsRow, presentPlatformRow, presentRow } from '../../src/data/present.js'
import { DocsCallExecutionSchema } from '../../src/schemas/docs-row.js'
import {
  PlatformCallExecutionSchema,
  PlatformRowSchema,
  PlatformSnapshotRowSchema,
  type PlatformCallExecution,
  type PlatformSnapshotRow
} from '../../src/schemas/platform-row.js'
import { rowSchemaFor } from '../../src/schemas/row.js'
import { chatCall, snapshotCall, voiceCall } from './records.js'

const DOCS_KEYS = [
  'id', 'session_id', 'status', 'duration', 'start_time', 'transcript', 'scenario', 'overall_score', 'eval_outputs',
  'eval_metrics', 'customer_name', 'call_summary', 'ended_reason', 'avg_agent_latency', 'scenario_id', 'is_snapshot',
  'rerun_type', 'created_at'
]

const LIVE_KEYS = [
  'id', 'service_provider_call_id', 'session_id', 'timestamp', 'call_type', 'status', 'duration', 'duration_seconds',
  'start_time', 'transcript', 'scenario', 'overall_score', 'response_time', 'response_time_ms', 'audio_url',
  'customer_name', 'eval_outputs', 'eval_metrics', 'scenario_columns', 'ended_reason', 'simulator_agent_name',
  'simulator_agent_id', 'agent_definition_used_name', 'agent_definition_used_id', 'call_summary', 'recordings',
  'test_execution_id', 'scenario_id', 'scenario_graph', 'scenario_graph_id', 'avg_agent_latency',
  'avg_agent_latency_ms', 'user_interruption_count', 'user_interruption_rate', 'user_wpm', 'bot_wpm', 'talk_ratio',
  'ai_interruption_count', 'ai_interruption_rate', 'avg_stop_time_after_interruption', 'total_tokens', 'input_tokens',
  'output_tokens', 'avg_latency_ms', 'turn_count', 'agent_talk_percentage', 'csat_score', 'processing_skipped',
  'processing_skip_reason', 'is_snapshot', 'snapshot_timestamp', 'rerun_type', 'original_call_execution_id',
  'tool_outputs', 'cost_cents', 'customer_cost_cents', 'customer_cost_breakdown', 'customer_latency_metrics',
  'customer_call_id', 'simulation_call_type', 'provider', 'phone_number'
]

const SNAPSHOT_KEYS = [
  'id', 'timestamp', 'call_type', 'status', 'duration', 'transcript', 'scenario', 'overall_score', 'response_time',
  'audio_url', 'customer_name', 'eval_outputs', 'eval_metrics', 'scenario_columns', 'error_localizer_tasks',
  'ended_reason', 'agent_definition_used_name', 'agent_definition_used_id', 'call_summary', 'recordings',
  'scenario_id', 'avg_agent_latency', 'user_interruption_count', 'user_interruption_rate', 'user_wpm', 'bot_wpm',
  'talk_ratio', 'ai_interruption_count', 'ai_interruption_rate', 'avg_stop_time_after_interruption', 'is_snapshot',
  'snapshot_timestamp', 'rerun_type', 'original_call_execution_id'
]

const without = (row: object, key: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).filter(([name]) => name !== key))

const live = (record = voiceCall()): PlatformCallExecution => PlatformCallExecutionSchema.parse(presentPlatformRow(record))
const snapshot = (record = snapshotCall()): PlatformSnapshotRow => PlatformSnapshotRowSchema.parse(presentPlatformRow(record))

t.test('the schemas declare the keys in the order the rows are written', async (t) => {
  t.same(Object.keys(DocsCallExecutionSchema.shape), DOCS_KEYS)
  t.same(Object.keys(PlatformCallExecutionSchema.shape), LIVE_KEYS)
  t.same(Object.keys(PlatformSnapshotRowSchema.shape), SNAPSHOT_KEYS)
})

t.test('a docs row has the 18 documented keys in the reference order', async (t) => {
  t.equal(DOCS_KEYS.length, 18)
  for (const record of [voiceCall(), chatCall(), snapshotCall()]) t.same(Object.keys(presentDocsRow(record)), DOCS_KEYS)
})

t.test('a live platform row has 62 keys in emitted order', async (t) => {
  t.equal(LIVE_KEYS.length, 62)
  t.same(Object.keys(presentPlatformRow(voiceCall())), LIVE_KEYS)
})

t.test('a live platform row omits the agent keys whose relation is missing', async (t) => {
  const prompted = chatCall()
  t.same(Object.keys(presentPlatformRow(prompted)), LIVE_KEYS.filter((key) => !key.startsWith('agent_definition_used_')))
  const unsimulated = voiceCall({ testExecution: { ...voiceCall().testExecution, simulatorAgent: null } })
  t.same(Object.keys(presentPlatformRow(unsimulated)), LIVE_KEYS.filter((key) => !key.startsWith('simulator_agent_')))
})

t.test('a snapshot platform row has 34 keys in emitted order', async (t) => {
  t.equal(SNAPSHOT_KEYS.length, 34)
  t.same(Object.keys(presentPlatformRow(snapshotCall())), SNAPSHOT_KEYS)
})

t.test('presentRow picks the presenter of the contract', async (t) => {
  t.same(presentRow('docs', voiceCall()), presentDocsRow(voiceCall()))
  t.same(presentRow('platform', voiceCall()), presentPlatformRow(voiceCall()))
})

t.test('docs rows write the documented units: 0-100 score, latency in seconds, scenario object, person name', async (t) => {
  const row = DocsCallExecutionSchema.parse(presentDocsRow(voiceCall()))
  t.match(row, {
    id: '6f1c2a9e-3b7d-4c52-9a1e-2d8f0b7c4e11',
    session_id: null,
    status: 'completed',
    duration: 187,
    start_time: '2026-04-04T12:00:12.004518Z',
    scenario: { id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', name: 'Billing dispute - double charge' },
    overall_score: 83,
    customer_name: 'Dana Ortiz',
    avg_agent_latency: 1.18,
    scenario_id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
    is_snapshot: false,
    rerun_type: null,
    created_at: '2026-04-04T11:59:30.250000Z'
  })
  t.same(row.transcript, [
    { role: 'assistant', content: 'Thanks for calling Acme Billing, this is Ava. How can I help?' },
    { role: 'user', content: 'Hi, I was charged twice for my March invoice.' }
  ])
})

t.test('docs rows carry the platform eval outputs and the completed values by eval name', async (t) => {
  const row = presentDocsRow(voiceCall())
  t.same(row.eval_outputs, live().eval_outputs)
  t.same(row.eval_metrics, { 'Task Completion': 'Passed', Qualities: ['Polite'] })
})

t.test('docs rows write null evals until the call has results or has completed without any', async (t) => {
  const unprocessed = presentDocsRow(voiceCall({ status: 'failed', evals: [] }))
  t.equal(unprocessed.eval_outputs, null)
  t.equal(unprocessed.eval_metrics, null)
  const none = presentDocsRow(voiceCall({ evals: [] }))
  t.same(none.eval_outputs, {})
  t.same(none.eval_metrics, {})
})

t.test('docs rows mark snapshots as call_and_eval reruns', async (t) => {
  t.match(presentDocsRow(snapshotCall()), { is_snapshot: true, rerun_type: 'call_and_eval', created_at: '2026-04-04T11:58:03.220145Z' })
})

t.test('docs rows show a deleted scenario as null', async (t) => {
  t.match(presentDocsRow(voiceCall({ scenario: null })), { scenario: null, scenario_id: null })
})

t.test('live platform rows write the platform units: name string, milliseconds, phone number, sort key', async (t) => {
  t.match(live(), {
    service_provider_call_id: 'call_8HkQ2m',
    session_id: null,
    timestamp: '2026-04-04T12:05:41.512934Z',
    call_type: 'Inbound',
    duration: 187,
    duration_seconds: 187,
    scenario: 'Billing dispute - double charge',
    overall_score: 8.3,
    response_time: 1.342,
    response_time_ms: 1342,
    customer_name: '+14155550123',
    simulator_agent_name: 'Frustrated Customer',
    agent_definition_used_id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    test_execution_id: 'd0c1b2a3-9f8e-4d7c-b6a5-4f3e2d1c0b9a',
    avg_agent_latency: 1180,
    avg_agent_latency_ms: 1180,
    agent_talk_percentage: 57.4,
    total_tokens: null,
    is_snapshot: false,
    snapshot_timestamp: null,
    rerun_type: null,
    original_call_execution_id: null,
    customer_call_id: 'call_8HkQ2m',
    simulation_call_type: 'voice',
    provider: 'vapi',
    phone_number: '+14155550100'
  })
})

t.test('voice transcript items carry seconds to 3 decimals and a null end when the end is 0', async (t) => {
  t.same(live().transcript, [
    {
      id: '0b6a4c51-2f8e-4d0a-8a55-5c3e9f1d2a10',
      speaker_role: 'assistant',
      content: 'Thanks for calling Acme Billing, this is Ava. How can I help?',
      start_time_ms: 0,
      start_time_seconds: 0,
      end_time_ms: 4100,
      end_time_seconds: 4.1,
      confidence_score: 1,
      created_at: '2026-04-04T12:03:20.118402Z'
    },
    {
      id: '7d2e9b03-6c41-4f7e-9e0c-1a8b3c5d7e92',
      speaker_role: 'user',
      content: 'Hi, I was charged twice for my March invoice.',
      start_time_ms: 4600,
      start_time_seconds: 4.6,
      end_time_ms: 0,
      end_time_seconds: null,
      confidence_score: 0.97,
      created_at: '2026-04-04T12:03:20.121077Z'
    }
  ])
})

t.test('eval entries: pending as {}, errors as null value with error true, choices as a list', async (t) => {
  const row = live()
  t.same(row.eval_outputs, {
    'a3d5e7f9-1b2c-4d6e-8f01-23456789abcd': {
      value: 'Passed', reason: 'The agent issued a refund.', type: 'Pass/Fail', name: 'Task Completion', error: false, status: 'Completed', skipped: false
    },
    'c4e6a8b0-2d3f-4a5b-9c1d-3e5f7a9b1c2d': {
      value: ['Polite'], reason: '', type: 'choices', name: 'Qualities', error: false, status: 'Completed', skipped: false
    },
    '0a9b8c7d-6e5f-4a3b-b2c1-d0e9f8a7b6c5': {
      value: null, reason: "Column 'outcome' is not available.", type: 'Pass/Fail', name: 'Goal Reached', error: true, status: 'Failed', skipped: false
    },
    'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9': {}
  })
  t.same(row.eval_metrics['0a9b8c7d-6e5f-4a3b-b2c1-d0e9f8a7b6c5'], {
    id: '0a9b8c7d-6e5f-4a3b-b2c1-d0e9f8a7b6c5',
    name: 'Goal Reached',
    value: null,
    reason: "Column 'outcome' is not available.",
    type: 'Pass/Fail',
    template_type: null,
    visible: true,
    error: true,
    status: 'Failed',
    skipped: false,
    error_localizer: false
  })
  t.same(row.eval_metrics['f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9'], {})
})

t.test('a skipped eval has no value and is flagged skipped', async (t) => {
  const skipped = voiceCall({
    evals: [{ configId: 'a3d5e7f9-1b2c-4d6e-8f01-23456789abcd', name: 'Task Completion', type: null, status: 'skipped', value: null, reason: 'no transcript' }]
  })
  t.match(live(skipped).eval_outputs['a3d5e7f9-1b2c-4d6e-8f01-23456789abcd'], { value: null, type: null, status: 'skipped', skipped: true, error: false })
})

t.test('voice recordings are written combined first, then stereo', async (t) => {
  t.same(Object.entries(live().recordings), [
    ['combined', 'https://storage.example.com/recordings/6f1c2a9e/combined.wav'],
    ['stereo', 'https://storage.example.com/recordings/6f1c2a9e/stereo.wav']
  ])
})

t.test('scenario columns are keyed by name', async (t) => {
  t.same(live().scenario_columns, {
    persona: {
      value: { name: 'Dana Ortiz', age: 41 },
      visible: true,
      dataset_column_id: '11c0a1e2-5b7d-4e3f-8a9b-0c1d2e3f4a5b',
      dataset_id: '22d1b2f3-6c8e-4f40-9bac-1d2e3f4a5b6c',
      column_name: 'persona',
      data_type: 'persona'
    }
  })
})

t.test('chat rows: 2-decimal duration, no duration_seconds, message items, token metrics, no recordings', async (t) => {
  const row = live(chatCall())
  t.match(row, {
    duration: 41.27,
    duration_seconds: null,
    recordings: {},
    total_tokens: 1834,
    input_tokens: 702,
    output_tokens: 1132,
    avg_latency_ms: 1450,
    talk_ratio: null,
    agent_talk_percentage: null,
    csat_score: 7,
    simulation_call_type: 'text',
    phone_number: null
  })
  t.same(row.transcript, [{
    id: '8f0e1d2c-3b4a-4596-8877-665544332211',
    role: 'user',
    messages: ['Hi, can I change my delivery address?'],
    content: [{ role: 'user', content: 'Hi, can I change my delivery address?' }],
    session_id: 'chat-2b7e4f10',
    tool_calls: [],
    created_at: '2026-04-05T09:12:58.101552Z'
  }])
  t.equal(presentDocsRow(chatCall()).duration, 41.27)
})

t.test('a chat call that names its session uses it for its messages', async (t) => {
  const row = live(chatCall({ sessionId: 'chat-5c1e2d3f' }))
  t.match(row.transcript, [{ session_id: 'chat-5c1e2d3f' }])
  t.equal(row.session_id, null)
  t.equal(presentDocsRow(chatCall({ sessionId: 'chat-5c1e2d3f' })).session_id, 'chat-5c1e2d3f')
})

t.test('snapshot rows: raw call type and transcript, milliseconds, stored evals, mono/stereo recordings', async (t) => {
  const row = snapshot()
  t.match(row, {
    id: '3c9d1e2f-4a5b-4c6d-8e7f-90a1b2c3d4e5',
    timestamp: '2026-04-04T11:58:03.220145Z',
    call_type: 'inboundPhoneCall',
    status: 'failed',
    duration: 12,
    scenario: 'Billing dispute - double charge',
    response_time: 2210,
    customer_name: '+14155550123',
    eval_metrics: {},
    error_localizer_tasks: [],
    agent_definition_used_name: 'Acme Billing Agent',
    avg_agent_latency: 1180,
    is_snapshot: true,
    snapshot_timestamp: '2026-04-04T11:58:03.220145Z',
    rerun_type: 'call_and_eval',
    original_call_execution_id: '6f1c2a9e-3b7d-4c52-9a1e-2d8f0b7c4e11'
  })
  t.same(row.transcript[1], { speaker_role: 'user', content: 'Hi, I was charged twice for my March invoice.', start_time_ms: 4600, end_time_ms: 0, confidence_score: 0.97 })
  t.same(row.eval_outputs, {
    'a3d5e7f9-1b2c-4d6e-8f01-23456789abcd': {
      output: 'Failed', reason: 'Call ended before the issue was addressed.', output_type: 'Pass/Fail', name: 'Task Completion', status: 'Completed'
    }
  })
  t.same(row.recordings, {
    mono: { combined_url: 'https://storage.example.com/recordings/6f1c2a9e/combined.wav', customer_url: null, assistant_url: null },
    stereo_url: 'https://storage.example.com/recordings/6f1c2a9e/stereo.wav'
  })
  t.equal(snapshot(snapshotCall({ evals: [] })).eval_outputs, null)
})

t.test('a snapshot of a run without an agent definition cannot be listed', async (t) => {
  const orphan = snapshotCall({ testExecution: { ...voiceCall().testExecution, agentDefinition: null } })
  t.throws(() => presentPlatformRow(orphan), { message: "'agent_definition_used_name'" })
})

t.test('hand-built records pass the strict row schema of both contracts', async (t) => {
  const notStarted = voiceCall({
    status: 'pending',
    startTime: null,
    duration: null,
    transcript: [],
    overallScore: null,
    responseTimeMs: null,
    audioUrl: null,
    recordings: {},
    customerNumber: null,
    evals: [],
    endedReason: null,
    callSummary: null,
    avgAgentLatencyMs: null,
    voiceMetrics: null,
    turnCount: null,
    costCents: null
  })
  const records = { voice: voiceCall(), chat: chatCall(), snapshot: snapshotCall(), notStarted, deletedScenario: voiceCall({ scenario: null }) }
  for (const [name, record] of Object.entries(records)) {
    for (const contract of ['docs', 'platform'] as const) {
      const result = rowSchemaFor(contract).safeParse(presentRow(contract, record))
      t.ok(result.success, `${name} as ${contract}: ${JSON.stringify(result.error?.issues)}`)
    }
  }
})

t.test('the strict schemas refuse an unknown key and a missing key', async (t) => {
  const row = presentPlatformRow(voiceCall())
  t.notOk(PlatformRowSchema.safeParse({ ...row, created_at: '2026-04-04T12:00:00Z' }).success)
  t.notOk(PlatformRowSchema.safeParse(without(row, 'cost_cents')).success)
  t.notOk(PlatformRowSchema.safeParse(without(row, 'tool_outputs')).success, 'a JSON-valued key is required too')
  const docs = presentDocsRow(voiceCall())
  t.notOk(DocsCallExecutionSchema.safeParse({ ...docs, timestamp: docs.created_at }).success)
  t.notOk(DocsCallExecutionSchema.safeParse(without(docs, 'created_at')).success)
})
