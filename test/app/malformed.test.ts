// Targets Node cannot parse: answered once, in this process, never by a connection back to the server's own port.
import { connect } from 'node:net'
import t, { type Test } from 'tap'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

/** Writes raw bytes on a new connection and resolves with everything sent back before the server closes it (or 5 s pass). */
function exchange (port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    let answer = ''
    const timer = setTimeout(() => socket.destroy(), 5000)
    socket.setEncoding('latin1').on('data', (chunk: string) => { answer += chunk })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(answer)
    })
    socket.on('error', () => {})
  })
}

async function listening (t: Test) {
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  let connections = 0
  app.server.on('connection', () => { connections++ })
  return { app, port: Number(new URL(origin).port), connections: () => connections }
}

t.test('a target that does not start with / gets one 400 with Connection: close, and no connection to itself', async (t) => {
  const { port, connections } = await listening(t)
  for (const target of ['x', '\\x', '{', '|', '"', '<', '^', '`', 'x/simulate/']) {
    const before = connections()
    const answer = await exchange(port, Buffer.from(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1'))
    t.match(answer, /^HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\n/, target)
    t.equal(answer.match(/HTTP\/1\.1 /g)?.length, 1, `${target}: one answer`)
    t.equal(connections() - before, 1, `${target}: the client's connection alone`)
  }
})

t.test('raw non-ASCII in a target is answered as its percent-encoded form, in process, with Connection: close', async (t) => {
  const { app, port, connections } = await listening(t)
  const head = (target: Buffer, method = 'GET') => Buffer.concat([Buffer.from(`${method} `), target,
    Buffer.from(` HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: ${AUTH['x-api-key']}\r\nX-Secret-Key: ${AUTH['x-secret-key']}\r\n\r\n`, 'latin1')])
  const listing = Buffer.concat([Buffer.from(listPath(DEMO_RUN, '?search=')), Buffer.from('é', 'utf8')])
  const answer = await exchange(port, head(listing))
  t.match(answer, /^HTTP\/1\.1 200 OK\r\n/)
  t.match(answer, /\r\nConnection: close\r\n/)
  const expected = await app.inject({ url: listPath(DEMO_RUN, '?search=%C3%A9'), headers: AUTH })
  t.equal(answer.slice(answer.indexOf('\r\n\r\n') + 4), expected.body, 'the same page as the percent-encoded target')
  const notFound = await exchange(port, head(Buffer.concat([Buffer.from('/nowhere/'), Buffer.from('日本', 'utf8')])))
  t.match(notFound, /^HTTP\/1\.1 404 Not Found\r\n/)
  t.match(notFound, /<title>Not Found<\/title>/)
  const headOnly = await exchange(port, head(listing, 'HEAD'))
  t.match(headOnly, /^HTTP\/1\.1 200 OK\r\n/)
  t.equal(headOnly.slice(headOnly.indexOf('\r\n\r\n') + 4), '', 'no body after a HEAD')
  t.equal(connections(), 3, 'one connection per exchange, none made by the server')
})
