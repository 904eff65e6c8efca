// startMockServer's handles for the chat loop: a named chat run test, the conversation it held, and the clock that finishes it.
import t from 'tap'
import { startMockServer } from '../../src/index.js'
import { AUTH } from '../helper.js'

const HEADERS = { ...AUTH, 'content-type': 'application/json' }

t.test('a test creates a named chat run test, drives one chat over HTTP and reads it back in-process', async (t) => {
  const server = await startMockServer()
  t.teardown(() => server.close())
  const created = server.createRun({ calls: 0, name: 'Support bot nightly', simulation_type: 'text', scenarios: ['Refund please'] })
  t.match(created, { rows: 0, name: 'Support bot nightly', simulationType: 'text' })
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) })
    return { status: res.status, body: await res.json() as { result: Record<string, unknown> } }
  }
  const byName = await fetch(`${server.url}/simulate/run-tests/get-id-by-name/Support%20bot%20nightly/`, { headers: AUTH })
  t.equal(((await byName.json()) as { result: { run_test_id: string } }).result.run_test_id, created.id)
  const te = (await post(`/simulate/run-tests/${created.id}/chat-execute/`, {})).body.result.execution_id as string
  const [callId] = (await post(`/simulate/test-executions/${te}/chat/call-executions/batch/`, {})).body.result.call_execution_ids as string[]
  const path = `/simulate/call-executions/${callId as string}/chat/send-message/`
  t.equal((await post(path, { initiate_chat: true })).status, 200)
  t.equal((await post(path, { messages: [{ role: 'user', content: 'Sorry to hear that, goodbye.' }], metrics: { latency: 420 } })).status, 200)

  const conversation = server.conversation(callId as string)
  t.same(conversation?.map((message) => message.speaker), ['customer', 'agent', 'customer'])
  t.same(conversation?.[1]?.messages, [{ role: 'user', content: 'Sorry to hear that, goodbye.' }])
  t.equal(server.conversation('00000000-0000-4000-8000-000000000000'), null)
  t.equal(server.session('other').conversation(callId as string), null, 'another session holds no such chat')

  const status = async () => ((await (await fetch(`${server.url}/simulate/run-tests/${created.id}/status/`, { headers: AUTH })).json()) as { status: string }).status
  t.equal(await status(), 'evaluating')
  server.clock.advance('5m')
  t.equal(await status(), 'completed')
})
