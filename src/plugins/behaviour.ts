// Time and failure on the platform's API: delays, faults and rate limits, as a session, a request or the process asks for them.
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Session } from '../control/sessions.js'
import { hashString, seedWord, unitAt } from '../data/hash.js'
import { decideFault, isFault, type Fault, type FaultRule } from '../domain/faults.js'
import { MAX_DELAY_MS, sampleLatency, type LatencySpec } from '../domain/latency.js'
import { preferredDelay, preferredFault } from '../domain/prefer.js'
import { TokenBucket, bucketKeyOf, type RateLimit } from '../domain/rate-limit.js'
import { AdminError, PROXY_PAGES, serverError, throttled, type PlatformError } from '../errors.js'
import { decoratePreferences, preferenceApplied } from './preferences.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The fault the request is answered with, if any: the journal records it. */
    mockFault: string | null
  }
}

/** A client that never gives up on a hanging request is let go after this: five minutes. */
export const HANG_MS = 5 * 60_000

/** The wait a 503 from the proxy asks for, and the one a throttled request is told when it exceeds no bucket. */
const RETRY_AFTER_SECONDS = 1

/** Timers, injected so that tests of delays need not wait. */
export interface Timers {
  setTimeout (callback: () => void, ms: number): unknown
  clearTimeout (handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
}

/**
 * Connections the `hang` and `slow-body` faults may hold at once, all sessions together. Each is a
 * socket the process keeps open (tens of kilobytes of buffers) and a descriptor out of the process's
 * share; past the bound, such a fault is refused with a 409 rather than held.
 */
export const MAX_HELD_CONNECTIONS = 256

/** Pending delays and held connections, all let go at once when the server closes. */
export class Holds {
  readonly #timers: Timers
  readonly #waking = new Set<() => void>()
  #closed = false
  #connections = 0

  constructor (timers: Timers = realTimers) {
    this.#timers = timers
  }

  /** Whether the server is closing: nothing is held from then on. */
  get closed (): boolean {
    return this.#closed
  }

  /** Connections held by `hang` and `slow-body` faults now. */
  get connections (): number {
    return this.#connections
  }

  /**
   * Counts a connection held by a fault until `release` is called (once); throws the 409 naming the
   * bound when `MAX_HELD_CONNECTIONS` are held already.
   */
  holdConnection (fault: string): () => void {
    if (this.#connections >= MAX_HELD_CONNECTIONS) {
      throw new AdminError(409, `the mock already holds ${MAX_HELD_CONNECTIONS} connections for hang and slow-body faults (its bound): ` +
        `the ${fault} fault is refused until some of them end`)
    }
    this.#connections++
    let released = false
    return () => {
      if (released) return
      released = true
      this.#connections--
    }
  }

