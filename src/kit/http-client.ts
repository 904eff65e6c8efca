// A read-only HTTP client for the kit: GET and HEAD only, redirects not followed, paced and counted, secrets never shown.
import { request as httpRequest, Agent as HttpAgent, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https'
import type { Politeness } from './politeness.js'
import { REDACTED_TEXT } from './redact.js'
import { VERSION } from '../version.js'

export type ReadMethod = 'GET' | 'HEAD'

/** A request as a report shows it: the secret headers are written `<redacted>`. */
export interface ShownRequest {
  method: ReadMethod
  url: string
  headers: Record<string, string>
}

export interface KitResponse {
  status: number
  /** Lowercase names; repeated headers joined with `, `. */
  headers: Record<string, string>
  body: string
  request: ShownRequest
}

export interface HttpClient {
  /** Sends one request to `url` exactly as written (the query is not re-encoded). */
  send(method: ReadMethod, url: string, headers?: Record<string, string>): Promise<KitResponse>
  /**
   * Set once a request failed before the target had answered any: nothing listens there, its name does
   * not resolve, or it never answers. Null as soon as one answer has come back.
   */
  unreachable(): UnreachableError | null
  /** Frees the kept-alive connections. */
  close(): void
}

/** The target has not answered a single request: the connection failed or nothing came back in time. */
export class UnreachableError extends Error {
  override name = 'UnreachableError'
  /** Scheme, host and port that could not be reached. */
  readonly origin: string
  /** Why, as Node put it: `connect ECONNREFUSED 127.0.0.1:8000`, `getaddrinfo ENOTFOUND …`. */
  readonly reason: string

  constructor (origin: string, reason: string) {
    super(`cannot reach ${origin}: ${reason}`)
    this.origin = origin
    this.reason = reason
  }
}

/** Headers whose values are credentials: they never reach a report, a log or an error message. */
const SECRET_HEADERS = new Set(['x-api-key', 'x-secret-key', 'authorization'])

/** A request cannot hang a run: past this it fails, and the check that sent it says so. */
const REQUEST_TIMEOUT_MS = 30_000

/** Far above any page the kit asks for (500 rows), so only a runaway answer is cut. */
const MAX_BODY_BYTES = 64 * 1024 * 1024

export function showRequest (method: ReadMethod, url: string, headers: Record<string, string>): ShownRequest {
  const shown: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    shown[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED_TEXT : value
  }
  return { method, url, headers: shown }
}

function flattenHeaders (headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

/**
 * The client sends `User-Agent` and the given headers and nothing else the kit does not choose:
 * `fetch` would add `Accept-Encoding` and re-encode the query, and the checks need the raw bytes.
 */
export function createHttpClient (politeness: Politeness): HttpClient {
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 1 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 1 }) }
  let answered = 0
  let unreachable: UnreachableError | null = null
  return {
    unreachable () {
      return answered === 0 ? unreachable : null
    },
    close () {
      agents.http.destroy()
      agents.https.destroy()
    },
    async send (method, url, headers = {}) {
      const target = new URL(url)
      // The path and query as written: `new URL` would normalise the query's escapes.
      const pathStart = url.indexOf('/', target.protocol.length + 2)
      const path = pathStart === -1 ? '/' : url.slice(pathStart)
      const allHeaders = { 'User-Agent': `futureagi-mock-kit/${VERSION}`, ...headers }
      const shown = showRequest(method, url, allHeaders)
      await politeness.acquire()
      const secure = target.protocol === 'https:'
      const send = secure ? httpsRequest : httpRequest
      return new Promise<KitResponse>((resolve, reject) => {
        const req = send({
          method,
          protocol: target.protocol,
          hostname: target.hostname.replace(/^\[|\]$/g, ''),
          port: target.port === '' ? undefined : Number(target.port),
          path,
          headers: allHeaders,
          agent: secure ? agents.https : agents.http,
          timeout: REQUEST_TIMEOUT_MS
        }, (res) => {
          answered++
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size > MAX_BODY_BYTES) {
              req.destroy(new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes`))
              return
            }
            chunks.push(chunk)
          })
          res.on('end', () => {
            resolve({
              status: res.statusCode ?? 0,
              headers: flattenHeaders(res.headers),
              body: Buffer.concat(chunks).toString('utf8'),
              request: shown
            })
          })
          res.on('error', reject)
        })
        req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)))
        req.on('error', (error) => {
          if (answered === 0) unreachable ??= new UnreachableError(target.origin, error.message)
          reject(new Error(`${method} ${url}: ${error.message}`))
        })
        req.end()
      })
    }
  }
}
