// The simulate SDK's chat loop under load: turns per second through send-message, and the memory the conversations keep.
//
// Each measurement drives the loop as the SDK's cloud engine does (chat-execute, batches, then per call
// initiate and one send-message per agent turn until the customer ends the chat), with `concurrency`
// chats at a time, over keep-alive connections from this script (on the load core), in a session of its own.
import { Buffer } from 'node:buffer'
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { AUTH, residentMb, startMock, stop } from './lib.mjs'

const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' }

/** One request over a kept-alive connection; resolves with the status and the parsed body. */
function call (agent, origin, method, path, body, session) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const req = request(`${origin}${path}`, {
      method,
      agent,
      headers: { ...JSON_HEADERS, 'x-mock-session': session, ...(payload === undefined ? {} : { 'content-length': payload.length }) }
    }, (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode, body: text.startsWith('{') ? JSON.parse(text) : text })
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** Drives every scenario of a new chat run test in `session`; returns the chats, the send-message requests and the seconds they took. */
async function driveRun (origin, session, scenarios, concurrency, name) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency + 2 })
  try {
    const created = await call(agent, origin, 'POST', '/__mock/runs', { calls: 0, simulation_type: 'text', scenarios, name }, session)
    if (created.status !== 201) throw new Error(`could not create the chat run: ${JSON.stringify(created.body)}`)
    const runId = created.body.id
    const started = performance.now()
    const te = (await call(agent, origin, 'POST', `/simulate/run-tests/${runId}/chat-execute/`, {}, session)).body.result.execution_id
    const queue = []
    for (let hasMore = true; hasMore;) {
      const batch = await call(agent, origin, 'POST', `/simulate/test-executions/${te}/chat/call-executions/batch/`, {}, session)
      if (batch.status !== 200) break
      queue.push(...batch.body.result.call_execution_ids)
      hasMore = batch.body.result.has_more
    }
    let messages = 0
    let failures = 0
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const path = `/simulate/call-executions/${id}/chat/send-message/`
        let answer = await call(agent, origin, 'POST', path, { initiate_chat: true }, session)
        messages++
        for (let turn = 0; turn < 50 && answer.status === 200 && answer.body.result.chat_ended !== true; turn++) {
          const last = answer.body.result.output_message.at(-1)?.content ?? ''
          answer = await call(agent, origin, 'POST', path, { messages: [{ role: 'user', content: `Thanks for telling me: ${last}` }], metrics: { latency: 250 } }, session)
          messages++
        }
        if (answer.status !== 200) failures++
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    return { chats: scenarios, messages, failures, seconds: (performance.now() - started) / 1000 }
  } finally {
    agent.destroy()
  }
}

/**
 * Turns per second at each concurrency (one chat run test of `scenarios` scenarios each, in a fresh
 * session), then resident memory before and after `conversations` chats held in one session.
 */
export async function chatLoad (contract, { concurrencies = [5, 50], scenarios = 500, conversations = 10_000 } = {}) {
  const mock = await startMock(contract)
  try {
    const runs = []
    for (const concurrency of concurrencies) {
      const run = await driveRun(mock.url, `bench-chat-${concurrency}`, scenarios, concurrency, `bench chat at ${concurrency}`)
      runs.push({ concurrency, ...run, turnsPerS: run.messages / run.seconds })
    }
    const idleMb = residentMb(mock.child.pid).rssMb
    const perRun = 1000
    let held = 0
    for (let index = 0; held < conversations; index++) {
      const count = Math.min(perRun, conversations - held)
      await driveRun(mock.url, 'bench-chat-memory', count, 50, `bench chat memory ${index}`)
      held += count
    }
    const afterMb = residentMb(mock.child.pid).rssMb
    return { contract, runs, memory: { conversations: held, beforeMb: idleMb, afterMb } }
  } finally {
    await stop(mock.child)
  }
}
