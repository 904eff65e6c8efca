// The logger's options: the level asked for, and redaction of every credential a log line could carry.
import type { FastifyServerOptions } from 'fastify'

/** Request headers that carry credentials; their values never reach a log line. */
export const SECRET_HEADERS = ['x-api-key', 'x-secret-key', 'authorization', 'cookie', 'proxy-authorization'] as const

export const REDACTED = '[Redacted]'

const HEADER_PATHS = ['req.headers', 'request.headers', 'headers'].flatMap((object) =>
  SECRET_HEADERS.map((name) => `${object}["${name}"]`)
)

/** `Name: value` lines of a raw request whose name is a credential header, up to the end of the line. */
const SECRET_HEADER_LINE = new RegExp(`^(${SECRET_HEADERS.join('|')})([ \\t]*:).*$`, 'gim')

/**
 * A request Node could not parse is logged (at `trace`) with the bytes it received, `err.rawPacket`.
 * They are kept, as text, since they show what was wrong, with the value of every credential header
 * replaced.
 */
export function scrubRawPacket (packet: unknown): string {
  const text = Buffer.isBuffer(packet) ? packet.toString('latin1') : String(packet)
  return text.replace(SECRET_HEADER_LINE, `$1$2 ${REDACTED}`)
}

/** pino's `redact` option: the credential headers wherever a serializer puts them, and raw packets scrubbed. */
export const REDACTION = {
  paths: [...HEADER_PATHS, 'res.headers["set-cookie"]', 'err.rawPacket'],
  censor: (value: unknown, path: string[]): unknown => (path.at(-1) === 'rawPacket' ? scrubRawPacket(value) : REDACTED)
}

/**
 * Fastify's `logger` option with the redaction added: `true` or a level becomes options with it, options
 * get it unless they bring their own `redact`; `false` stays off.
 */
export function withRedaction (logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false
  if (logger === true) return { redact: REDACTION }
  if (typeof logger === 'object' && !('redact' in logger)) return { ...logger, redact: REDACTION }
  return logger
}
