// Hostile requests, generated: paths, query strings, headers and raw bytes only ever get answers the platform (or Node, for unparsable HTTP) could send.
import { connect } from 'node:net'
import fc from 'fast-check'
import t from 'tap'
import { HTML_NOT_FOUND_PAGE } from '../../src/errors.js'
import { ErrorEnvelopeSchema, CallExecutionPageSchema } from '../../src/schemas/envelope.js'
import { z } from 'zod'
import { API_KEY, DEMO_RUN, EMPTY_RUN, FIXTURE_RUN, SECRET_KEY, UNKNOWN_RUN, build } from '../helper.js'
import { propertyRuns } from '../property-runs.js'

const PageShapeSchema = CallExecutionPageSchema(z.record(z.string(), z.unknown()))

// Hundreds of requests over real connections: minutes when the suite shares two busy cores.
t.setTimeout(300_000)

/** Small runs only: a generated `limit` can be anything, and every answer here is read whole. */
const RUNS = [DEMO_RUN, EMPTY_RUN, FIXTURE_RUN, UNKNOWN_RUN]

const escape = fc.constantFrom('%ff', '%00', '%2F', '%20', '%2B', '%', '%zz', '%C3%A9', '%e2%80', '+')
const word = fc.string({ unit: fc.constantFrom(...'aZ09-_.~!$&\'()*,;=:@'.split('')), maxLength: 12 })
const segment = fc.oneof(word, escape, fc.tuple(word, escape, word).map((parts) => parts.join('')))

const runId = fc.oneof(
  fc.constantFrom(...RUNS),
  fc.constantFrom(DEMO_RUN.toUpperCase(), DEMO_RUN.replaceAll('-', ''), `{${DEMO_RUN}}`, `${DEMO_RUN}0`, 'a'.repeat(150)),
  segment,
  fc.uuid()
)

const path = fc.oneof(
  { weight: 6, arbitrary: runId.map((id) => `/simulate/run-tests/${id}/call-executions/`) },
  { weight: 2, arbitrary: runId.map((id) => `/simulate/run-tests/${id}/call-executions`) },
  { weight: 2, arbitrary: fc.array(segment, { maxLength: 5 }).map((parts) => `/simulate/${parts.join('/')}`) },
  { weight: 1, arbitrary: fc.array(segment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`) },
  { weight: 1, arbitrary: fc.tuple(runId, segment).map(([id, extra]) => `/simulate/run-tests/${id}/call-executions/${extra}`) }
)

const number = fc.oneof(fc.integer({ min: -5, max: 40 }).map(String), fc.constantFrom('9'.repeat(30), '-0', ' 7 ', '1_0', '１２', '1e3', '1.5', '', 'abc', '0x10'))
const value = fc.oneof(number, word, escape, fc.string({ maxLength: 8 }))
const key = fc.constantFrom('limit', 'page', 'search', 'status', 'format', 'foo', '', 'page', 'limit')
const query = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((pairs) =>
  pairs.length === 0 ? '' : `?${pairs.map(([name, text]) => (text === '' && name === 'foo' ? name : `${name}=${encodeURI(text)}`)).join('&')}`
)

const headers = fc.record({
  'x-api-key': fc.constantFrom(API_KEY, 'wrong', ''),
  'x-secret-key': fc.constantFrom(SECRET_KEY, 'wrong', ''),
  authorization: fc.constantFrom('Bearer nope', 'Basic dXNlcjpwYXNz', 'Bearer', ' '),
  accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/*', '', 'image/png, */*;q=0.1'),
  prefer: fc.constantFrom('code=500', 'code=403', 'code=418', 'code=404', 'respond-async', 'code=401, wait=5')
}, { requiredKeys: [] })

const method = fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')

/** What the platform's stack can answer this endpoint's requests with. */
const PLATFORM_STATUSES = new Set([200, 301, 401, 403, 404, 405, 406, 500])

interface Answer {
  status: number
  contentType: string | undefined
  body: string
}

/** Every way an answer departs from one the platform could send; empty when it could. */
function problemsOf (request: { method: string; prefer?: string }, answer: Answer): string[] {
  const problems: string[] = []
  const { status, contentType, body } = answer
  if (!PLATFORM_STATUSES.has(status)) problems.push(`status ${status}`)
  if (status === 403 && request.prefer?.includes('code=403') !== true) problems.push('a 403 nobody asked for')
  if (request.method === 'HEAD' || status === 301) {
    if (body !== '' && request.method === 'HEAD') problems.push('a body on HEAD')
    return problems
  }
  if (contentType?.startsWith('text/html') === true) {
    if (status === 404 && body !== HTML_NOT_FOUND_PAGE) problems.push('an HTML 404 that is not Django\'s page')
    if (status !== 404) problems.push(`HTML with status ${status}: unenveloped`)
    return problems
  }
  if (contentType !== 'application/json') return [...problems, `content type ${String(contentType)}`]
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return [...problems, 'a JSON body that does not parse']
  }
  if (status === 200) {
    if (request.method !== 'OPTIONS' && !PageShapeSchema.safeParse(json).success) problems.push('a 200 that is not a page')
  } else if (!ErrorEnvelopeSchema.safeParse(json).success) {
    problems.push(`a ${status} that is not the platform's envelope`)
  }
  if (status === 500 && (json as { type?: string }).type !== 'server_error') problems.push('a 500 that is not a server_error')
  return problems
}

t.test('generated requests only ever get answers the platform could send, and the app keeps serving', async (t) => {
  const app = build(t)
  await fc.assert(
    fc.asyncProperty(method, path, query, headers, async (verb, target, search, sent) => {
      const res = await app.inject({ method: verb, url: target + search, headers: sent })
      const problems = problemsOf({ method: verb, prefer: sent.prefer }, {
        status: res.statusCode,
        contentType: res.headers['content-type'] as string | undefined,
        // inject keeps a HEAD answer's body, which Node drops on a real connection.
        body: verb === 'HEAD' ? '' : res.body
      })
      if (problems.length > 0) throw new Error(`${verb} ${target}${search} ${JSON.stringify(sent)}: ${problems.join('; ')}`)
    }),
    { numRuns: propertyRuns(1500) }
  )
  const health = await app.inject({ url: '/health' })
  t.equal(health.statusCode, 200, 'still serving')
})

/** Whether `answer` holds a whole response: its head, and the body its head announces (none for HEAD). */
function complete (answer: string, head: boolean): boolean {
  const bodyAt = answer.indexOf('\r\n\r\n')
  if (bodyAt === -1) return false
  if (head) return true
  const length = /\r\ncontent-length: (\d+)\r\n/i.exec(answer.slice(0, bodyAt + 2))
  if (length !== null) return answer.length - bodyAt - 4 >= Number(length[1])
  return /\r\ntransfer-encoding: chunked\r\n/i.test(answer.slice(0, bodyAt + 2)) && answer.endsWith('\r\n0\r\n\r\n')
}

/** Writes raw bytes on a new connection and resolves with what comes back before the server closes it or 2 s pass. */
function exchange (port: number, bytes: Buffer): Promise<string> {
  const head = bytes.subarray(0, 5).toString('latin1') === 'HEAD '
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    let answer = ''
    const done = (): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(answer)
    }
    const timer = setTimeout(done, 2000)
    socket.setEncoding('latin1').on('data', (chunk: string) => {
      answer += chunk
      // A keep-alive answer leaves the connection open: once it is whole, the exchange is done.
      if (complete(answer, head)) done()
    })
    socket.on('close', done)
    socket.on('error', done)
  })
}

