// Requests the framework cannot route or Node cannot parse: answered as the platform would, or as Node does, always closing the connection.
import { STATUS_CODES } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
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

/**
 * The request head with every byte above 0x7f of its target percent-encoded, or null when the packet
 * holds no complete head or the target has another character a request line cannot carry.
 * Node refuses raw non-ASCII bytes in a request target; the platform's server passes them on, and
 * Django reads them exactly as their percent-encoded form (UTF-8 in the path and the query alike).
 */
export function percentEncodedHead (packet: Buffer): Buffer | null {
  const end = packet.indexOf('\r\n\r\n')
  const lineEnd = packet.indexOf('\r\n')
  if (end === -1 || lineEnd === -1) return null
  const line = packet.subarray(0, lineEnd)
  const first = line.indexOf(0x20)
  const last = line.lastIndexOf(0x20)
  if (first <= 0 || last <= first || !/^HTTP\/1\.[01]$/.test(line.subarray(last + 1).toString('latin1'))) return null
  const target = line.subarray(first + 1, last)
  let encoded = ''
  for (const byte of target) {
    if (byte <= 0x20 || byte === 0x7f) return null
    encoded += byte > 0x7f ? `%${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte)
  }
  // The relayed request asks for the connection to close, since the client's own connection closes after it.
  const headers = packet.subarray(lineEnd, end).toString('latin1')
    .split('\r\n')
    .filter((header) => !/^connection\s*:/i.test(header))
    .join('\r\n')
  return Buffer.concat([
    line.subarray(0, first + 1),
    Buffer.from(encoded, 'latin1'),
    line.subarray(last),
    Buffer.from(`${headers}\r\nConnection: close\r\n\r\n`, 'latin1')
  ])
}

/** Where this server can be reached from inside the process: its own address, loopback for a wildcard. */
function ownAddress (app: FastifyInstance): { host: string; port: number } | null {
  const address = app.server.address() as AddressInfo | string | null
  if (address === null || typeof address === 'string') return null
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  return { host: wildcard ? (address.family === 'IPv6' ? '::1' : '127.0.0.1') : address.address, port: address.port }
}

/**
 * Sends the corrected request to this same server over a new loopback connection and pipes the answer
 * back, so it goes through every hook and route as any request does, and streams with back-pressure
 * however large the page. Resolves false when it cannot (the server is closing, say).
 */
function relay (app: FastifyInstance, head: Buffer, client: Socket): boolean {
  const target = ownAddress(app)
  if (target === null || !app.server.listening) return false
  const upstream = connect(target.port, target.host, () => upstream.write(head))
  upstream.pipe(client)
  upstream.on('error', () => client.destroy())
  client.on('error', () => upstream.destroy())
  client.on('close', () => upstream.destroy())
  return true
}

/**
 * Fastify's `clientErrorHandler`. A target with raw non-ASCII bytes is relayed as its percent-encoded
 * form; everything else gets Node's own answer. Nothing here is logged with the raw bytes unredacted:
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
    if (head !== null && relay(this, head, socket)) return
  }
  if (socket.writable) socket.end(nodeAnswer(NODE_ANSWERS[error.code] ?? 400))
  else socket.destroy()
}
