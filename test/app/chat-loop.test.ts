// The simulate SDK's chat loop driven over HTTP as the SDK's cloud engine drives it, then read back through every endpoint.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { AUTH, build, listPath } from '../helper.js'

const CHAT_RUN = 'c4a7c4a7-0000-4000-8000-000000000001'
const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' }

// Answers are read as loosely typed JSON: each test asserts the shape it relies on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

async function post (app: FastifyInstance, url: string, body: unknown = {}, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, headers: { ...JSON_HEADERS, ...headers }, payload: JSON.stringify(body) })
}

async function get (app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  return app.inject({ url, headers: { ...AUTH, ...headers } })
}

async function createChatRun (app: FastifyInstance, body: Json = {}, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/__mock/runs',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ id: CHAT_RUN, calls: 0, simulation_type: 'text', name: 'Checkout bot', scenarios: 12, ...body })
  })
  if (res.statusCode !== 201) throw new Error(`could not create the run: ${res.body}`)
}

/** What the user's agent is: a function of the conversation so far, as the SDK passes it. */
type Agent = (history: Array<{ role: string; content: string }>, callId: string) => { content: string; toolCalls?: Json[]; toolResults?: Json[] }

interface LoopResult {
  executionId: string
  callIds: string[]
  batches: Json[]
  turns: Map<string, number>
}

/**
 * The SDK's cloud engine (`fi/simulate/simulation/engines/cloud.py`): id by name, chat-execute, a
 * producer asking for batches while `has_more`, and `concurrency` consumers each holding one chat at a
 * time: initiate, then the agent's reply per turn until `chat_ended` or 50 turns; an agent that throws
 * gets the call marked failed (no turn yet) or completed (after some).
 */
async function runLikeTheSdk (app: FastifyInstance, name: string, agent: Agent, concurrency = 5, headers: Record<string, string> = {}): Promise<LoopResult> {
  const byName = await get(app, `/simulate/run-tests/get-id-by-name/${encodeURIComponent(name)}/`, headers)
  if (byName.statusCode !== 200) throw new Error(`get-id-by-name: ${byName.statusCode} ${byName.body}`)
  const runId = byName.json().result.run_test_id as string
  const started = await post(app, `/simulate/run-tests/${runId}/chat-execute/`, {}, headers)
  if (started.statusCode !== 200) throw new Error(`chat-execute: ${started.body}`)
  const executionId = started.json().result.execution_id as string
  const queue: string[] = []
  const batches: Json[] = []
  const turns = new Map<string, number>()
  let producing = true

  const producer = (async () => {
    let hasMore = true
    while (hasMore) {
      const res = await post(app, `/simulate/test-executions/${executionId}/chat/call-executions/batch/`, {}, headers)
      if (res.statusCode !== 200) break
      const result = res.json().result as Json
      batches.push(result)
      hasMore = result.has_more as boolean
      if ((result.call_execution_ids as string[]).length === 0) {
        if (hasMore) throw new Error('an empty batch with has_more: true (the SDK would sleep 2 s)')
        break
      }
      queue.push(...(result.call_execution_ids as string[]))
    }
    producing = false
  })()

  const toSdk = (history: Json[]) => history
    .filter((message) => message.role !== 'system' && message.role !== 'tool' && !(message.role === 'assistant' && !message.content))
    .map((message) => ({ role: message.role === 'assistant' ? 'user' : message.role, content: message.content as string }))

  async function handle (callId: string): Promise<void> {
    const init = await post(app, `/simulate/call-executions/${callId}/chat/send-message/`, { initiate_chat: true }, headers)
    if (init.statusCode !== 200) throw new Error(`initiate: ${init.body}`)
    let result = init.json().result as Json
    let history = toSdk(result.message_history)
    let turn = 0
    while (turn < 50) {
      if (result.chat_ended === true) break
      let reply
      try {
        reply = agent(history, callId)
      } catch {
        await app.inject({
          method: 'PATCH',
          url: `/simulate/call-executions/${callId}/`,
          headers: { ...JSON_HEADERS, ...headers },
          payload: JSON.stringify({ status: turn > 0 ? 'completed' : 'failed', ended_reason: 'Error processing simulation' })
        })
        return
      }
      const messages: Json[] = [{ role: 'user', content: reply.content, ...(reply.toolCalls === undefined ? {} : { tool_calls: reply.toolCalls }) }]
      for (const tool of reply.toolResults ?? []) messages.push({ role: 'tool', tool_call_id: tool.tool_call_id, content: tool.content })
      const res = await post(app, `/simulate/call-executions/${callId}/chat/send-message/`, { messages, metrics: { latency: 100 + turn } }, headers)
      if (res.statusCode !== 200) throw new Error(`send-message: ${res.body}`)
      result = res.json().result as Json
      history = toSdk(result.message_history)
      turn++
    }
    turns.set(callId, turn)
  }

  const consumers = Array.from({ length: concurrency }, async () => {
    while (producing || queue.length > 0) {
      const next = queue.shift()
      if (next === undefined) {
        await new Promise((resolve) => setImmediate(resolve))
        continue
      }
      await handle(next)
    }
  })
  await producer
  await Promise.all(consumers)
  return { executionId, callIds: batches.flatMap((batch) => batch.call_execution_ids as string[]), batches, turns }
}

