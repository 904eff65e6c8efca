// The logger's options: the level asked for, and redaction of every credential a log line could carry.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify'

type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>

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

type Bindings = Record<string, unknown>
type LogMethod = (...args: unknown[]) => void
type Logger = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean }

/**
 * A request's logger that makes its child of the server's logger (with the request id bound) only when
 * a line is written at a level the logger writes: a request that logs nothing, as every one does at
 * the default `warn` of a loaded server, does not pay for a child logger. The lines are the child's.
 */
class RequestLogger {
  readonly #parent: Logger
  readonly #bindings: Bindings
  #child: FastifyBaseLogger | null = null

  constructor (parent: Logger, bindings: Bindings) {
    this.#parent = parent
    this.#bindings = bindings
  }

  #real (): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings))
  }

  #write (level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: unknown[]): void {
    if (this.#child !== null || this.#parent.isLevelEnabled?.(level) !== false) (this.#real()[level] as LogMethod)(...args)
  }

  get level (): string {
    return (this.#child ?? this.#parent).level
  }

  set level (level: string) {
    this.#real().level = level
  }

  fatal (...args: unknown[]): void { this.#write('fatal', args) }
  error (...args: unknown[]): void { this.#write('error', args) }
  warn (...args: unknown[]): void { this.#write('warn', args) }
  info (...args: unknown[]): void { this.#write('info', args) }
  debug (...args: unknown[]): void { this.#write('debug', args) }
  trace (...args: unknown[]): void { this.#write('trace', args) }
  silent (): void {}

  child (bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options)
  }
}

/**
 * Fastify's `childLoggerFactory`: the request's logger, made lazily (see `RequestLogger`) unless the
 * route asks for a level or serializers of its own.
 */
export function requestLogger (logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined) return logger.child(bindings, options)
  return new RequestLogger(logger, bindings) as unknown as FastifyBaseLogger
}