  /** Resolves after `ms`, or at once when the server closes: a delay never holds a shutdown. */
  sleep (ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.hold(ms, resolve)
    })
  }

  /**
   * Calls `release` after `ms`, or when the server closes, whichever comes first (at once when it is
   * closing already); the returned function cancels it.
   */
  hold (ms: number, release: () => void): () => void {
    if (this.#closed) {
      release()
      return () => {}
    }
    const wake = (): void => {
      this.#timers.clearTimeout(handle)
      this.#waking.delete(wake)
      release()
    }
    const handle = this.#timers.setTimeout(wake, ms)
    this.#waking.add(wake)
    return () => {
      this.#timers.clearTimeout(handle)
      this.#waking.delete(wake)
    }
  }

  /** Lets go of everything held, and of everything asked for from now on. */
  wakeAll (): void {
    this.#closed = true
    for (const wake of [...this.#waking]) wake()
  }
}

export interface BehaviourOptions {
  /** Process-wide (`--latency`): the delay of every answer a session or request does not set. */
  latency: LatencySpec | null
  /** Bytes a second of the `slow-body` fault. */
  slowBodyRate: number
  seed: number
  /** The request's session; null when the control plane is off (process-wide settings only). */
  sessionOf: (request: FastifyRequest) => Session | null
  holds: Holds
  /** Records a request that ends without an answer the journal would otherwise see. */
  journal: ((request: FastifyRequest, reply: FastifyReply, status: number) => void) | null
}

/** Which draw a hash is for. */
const SALT = { latency: 11, fault: 12 } as const

/** The fault rules' and the latency's draws for one session: fixed by the seed and the session's name. */
const sessionKey = (seed: number, name: string): number => seedWord(seed) ^ hashString(name)

const BODY_FAULTS = new Set<string>(['truncate', 'slow-body', 'malformed'])

/** The run test a path names, as the fault rules match it. */
const RUN_IN_PATH = /^\/simulate\/run-tests\/([0-9a-f-]{36})\//

function pathOf (url: string): string {
  const mark = url.indexOf('?')
  return mark === -1 ? url : url.slice(0, mark)
}

/**
 * Lets go of every delay and held connection as the server closes. Added before the drain that waits
 * for requests in flight (preClose hooks run in order), so that none of them waits out its delay.
 */
export function releaseOnClose (app: FastifyInstance, holds: Holds): void {
  app.addHook('preClose', async function releaseHolds () {
    holds.wakeAll()
  })
}

/**
 * The delay and fault of every request to the platform's API (not the mock's own routes). Costs one
 * check of the `Prefer` header when nothing is configured.
 */
export function applyBehaviour (app: FastifyInstance, options: BehaviourOptions): void {
  const { holds } = options
  app.decorateRequest('mockFault', null)
  decoratePreferences(app)

  // A callback hook: a request with nothing to apply (the usual case) costs a few reads, and no
  // promise; only one with a delay or a fault goes through the asynchronous part.
  app.addHook('onRequest', function shapeAnswer (request, reply, done) {
    if (request.routeOptions.config.journal === false) {
      done()
      return
    }
    const prefer = request.headers.prefer as string | undefined
    const session = options.sessionOf(request)
    const behaviour = session?.behaviour
    if (prefer === undefined && options.latency === null && (behaviour === undefined || (behaviour.latency === null && behaviour.faults.length === 0))) {
      done()
      return
    }
    delayOrFail(request, reply, prefer, session).then(() => done(), done)
  })

  async function delayOrFail (request: FastifyRequest, reply: FastifyReply, prefer: string | undefined, session: Session | null): Promise<unknown> {
    const behaviour = session?.behaviour
    const key = sessionKey(options.seed, session?.name ?? '')
    const asked = preferredFault(prefer)
    let fault: Fault | null = asked !== null && isFault(asked) ? asked : null
    if (fault !== null) preferenceApplied(request, reply, 'fault', fault)
    if (fault === null && behaviour !== undefined && behaviour.faults.length > 0) {
      const path = pathOf(request.url)
      const target = { method: request.method, path, runTestId: RUN_IN_PATH.exec(path)?.[1] ?? null }
      fault = decideFault(behaviour.faults, target, (rule: FaultRule, seen: number) => unitAt(key ^ hashString(rule.id), seen, SALT.fault))
    }

    const askedDelay = preferredDelay(prefer)
    const spec = behaviour?.latency ?? options.latency
    let delay = 0
    if (askedDelay !== null) {
      delay = Math.min(askedDelay, MAX_DELAY_MS)
      preferenceApplied(request, reply, 'delay', String(askedDelay), String(delay))
    }
    else if (spec !== null) delay = sampleLatency(spec, unitAt(key, behaviour === undefined ? 0 : behaviour.requests++, SALT.latency))
    if (delay > 0) await holds.sleep(delay)

    if (fault === null) return
    request.mockFault = fault
    // The journal hears of the request however it ends, the answer cut short or never sent included.
    const journal = options.journal
    if (journal !== null) reply.raw.once('close', () => journal(request, reply, reply.raw.headersSent ? reply.statusCode : 0))
    switch (fault) {
      case 'status=429':
        throw throttled(RETRY_AFTER_SECONDS)
      case 'status=500':
        throw serverError('simulated failure requested with fault=status=500')
      case 'status=502':
      case 'status=503':
      case 'status=504': {
        const status = Number(fault.slice('status='.length)) as 502 | 503 | 504
        if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS))
        return reply.code(status).type('text/html').send(PROXY_PAGES[status])
      }
      case 'reset':
        // Nothing is written: the connection is reset (a TCP RST, as a peer that crashed sends) before
        // the first byte of an answer.
        reply.hijack()
        request.raw.socket.resetAndDestroy()
        return
      case 'hang': {
        const letGo = holds.holdConnection(fault)
        reply.hijack()
        const socket = request.raw.socket
        const cancel = holds.hold(HANG_MS, () => socket.destroy())
        socket.once('close', () => {
          cancel()
          letGo()
        })
        return
      }
      case 'slow-body': {
        const letGo = holds.holdConnection(fault)
        reply.raw.once('close', letGo)
        return
      }
      default:
        // truncate and malformed (and slow-body, counted above) shape the body once it is written (onSend).
        return
    }
  }

  app.addHook('onSend', function shapeBody (request, reply, payload, done) {
    const fault = request.mockFault
    if (fault === null || !BODY_FAULTS.has(fault) || request.method === 'HEAD' || payload === null || payload === undefined) {
      done(null, payload)
      return
    }
    done(null, faultyBody(reply, fault, payload))
  })

  function faultyBody (reply: FastifyReply, fault: string, payload: unknown): unknown {
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : null
    if (fault === 'malformed') return bytes === null ? cutStream(payload as Readable) : bytes.subarray(0, malformedCut(bytes))
    if (bytes !== null) reply.header('content-length', String(bytes.length))
    if (fault === 'truncate') return truncated(bytes === null ? (payload as Readable) : [bytes], bytes === null ? null : bytes.length, () => reply.raw.socket?.end())
    return throttledBody(bytes === null ? (payload as Readable) : [bytes], options.slowBodyRate, holds)
  }
}