/** A polite agent: answers the customer by echoing what it asked, and says goodbye once thanked. */
const politeAgent: Agent = (history) => {
  const last = history.at(-1)?.content ?? ''
  return { content: /thank/i.test(last) ? 'You are welcome. Have a great day!' : `I understand: "${last}". Let me check that for you.` }
}

t.test('the SDK\'s loop runs every scenario of a chat run test and the listing shows what the agent said, verbatim', async (t) => {
  const app = build(t, { contract: 'platform' })
  await createChatRun(app)
  const loop = await runLikeTheSdk(app, 'Checkout bot', politeAgent)
  t.same(loop.batches.map((batch) => [(batch.call_execution_ids as string[]).length, batch.has_more]), [[10, true], [2, false]], 'batches of 10, has_more until every scenario has its call')
  t.equal(new Set(loop.callIds).size, 12)
  t.ok([...loop.turns.values()].every((turns) => turns >= 1 && turns <= 4), 'each chat ends after the customer\'s planned turns')

  const listing = await get(app, listPath(CHAT_RUN, '?limit=50'))
  t.equal(listing.statusCode, 200)
  const page = listing.json() as Json
  t.equal(page.count, 12)
  for (const row of page.results as Json[]) {
    t.equal(row.status, 'analyzing', 'ended chats wait for their evals')
    t.equal(row.simulation_call_type, 'text')
    const items = row.transcript as Json[]
    t.equal(items[0].role, 'user', 'the customer opens the chat')
    for (let i = 1; i < items.length; i++) t.not(items[i].role, items[i - 1].role, 'turns alternate')
    const said = items.filter((item) => item.role === 'assistant')
    t.equal(said.length, loop.turns.get(row.id as string), 'one agent row per turn')
    t.match(said[0].messages[0], /^I understand: "/, 'the agent\'s words are kept verbatim')
    t.same(said[0].content, [{ role: 'user', content: said[0].messages[0] }], 'its message as it was sent')
    const turns = loop.turns.get(row.id as string) as number
    t.equal(row.avg_latency_ms, Math.round(Array.from({ length: turns }, (_, i) => 100 + i).reduce((a, b) => a + b, 0) / turns), 'the latencies the SDK reported, averaged')
    t.equal(row.turn_count, turns)
  }

  const status = await get(app, `/simulate/run-tests/${CHAT_RUN}/status/`)
  t.match(status.json(), { execution_id: loop.executionId, status: 'evaluating', total_calls: 12, completed_calls: 12, failed_calls: 0 })

  t.equal((await app.inject({ method: 'POST', url: '/__mock/clock', headers: { 'content-type': 'application/json' }, payload: '{"advance":"10m"}' })).statusCode, 200)
  const done = (await get(app, listPath(CHAT_RUN, '?limit=50'))).json() as Json
  for (const row of done.results as Json[]) {
    t.equal(row.status, 'completed')
    t.ok(Object.keys(row.eval_outputs as Json).length > 0, 'evals done')
    t.equal(row.ended_reason, 'Chat ended by simulator')
  }
  t.match((await get(app, `/simulate/run-tests/${CHAT_RUN}/status/`)).json(), { status: 'completed', completed_calls: 12, success_rate: 100 })
  const executions = (await get(app, `/simulate/run-tests/${CHAT_RUN}/executions/`)).json() as Json
  t.match(executions.results[0], { id: loop.executionId, status: 'Completed', calls: 12 })
  const detail = (await get(app, `/simulate/test-executions/${loop.executionId}/?limit=50`)).json() as Json
  t.equal(detail.count, 12)
  const one = (await get(app, `/simulate/call-executions/${loop.callIds[0] as string}/`)).json() as Json
  const row = (done.results as Json[]).find((candidate) => candidate.id === loop.callIds[0])
  t.same(one.transcript, row?.transcript, 'the call detail holds the same conversation as its row')
})

t.test('the same agent gets the same conversation, word for word; another agent changes it', async (t) => {
  const transcripts = async (agent: Agent) => {
    const app = build(t, { contract: 'platform' })
    await createChatRun(app, { scenarios: 3 })
    await runLikeTheSdk(app, 'Checkout bot', agent, 2)
    const rows = (await get(app, listPath(CHAT_RUN, '?limit=10'))).json().results as Json[]
    return rows.map((row) => (row.transcript as Json[]).map((item) => `${item.role as string}: ${(item.messages as string[]).join(' | ')}`)).sort()
  }
  const first = await transcripts(politeAgent)
  t.same(await transcripts(politeAgent), first)
  t.notSame(await transcripts(() => ({ content: 'Goodbye!' })), first)
})

t.test('an agent that says goodbye ends the chat at once', async (t) => {
  const app = build(t, { contract: 'platform' })
  await createChatRun(app, { scenarios: 2 })
  const loop = await runLikeTheSdk(app, 'Checkout bot', () => ({ content: 'Thanks for reaching out, goodbye.' }))
  t.same([...loop.turns.values()], [1, 1])
})

t.test('a tool call and its result are accepted and kept with the agent\'s message', async (t) => {
  const app = build(t, { contract: 'platform' })
  await createChatRun(app, { scenarios: 1 })
  const toolCall = { id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order":"A-1"}' } }
  await runLikeTheSdk(app, 'Checkout bot', (history) => ({
    content: history.length > 2 ? 'All done, goodbye.' : 'Let me look that up.',
    toolCalls: history.length > 2 ? undefined : [toolCall],
    toolResults: history.length > 2 ? undefined : [{ tool_call_id: 'call_1', content: '{"status":"shipped"}' }]
  }), 1)
  const row = ((await get(app, listPath(CHAT_RUN))).json().results as Json[])[0] as Json
  const agentRow = (row.transcript as Json[])[1] as Json
  t.same(agentRow.messages, ['Let me look that up.', '{"status":"shipped"}'])
  t.same(agentRow.content, [
    { role: 'user', content: 'Let me look that up.', tool_calls: [toolCall] },
    { role: 'tool', content: '{"status":"shipped"}', tool_call_id: 'call_1' }
  ])
})

t.test('a call the SDK marks failed shows failed with the platform\'s reason, and one completed after some turns keeps its messages', async (t) => {
  const app = build(t, { contract: 'platform' })
  await createChatRun(app, { scenarios: 2 })
  let first: string | null = null
  await runLikeTheSdk(app, 'Checkout bot', (history, callId) => {
    first ??= callId
    if (callId === first) throw new Error('agent down')
    if (history.length > 2) throw new Error('agent down later')
    return { content: 'One moment please, checking.' }
  }, 1)
  const rows = (await get(app, listPath(CHAT_RUN))).json().results as Json[]
  const statuses = rows.map((row) => [row.status, row.ended_reason]).sort()
  t.same(statuses, [['completed', 'Error processing simulation'], ['failed', 'Error processing simulation']].sort())
})

t.test('a hundred scenarios driven at the SDK\'s concurrency finish with every call', async (t) => {
  const app = build(t, { contract: 'platform' })
  await createChatRun(app, { scenarios: 100 })
  const loop = await runLikeTheSdk(app, 'Checkout bot', politeAgent, 5)
  t.equal(loop.callIds.length, 100)
  t.equal(loop.batches.length, 10)
  t.notOk(loop.batches.some((batch) => (batch.call_execution_ids as string[]).length === 0 && batch.has_more === true))
  t.match((await get(app, `/simulate/run-tests/${CHAT_RUN}/status/`)).json(), { total_calls: 100, completed_calls: 100 })
})

t.test('a session\'s chat stays in it, and a reset forgets it', async (t) => {
  const app = build(t, { contract: 'platform' })
  const job = { 'x-mock-session': 'ci-job-7' }
  await createChatRun(app, { scenarios: 2 }, job)
  await runLikeTheSdk(app, 'Checkout bot', politeAgent, 2, job)
  t.equal((await get(app, listPath(CHAT_RUN), job)).json().count, 2)
  t.equal((await get(app, listPath(CHAT_RUN))).statusCode, 404, 'not in the default session')
  await app.inject({ method: 'POST', url: '/__mock/reset', headers: job })
  t.equal((await get(app, listPath(CHAT_RUN), job)).statusCode, 404)
})

t.test('the chat loop\'s refusals are the platform\'s', async (t) => {
  const app = build(t, { contract: 'platform' })
  await createChatRun(app, { scenarios: 1 })
  const execute = await post(app, `/simulate/run-tests/${CHAT_RUN}/chat-execute/`)
  const te = execute.json().result.execution_id as string
  t.match(execute.json(), { status: true, result: { status: 'pending', total_scenarios: [String] } })
  const batch = await post(app, `/simulate/test-executions/${te}/chat/call-executions/batch/`)
  const [callId] = batch.json().result.call_execution_ids as string[]
  const send = (body: unknown) => post(app, `/simulate/call-executions/${callId as string}/chat/send-message/`, body)

  const cases: Array<[string, () => Promise<{ statusCode: number; json: () => Json }>, number, string]> = [
    ['a second batch once every scenario has its call', () => post(app, `/simulate/test-executions/${te}/chat/call-executions/batch/`), 400, 'No remaining call executions to create. All scenarios and rows have been processed.'],
    ['a batch of an unknown execution (a 400 here)', () => post(app, '/simulate/test-executions/00000000-0000-4000-8000-000000000000/chat/call-executions/batch/'), 400, 'Test execution not found'],
    ['a body to chat-execute', () => post(app, `/simulate/run-tests/${CHAT_RUN}/chat-execute/`, { name: 'x' }), 400, 'This endpoint does not accept a request body.'],
    ['chat-execute of an unknown run test', () => post(app, '/simulate/run-tests/00000000-0000-4000-8000-000000000000/chat-execute/'), 404, 'Run test not found.'],
    ['a turn before the chat is initiated', () => send({ messages: [{ role: 'user', content: 'hi' }] }), 400, 'Test execution is not running or evaluating so no call to be made'],
    ['an unknown metric', () => send({ initiate_chat: true, metrics: { speed: 1 } }), 400, 'Invalid request data format. Expected SendChatRequest schema. Errors: metrics: Value error, Invalid metric keys: speed. Allowed keys are: cost, duration, latency, response_time, tokens (type: value_error)'],
    ['an unknown key', () => send({ initiate_chat: true, extra: 1 }), 400, 'extra: Unknown field.'],
    ['a message of an unknown role', () => send({ messages: [{ role: 'system', content: 'x' }] }), 400, 'messages: role: "system" is not a valid choice.'],
    ['an unknown call', () => post(app, '/simulate/call-executions/00000000-0000-4000-8000-000000000000/chat/send-message/', { initiate_chat: true }), 404, 'Call execution not found']
  ]
  for (const [title, request, status, message] of cases) {
    const res = await request()
    t.equal(res.statusCode, status, title)
    t.equal(res.json().message, message, title)
  }
  t.equal((await send({ initiate_chat: true })).statusCode, 200)
  for (const [title, body, message] of [
    ['no messages', {}, 'Messages are required'],
    ['an empty message', { messages: [{ role: 'user', content: '  ' }] }, 'Empty messages are not allowed'],
    ['too many messages', { messages: Array.from({ length: 40 }, () => ({ role: 'user', content: 'x' })) }, 'Too many messages in one request: 40; the mock takes at most 32.']
  ] as const) {
    const res = await send(body)
    t.equal(res.statusCode, 400, title)
    t.equal(res.json().message, message, title)
  }
  const patched = await app.inject({ method: 'PATCH', url: `/simulate/call-executions/${callId as string}/`, headers: JSON_HEADERS, payload: '{"status":"FAILED"}' })
  t.equal(patched.statusCode, 400)
  t.equal(patched.json().message, 'status: "FAILED" is not a valid choice.', 'the status must be lowercase')
})
