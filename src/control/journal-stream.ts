// The live journal: each session's requests, as they are journaled, sent as Server-Sent Events to the
// clients watching it, with a bound on clients and on what waits for a slow one.
import type { ServerResponse } from 'node:http'
import { viewOf } from './control-plane.js'
import { entryOf, type JournalRecord } from './journal.js'
import type { Session, Sessions } from './sessions.js'

/** Streams open at once, over all sessions; one more is refused (503) rather than served. */
export const MAX_STREAM_CLIENTS = 8

/** Entries that may wait for one client; past it, the newest are dropped and counted in a `gap` event. */
export const MAX_PENDING_ENTRIES = 1000

/** Entries are written in batches this often, off the path of the requests that made them. */
export const FLUSH_INTERVAL_MS = 100

/**
 * Entries one batch writes at most (2,000 a second per client): under a heavier load the older ones of a
 * batch are counted in its `gap` event instead, so that a stream's work stays small whatever the load.
 */
export const MAX_BATCH_ENTRIES = 200

/** A comment line this often keeps proxies from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000

export interface JournalStreamOptions {
  maxClients?: number
  maxPending?: number
  maxBatch?: number
  flushMs?: number
  heartbeatMs?: number
}

interface Client {
  /** The session watched, by name: a session dropped and made again under its name is still watched. */
  readonly session: string
  readonly res: ServerResponse
  pending: JournalRecord[]
  /** Entries dropped since the last batch, because the client was not reading. */
  dropped: number
  /** True while the socket's buffer is full: nothing is written until it drains. */
  blocked: boolean
}

/** One SSE event: the event's name, an id when given, and its data on one line (JSON has no raw newline). */
function event (name: string, data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`
}

export class JournalStreams {
  readonly maxClients: number
  readonly #sessions: Sessions
  readonly #maxPending: number
  readonly #maxBatch: number
  readonly #flushMs: number
  readonly #heartbeatMs: number
  readonly #clients = new Set<Client>()
  #unwatch: (() => void) | null = null
  #flushTimer: NodeJS.Timeout | null = null
  #heartbeat: NodeJS.Timeout | null = null

  constructor (sessions: Sessions, options: JournalStreamOptions = {}) {
    this.#sessions = sessions
    this.maxClients = options.maxClients ?? MAX_STREAM_CLIENTS
    this.#maxPending = options.maxPending ?? MAX_PENDING_ENTRIES
    this.#maxBatch = options.maxBatch ?? MAX_BATCH_ENTRIES
    this.#flushMs = options.flushMs ?? FLUSH_INTERVAL_MS
    this.#heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS
  }

  /** Streams open now. */
  get size (): number {
    return this.#clients.size
  }

  /**
   * Starts streaming `session`'s new entries to `res`, whose head the caller has not written yet;
   * false (and nothing written) when `maxClients` streams are open already.
   */
  open (session: Session, res: ServerResponse, headers: Record<string, string | number | string[]> = {}): boolean {
    if (this.#clients.size >= this.maxClients) return false
    const client: Client = { session: session.name, res, pending: [], dropped: 0, blocked: false }
    this.#clients.add(client)
    res.on('close', () => this.#remove(client))
    res.on('drain', () => {
      client.blocked = false
      if (client.pending.length > 0 || client.dropped > 0) this.#schedule()
    })
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no'
    })
    res.write(`retry: 2000\n${event('ready', { session: session.name, journal: session.journal.size, maxClients: this.maxClients })}`)
    this.#unwatch ??= this.#sessions.watch((from, record) => this.#add(from, record))
    if (this.#heartbeat === null) {
      this.#heartbeat = setInterval(() => this.#beat(), this.#heartbeatMs)
      this.#heartbeat.unref()
    }
    return true
  }

  /** Ends every stream (the server is closing). */
  closeAll (): void {
    for (const client of [...this.#clients]) client.res.end()
  }

  /** Called for every journaled record while a stream is open: the cost is a comparison and a push. */
  #add (session: Session, record: JournalRecord): void {
    for (const client of this.#clients) {
      if (client.session !== session.name) continue
      if (client.pending.length < this.#maxPending) client.pending.push(record)
      else client.dropped++
      this.#schedule()
    }
  }

  #schedule (): void {
    if (this.#flushTimer !== null) return
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = null
      this.#flush()
    }, this.#flushMs)
  }

  #flush (): void {
    for (const client of this.#clients) {
      if (client.blocked || (client.pending.length === 0 && client.dropped === 0)) continue
      let pending = client.pending
      if (pending.length > this.#maxBatch) {
        client.dropped += pending.length - this.#maxBatch
        pending = pending.slice(-this.#maxBatch)
      }
      // What was missed comes first, then the newest entries, oldest first, as they happened.
      let text = client.dropped > 0 ? event('gap', { dropped: client.dropped }) : ''
      for (const record of pending) {
        const view = viewOf(entryOf(record))
        text += event('request', view, view.id)
      }
      client.pending = []
      client.dropped = 0
      if (!client.res.write(text)) client.blocked = true
    }
  }

  #beat (): void {
    for (const client of this.#clients) if (!client.blocked) client.res.write(': keep-alive\n\n')
  }

  #remove (client: Client): void {
    this.#clients.delete(client)
    if (this.#clients.size > 0) return
    this.#unwatch?.()
    this.#unwatch = null
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat)
    this.#heartbeat = null
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer)
    this.#flushTimer = null
  }
}
