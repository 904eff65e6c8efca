// Hand-built call records for presenter and schema tests: a voice call, a chat call and a snapshot row.
import type { CallRecord, TestExecutionRef } from '../../src/data/model.js'
import { parseIsoToMicros } from '../../src/domain/datetime.js'

const at = parseIsoToMicros

export const VOICE_EXECUTION: TestExecutionRef = {
  id: 'd0c1b2a3-9f8e-4d7c-b6a5-4f3e2d1c0b9a',
  simulationCallType: 'voice',
  callDirection: 'Inbound',
  phoneNumber: '+14155550100',
  provider: 'vapi',
  simulatorAgent: { id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', name: 'Frustrated Customer' },
  agentDefinition: { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', name: 'Acme Billing Agent' }
}

export function voiceCall (overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    id: '6f1c2a9e-3b7d-4c52-9a1e-2d8f0b7c4e11',
    isSnapshot: false,
    originalCallId: null,
    timestamp: at('2026-04-04T12:05:41.512934Z'),
    createdAt: at('2026-04-04T11:59:30.250000Z'),
    status: 'completed',
    testExecution: VOICE_EXECUTION,
    scenario: { id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', name: 'Billing dispute - double charge' },
    providerCallType: 'inboundPhoneCall',
    providerCallId: 'call_8HkQ2m',
    startTime: at('2026-04-04T12:00:12.004518Z'),
    duration: 187,
    transcript: [
      {
        id: '0b6a4c51-2f8e-4d0a-8a55-5c3e9f1d2a10',
        role: 'assistant',
        content: 'Thanks for calling Acme Billing, this is Ava. How can I help?',
        startMs: 0,
        endMs: 4100,
        confidence: 1,
        createdAt: at('2026-04-04T12:03:20.118402Z')
      },
      {
        id: '7d2e9b03-6c41-4f7e-9e0c-1a8b3c5d7e92',
        role: 'user',
        content: 'Hi, I was charged twice for my March invoice.',
        startMs: 4600,
        endMs: 0,
        confidence: 0.97,
        createdAt: at('2026-04-04T12:03:20.121077Z')
      }
    ],
    overallScore: 8.3,
    responseTimeMs: 1342,
    audioUrl: 'https://storage.example.com/recordings/6f1c2a9e/combined.wav',
    recordings: {
      stereo: 'https://storage.example.com/recordings/6f1c2a9e/stereo.wav',
      combined: 'https://storage.example.com/recordings/6f1c2a9e/combined.wav'
    },
    customerName: 'Dana Ortiz',
    customerNumber: '+14155550123',
    evals: [
      {
        configId: 'a3d5e7f9-1b2c-4d6e-8f01-23456789abcd',
        name: 'Task Completion',
        type: 'Pass/Fail',
        status: 'Completed',
        value: 'Passed',
        reason: 'The agent issued a refund.'
      },
      {
        configId: 'c4e6a8b0-2d3f-4a5b-9c1d-3e5f7a9b1c2d',
        name: 'Qualities',
        type: 'choices',
        status: 'Completed',
        value: 'Polite',
        reason: ''
      },
      {
        configId: '0a9b8c7d-6e5f-4a3b-b2c1-d0e9f8a7b6c5',
        name: 'Goal Reached',
        type: 'Pass/Fail',
        status: 'Failed',
        value: 'Passed',
        reason: "Column 'outcome' is not available."
      },
      {
        configId: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
        name: 'Tone',
        type: 'score',
        status: 'pending',
        value: null,
        reason: null
      }
    ],
    scenarioColumns: [
      {
        name: 'persona',
        value: { name: 'Dana Ortiz', age: 41 },
        dataType: 'persona',
        datasetColumnId: '11c0a1e2-5b7d-4e3f-8a9b-0c1d2e3f4a5b',
        datasetId: '22d1b2f3-6c8e-4f40-9bac-1d2e3f4a5b6c'
      }
    ],
    endedReason: 'customer-ended-call',
    callSummary: 'Customer reported a duplicate charge; agent issued a refund.',
    sessionId: null,
    avgAgentLatencyMs: 1180,
    voiceMetrics: {
      userInterruptionCount: 2,
      userInterruptionRate: 0.64,
      userWpm: 148.2,
      botWpm: 171.9,
      talkRatio: 1.35,
      aiInterruptionCount: 0,
      aiInterruptionRate: 0,
      avgStopTimeAfterInterruptionMs: 420
    },
    textMetrics: null,
    turnCount: 9,
    csatScore: null,
    costCents: 42,
    rerunType: null,
    ...overrides
  }
}

export function chatCall (overrides: Partial<CallRecord> = {}): CallRecord {
  return voiceCall({
    id: '2b7e4f10-8c9d-4a1b-9e2f-3c4d5e6f7a8b',
    testExecution: {
      id: '7c6b5a4d-3e2f-4b1a-a0c9-8d7e6f5a4b3c',
      simulationCallType: 'text',
      callDirection: 'Inbound',
      phoneNumber: null,
      provider: null,
      simulatorAgent: { id: '6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d', name: 'Polite Shopper' },
      agentDefinition: null
    },
    providerCallType: null,
    providerCallId: null,
    startTime: at('2026-04-05T09:12:58.101552Z'),
    duration: 41.2749,
    transcript: [
      {
        id: '8f0e1d2c-3b4a-4596-8877-665544332211',
        role: 'user',
        content: 'Hi, can I change my delivery address?',
        startMs: 0,
        endMs: 0,
        confidence: 1,
        createdAt: at('2026-04-05T09:12:58.101552Z')
      }
    ],
    responseTimeMs: null,
    audioUrl: null,
    recordings: {},
    customerNumber: null,
    avgAgentLatencyMs: null,
    voiceMetrics: null,
    textMetrics: { totalTokens: 1834, inputTokens: 702, outputTokens: 1132, avgLatencyMs: 1450 },
    csatScore: 7,
    costCents: 3,
    ...overrides
  })
}

export function snapshotCall (overrides: Partial<CallRecord> = {}): CallRecord {
  return voiceCall({
    id: '3c9d1e2f-4a5b-4c6d-8e7f-90a1b2c3d4e5',
    isSnapshot: true,
    originalCallId: '6f1c2a9e-3b7d-4c52-9a1e-2d8f0b7c4e11',
    timestamp: at('2026-04-04T11:58:03.220145Z'),
    createdAt: at('2026-04-04T11:58:03.220145Z'),
    status: 'failed',
    duration: 12,
    overallScore: null,
    responseTimeMs: 2210,
    evals: [
      {
        configId: 'a3d5e7f9-1b2c-4d6e-8f01-23456789abcd',
        name: 'Task Completion',
        type: 'Pass/Fail',
        status: 'Completed',
        value: 'Failed',
        reason: 'Call ended before the issue was addressed.'
      }
    ],
    rerunType: 'call_and_eval',
    ...overrides
  })
}