const rawTarget = fc.oneof(
  path.chain((p) => query.map((q) => p + q)),
  fc.tuple(path, fc.uint8Array({ minLength: 1, maxLength: 6 })).map(([p, bytes]) => p + Buffer.from(bytes).toString('latin1')),
  fc.tuple(fc.constantFrom(...RUNS), fc.constantFrom('é', 'ü', '\u00ff', '日本')).map(([id, text]) =>
    `/simulate/run-tests/${id}/call-executions/?search=${Buffer.from(text, 'utf8').toString('latin1')}`)
)
const rawHeaderLines = fc.array(fc.oneof(
  fc.constantFrom(`X-Api-Key: ${API_KEY}`, `X-Secret-Key: ${SECRET_KEY}`, 'Accept: */*', 'Prefer: code=500'),
  fc.string({ maxLength: 30 }).map((text) => `X-${text}`),
  fc.constantFrom('no colon here', ': empty name', 'Bad Header: x', `X-Long: ${'a'.repeat(20_000)}`)
), { maxLength: 4 })

t.test('raw requests get the platform\'s answers, or Node\'s own 400/431 with Connection: close when they are not HTTP', async (t) => {
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const port = Number(new URL(origin).port)
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('GET', 'HEAD', 'POST'), rawTarget, rawHeaderLines, async (verb, target, lines) => {
      const request = Buffer.from(`${verb} ${target} HTTP/1.1\r\nHost: localhost\r\n${lines.map((line) => `${line}\r\n`).join('')}\r\n`, 'latin1')
      const answer = await exchange(port, request)
      const statusLine = /^HTTP\/1\.1 (\d{3}) /.exec(answer)
      if (statusLine === null) throw new Error(`no HTTP answer to ${JSON.stringify(request.toString('latin1').slice(0, 200))}: ${JSON.stringify(answer.slice(0, 200))}`)
      const status = Number(statusLine[1])
      const head = answer.slice(0, answer.indexOf('\r\n\r\n'))
      if (status === 400 || status === 431) {
        if (!/\r\nConnection: close\r\n/i.test(head)) throw new Error(`a ${status} without Connection: close`)
        return
      }
      const contentType = /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1]
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4)
      const problems = problemsOf({ method: verb, prefer: lines.includes('Prefer: code=500') ? 'code=500' : undefined }, { status, contentType, body })
      if (problems.length > 0) throw new Error(`${JSON.stringify(request.toString('latin1').slice(0, 300))}: ${problems.join('; ')}`)
    }),
    { numRuns: propertyRuns(300) }
  )
  const health = await fetch(`${origin}/health`)
  t.equal(health.status, 200, 'still serving')
})
