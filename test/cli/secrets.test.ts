// No key, secret or token the mock is started with appears in anything it prints, at the most verbose log level.
import { connect } from 'node:net'
import t from 'tap'
import { listPath } from '../helper.js'
import { requireFreshBuild, startCli } from './helper.js'

t.before(requireFreshBuild)

const API_KEY = 'ak-7f3e91c2-distinctive'
const SECRET_KEY = 'sk-0b5d6a84-distinctive'
const TOKEN = 'tok-59c1e07d-distinctive'
const SECRETS = [API_KEY, SECRET_KEY, TOKEN]
const DEMO_RUN = '11111111-1111-4111-8111-111111111111'

/** Writes raw bytes on a new connection and resolves with everything the server sends back before it closes. */
function raw (url: string, bytes: Buffer): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    // Written, not ended: a client that half-closes its side gets no answer from Node, whatever the server.
    const socket = connect(Number(port), hostname, () => socket.write(bytes))
    let answer = ''
    socket.setEncoding('latin1').on('data', (chunk: string) => { answer += chunk })
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
  })
}

const head = (target: string, headers: string[]): Buffer =>
  Buffer.from(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n${headers.map((line) => `${line}\r\n`).join('')}\r\n`, 'latin1')

t.test('at trace level, right, wrong and malformed requests leave no credential in stdout or stderr', async (t) => {
  const server = await startCli(t, ['--log-level', 'trace', '--api-key', API_KEY, '--secret-key', SECRET_KEY, '--access-token', TOKEN])
  const url = `${server.url}${listPath(DEMO_RUN)}`
  const keys = { 'x-api-key': API_KEY, 'x-secret-key': SECRET_KEY }
  const statuses = await Promise.all([
    fetch(url, { headers: keys }),
    fetch(url, { headers: { ...keys, 'x-secret-key': 'wrong' } }),
    fetch(url, { headers: { 'x-api-key': API_KEY } }),
    fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } }),
    fetch(url, { headers: { authorization: `Bearer ${TOKEN}x`, ...keys } }),
    fetch(url, { headers: { ...keys, cookie: `session=${TOKEN}` } }),
    fetch(`${server.url}/nowhere`, { headers: keys })
  ].map(async (pending) => (await pending).status))
  t.same(statuses, [200, 401, 401, 200, 401, 200, 404])

  const keyLines = [`X-Api-Key: ${API_KEY}`, `X-Secret-Key: ${SECRET_KEY}`, `Authorization: Bearer ${TOKEN}`]
  // Node cannot parse these; the logger shows the bytes it received, with the credentials scrubbed.
  t.match(await raw(server.url, head('/', [...keyLines, 'Not A Header'])), /^HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\n/)
  t.match(await raw(server.url, head('/x', [...keyLines, `X-Big: ${'a'.repeat(20_000)}`])), /^HTTP\/1\.1 431 /)
  // Raw non-ASCII in the query: answered as its percent-encoded form, like any request.
  const repaired = await raw(server.url, Buffer.concat([
    Buffer.from(`GET ${listPath(DEMO_RUN, '?search=')}`, 'latin1'), Buffer.from('é', 'utf8'),
    Buffer.from(` HTTP/1.1\r\nHost: localhost\r\n${keyLines.slice(0, 2).join('\r\n')}\r\n\r\n`, 'latin1')
  ]))
  t.match(repaired, /^HTTP\/1\.1 200 OK\r\n/)

  // Let the last log lines reach the pipes, then stop the server and read everything it printed.
  server.child.kill('SIGTERM')
  await server.exited
  const printed = server.stdout() + server.stderr()
  t.match(server.stdout(), /"msg":"client error"/, 'the unparsable requests were logged')
  t.match(server.stdout(), /\[Redacted\]/, 'with their credentials redacted')
  for (const secret of SECRETS) t.notOk(printed.includes(secret), `${secret} is printed nowhere`)
  t.match(server.startLine, 'curl -H "X-Api-Key: $FI_API_KEY" -H "X-Secret-Key: $FI_SECRET_KEY" ')
})
