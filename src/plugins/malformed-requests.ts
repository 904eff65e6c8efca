// Requests the framework cannot route or Node cannot parse: answered as the platform would, or as Node does, always closing the connection.
import type * as Http from 'node:http'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import type { ConnectionError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HTML_NOT_FOUND_PAGE } from '../errors.js'

/**
 * Fastify answers a path with a bad percent escape (`%ff`) or an over-long parameter with JSON of its
 * own. Neither can come from the platform: Django decodes the path, matches no route and sends its
 * HTML 404, so that is the answer here too.
 */
export function answerFrameworkError (_error: Error, _request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).type('text/html; charset=utf-8').send(HTML_NOT_FOUND_PAGE)
}

/**
 * Required rather than imported: an ES import of `node:http` builds the module's ES namespace, which
 * reads every export, the lazy WebSocket classes included, and so loads Node's bundled undici (tens of
 * milliseconds of start-up) that nothing here uses.
 */
const { STATUS_CODES } = createRequire(import.meta.url)('node:http') as typeof Http

/** Sockets already answered: Node reports a parse error again for every chunk that follows the first. */
const answered = new WeakSet<Socket>()

/**
 * Node's own answers for what never reaches an application (malformed HTTP, an oversized head, a client
 * too slow to send one), as `node:http` writes them without a handler, but with `Connection: close`:
 * the connection is closed after it, and a keep-alive client must know not to send its next request on it.
 */
const NODE_ANSWERS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408
}

function nodeAnswer (status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`
}

/**
 * The bytes Node was parsing when it failed, a Buffer at run time (the declared type is its JSON form);
 * absent for errors that are not parse errors.
 */
function packetOf (error: ConnectionError): Buffer | null {
  const raw: unknown = error.rawPacket
  if (Buffer.isBuffer(raw)) return raw
  return Array.isArray(error.rawPacket?.data) ? Buffer.from(error.rawPacket.data) : null
}

/** A request head Node refused only for raw bytes in its target, with those bytes percent-encoded. */
export interface RepairedHead {
  method: string
  /** The target, every byte above 0x7f percent-encoded; it starts with `/`. */
  url: string
  /** Header names and values in the order sent. */
  headers: Array<[string, string]>
}

/**
 * The request head with every byte above 0x7f of its target percent-encoded, or null when the packet
 * holds no complete head, the target does not start with `/` (Node refuses those for their form, not
 * for a byte: encoding would give the same target again), or it has another character a request line
 * cannot carry. Node refuses raw non-ASCII bytes in a request target; the platform's server passes them
 * on, and Django reads them exactly as their percent-encoded form (UTF-8 in the path and the query alike).
 */
export function percentEncodedHead (packet: Buffer): RepairedHead | null {
  const end = packet.indexOf('\r\n\r\n')
  const lineEnd = packet.indexOf('\r\n')
  if (end === -1 || lineEnd === -1) return null
  const line = packet.subarray(0, lineEnd)
  const first = line.indexOf(0x20)
  const last = line.lastIndexOf(0x20)
  if (first <= 0 || last <= first || !/^HTTP\/1\.[01]$/.test(line.subarray(last + 1).toString('latin1'))) return null
  const target = line.subarray(first + 1, last)
  if (target[0] !== 0x2f) return null
  let url = ''
  for (const byte of target) {
    if (byte <= 0x20 || byte === 0x7f) return null
    url += byte > 0x7f ? `%${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte)
  }
  const headers: Array<[string, string]> = []
  for (const header of packet.subarray(lineEnd + 2, end).toString('latin1').split('\r\n')) {
    const colon = header.indexOf(':')
    if (colon <= 0) return null
    headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()])
  }
  return { method: line.subarray(0, first).toString('latin1'), url, headers }
}

/** Framing the answer written here sets itself; the rest of the app's headers are kept. */
const OWN_FRAMING = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive'])

/**
 * Answers the repaired request in this process, through every hook and route as any request goes
 * (`inject`: no connection is made, least of all to this server's own port), and writes the answer on
 * the client's socket with `Connection: close`. The request's body, if any, is not read: the head is
 * all Node handed over.
 */
async function answerInProcess (app: FastifyInstance, head: RepairedHead, client: Socket): Promise<void> {
  const headers: Record<string, string> = {}
  for (const [name, value] of head.headers) {
    const key = name.toLowerCase()
    if (key === 'content-length' || key === 'transfer-encoding' || key === 'connection') continue
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`
  }
  const res = await app.inject({ method: head.method as 'GET', url: head.url, headers, remoteAddress: client.remoteAddress ?? '127.0.0.1' })
  if (client.destroyed || !client.writable) return
  const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage || STATUS_CODES[res.statusCode] || ''}`]
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined || OWN_FRAMING.has(name.toLowerCase())) continue
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(one)}`)
  }
  const body = head.method === 'HEAD' ? Buffer.alloc(0) : res.rawPayload
  lines.push('Connection: close', `Content-Length: ${head.method === 'HEAD' ? res.rawPayload.length : body.length}`)
  client.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]))
}

/**
 * Fastify's `clientErrorHandler`. A target with raw non-ASCII bytes is answered as its percent-encoded
 * form; everything else (a target that does not start with `/` included) gets Node's own answer, once. Nothing here is logged with the raw bytes unredacted:
 * the logger's redaction scrubs `err.rawPacket`.
 */
export function answerClientError (this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  // A reset connection has nothing left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return
  answered.add(socket)
  this.log.trace({ err: error }, 'client error')
  const packet = packetOf(error)
  if (error.code === 'HPE_INVALID_URL' && packet !== null) {
    const head = percentEncodedHead(packet)
    if (head !== null && this.server.listening) {
      answerInProcess(this, head, socket).catch((problem: unknown) => {
        this.log.error({ err: problem }, 'answering a percent-encoded target')
        socket.destroy()
      })
      return
    }
  }
  if (socket.writable) socket.end(nodeAnswer(NODE_ANSWERS[error.code] ?? 400))
  else socket.destroy()
}