/**
 * The listing's throttle (`--rate-limit`): a token bucket per credential, checked after authentication
 * as DRF's throttles are, answering the platform's 429 once a bucket is empty. The platform throttles a
 * user wherever the requests come from, so the buckets are the process's, not a session's: a new
 * session name is no way around the limit. Only accepted credentials reach it, and the mock accepts
 * one key pair and one token, so there are at most two buckets.
 */
export function createThrottle (
  limit: RateLimit,
  wallMs: () => number = Date.now
): (request: FastifyRequest) => PlatformError | null {
  const buckets = new Map<string, TokenBucket>()
  return function throttle (request) {
    const key = bucketKeyOf(request.headers.authorization)
    let bucket = buckets.get(key)
    if (bucket === undefined) {
      bucket = new TokenBucket(limit, wallMs())
      buckets.set(key, bucket)
    }
    const wait = bucket.take(wallMs())
    if (wait === null) return null
    request.mockFault = 'rate-limit'
    return throttled(wait)
  }
}

/**
 * Where to cut a JSON page so that it ends inside a row: halfway through its first row, or halfway
 * through the body when it has none.
 */
export function malformedCut (body: Buffer): number {
  const text = body.toString('latin1')
  const results = text.indexOf('"results":[{')
  if (results === -1) return Math.floor(body.length / 2)
  const start = results + '"results":['.length
  const next = text.indexOf('},{', start)
  const end = next === -1 ? text.lastIndexOf('}]') : next
  return start + Math.max(1, Math.floor((end - start) / 2))
}

/** A streamed page cut inside its first row. */
function cutStream (source: Readable): Readable {
  return Readable.from((async function * firstRowCut () {
    let seen = Buffer.alloc(0)
    for await (const chunk of source as AsyncIterable<Buffer>) {
      seen = Buffer.concat([seen, chunk])
      if (seen.indexOf('},{') !== -1 || seen.length > 65_536) break
    }
    source.destroy()
    yield seen.subarray(0, malformedCut(seen))
  })(), { objectMode: false })
}

/** Half of the body (its first chunk when its length is unknown), then the connection is ended. */
function truncated (source: AsyncIterable<Buffer> | Buffer[], length: number | null, endConnection: () => void): Readable {
  return Readable.from((async function * half () {
    for await (const chunk of source) {
      yield length === null ? chunk : chunk.subarray(0, Math.floor(length / 2))
      break
    }
    if (source instanceof Readable) source.destroy()
    endConnection()
  })(), { objectMode: false })
}

/**
 * The body at `rate` bytes a second: a tenth of a second's worth every tenth of a second. Once the
 * server closes, the rest goes at once, so that a slow body never holds a shutdown.
 */
function throttledBody (source: AsyncIterable<Buffer> | Buffer[], rate: number, holds: Holds): Readable {
  const step = Math.max(1, Math.ceil(rate / 10))
  const pause = Math.max(1, Math.round((step / rate) * 1000))
  return Readable.from((async function * dribble () {
    for await (const chunk of source) {
      for (let at = 0; at < chunk.length; at += step) {
        if (holds.closed) {
          yield chunk.subarray(at)
          break
        }
        yield chunk.subarray(at, at + step)
        await holds.sleep(pause)
      }
    }
  })(), { objectMode: false })
}
