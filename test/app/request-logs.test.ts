// A request's log lines: written at the levels asked for, each carrying the request's id.
import { Writable } from 'node:stream'
import t from 'tap'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

/** A logger stream keeping every line written, parsed. */
function lines (): { stream: Writable; lines: Array<Record<string, unknown>> } {
  const kept: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') kept.push(JSON.parse(line) as Record<string, unknown>)
      done()
    }
  })
  return { stream, lines: kept }
}

t.test('at info, a request logs its arrival and its answer, both with its id', async (t) => {
  const log = lines()
  const app = build(t, { logger: { level: 'info', stream: log.stream } })
  const res = await app.inject({ url: listPath(DEMO_RUN), headers: AUTH })
  t.equal(res.statusCode, 200)
  const messages = log.lines.filter((line) => line.reqId !== undefined).map((line) => [line.msg, line.reqId])
  t.same(messages, [['incoming request', 'req-1'], ['request completed', 'req-1']])
})

t.test('at warn, an ordinary request logs nothing, and an unexpected error is logged with the request\'s id', async (t) => {
  const log = lines()
  const app = build(t, { logger: { level: 'warn', stream: log.stream } })
  app.get('/simulate/failing/', async () => {
    throw new Error('boom')
  })
  t.equal((await app.inject({ url: listPath(DEMO_RUN), headers: AUTH })).statusCode, 200)
  t.same(log.lines, [])
  t.equal((await app.inject({ url: '/simulate/failing/' })).statusCode, 500)
  t.equal(log.lines.length, 1)
  t.match(log.lines[0], { level: 50, msg: 'unexpected error', reqId: 'req-2', err: { message: 'boom' } })
})

t.test('a level raised after start-up applies to the requests that follow', async (t) => {
  const log = lines()
  const app = build(t, { logger: { level: 'warn', stream: log.stream } })
  await app.ready()
  app.log.level = 'info'
  await app.inject({ url: listPath(DEMO_RUN), headers: AUTH })
  t.same(log.lines.map((line) => line.msg), ['incoming request', 'request completed'])
})
