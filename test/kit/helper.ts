// Shared by the kit's tests: a mock with distinctive keys, a proxy that makes it drift, and the commands run in-process.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import { startMockServer, type MockServer, type MockServerOptions } from '../../src/index.js'
import { runKitCommand, type KitCommandName } from '../../src/kit/command.js'

/** Keys no report may show: distinctive enough that any leak is found by a plain substring search. */
export const KEYS = { apiKey: 'kit-api-key-7f3a9c51d0', secretKey: 'kit-secret-key-2b8e5104aa' } as const
export const KEY_ARGS = ['--api-key', KEYS.apiKey, '--secret-key', KEYS.secretKey]
export const AUTH = { 'X-Api-Key': KEYS.apiKey, 'X-Secret-Key': KEYS.secretKey }

export const DEMO_RUN = '11111111-1111-4111-8111-111111111111'
export const EMPTY_RUN = '22222222-2222-4222-8222-222222222222'
export const FIXTURE_RUN = '44444444-4444-4444-8444-444444444444'
/** A generated run added by the tests: not a well-known run, so its recording can be served next to them. */
export const EXTRA_RUN = 'abababab-abab-4bab-8bab-abababababab'

/** Unpaced enough for tests; the pacing itself is tested with a fake clock. */
export const FAST = { maxRps: 100_000 }

export async function startKitMock (t: Test, options: MockServerOptions = {}): Promise<MockServer> {
  const mock = await startMockServer({ ...KEYS, ...options })
  t.teardown(() => mock.close())
  return mock
}

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** What the proxy passes on; `rewrite` returns the answer to send instead (or the same one). */
export interface Drift {
  rewrite(answer: Answer, url: URL): Answer
}

/** A drift that edits JSON bodies of listing pages (200s) and leaves everything else alone. */
export function pageDrift (edit: (page: Record<string, unknown>, url: URL) => void): Drift {
  return {
    rewrite (answer, url) {
      if (answer.status !== 200 || !url.pathname.endsWith('/call-executions/') || answer.body === '') return answer
      const page = JSON.parse(answer.body) as Record<string, unknown>
      edit(page, url)
      return { ...answer, body: JSON.stringify(page) }
    }
  }
}

/**
 * A node:http proxy in front of `upstream` that changes one thing about its answers. The request goes
 * through unchanged, Host included, so that the mock builds its links for the proxy's address.
 */
export async function startDriftProxy (t: Test, upstream: string, drift: Drift): Promise<string> {
  const target = new URL(upstream)
  const server: Server = createServer((req, res) => {
    const forward = request({
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: req.headers
    }, (upstreamRes) => {
      const chunks: Buffer[] = []
      upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk))
      upstreamRes.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://proxy.invalid')
        const answer = drift.rewrite({ status: upstreamRes.statusCode ?? 502, headers: upstreamRes.headers, body: Buffer.concat(chunks).toString('utf8') }, url)
        const headers = { ...answer.headers }
        // A HEAD answer keeps the length of the GET it stands for; any other body is measured again.
        const length = req.method === 'HEAD' ? headers['content-length'] ?? '0' : String(Buffer.byteLength(answer.body))
        delete headers['content-length']
        delete headers['transfer-encoding']
        res.writeHead(answer.status, { ...headers, 'content-length': length })
        res.end(req.method === 'HEAD' ? undefined : answer.body)
      })
    })
    forward.on('error', (error) => {
      res.writeHead(502)
      res.end(error.message)
    })
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export interface CommandRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs a kit command in this process, as the CLI will, with its output captured. */
export async function runCommand (name: KitCommandName, argv: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  let stdout = ''
  let stderr = ''
  const code = await runKitCommand(name, argv, {
    env,
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: (text: string) => { stderr += text } }
  })
  return { code, stdout, stderr }
}

/** A listing page's body as served, with the server's address taken out of its links. */
export async function pageText (base: string, runId: string, query: string): Promise<string> {
  const res = await fetch(`${base}/simulate/run-tests/${runId}/call-executions/${query}`, { headers: AUTH })
  return (await res.text()).replaceAll(base, '<host>')
}
