// Journal queries with a client's request pattern, matched on a thread of their own with bounded work, one query at a time.
import { Worker } from 'node:worker_threads'
import { PatternError } from '../domain/recorded-request.js'
import { JOURNAL_SEARCH_WORKER } from '../package-files.js'
import type { JournalRecord } from './journal.js'

/**
 * The time one query may take to match its pattern against the journal: ten seconds. RE2 keeps every
 * expression linear in the text, but a long expression over a journal of long URLs can still take
 * minutes; past this the query is stopped and refused (`budget`).
 */
export const QUERY_BUDGET_MS = 10_000

/** Queries that may wait while one is matched; one more is refused (`busy`). */
export const MAX_WAITING_QUERIES = 8

/** About this many bytes of records are sent to the thread at a time, so that no copy holds the server. */
const CHUNK_BYTES = 2 ** 20

/** Records as the thread reads them: method, target, header lines. */
export interface SearchChunk {
  job: number
  pattern: unknown
  records: Array<readonly [string, string, string]>
}

export type SearchAnswer =
  | { job: 0; ready: true }
  | { job: number; matched: number[] }
  | { job: number; error: { kind: 'unsupported' | 'invalid' | 'internal'; message: string } }

/** A query the search did not answer: too slow (`budget`), too many waiting (`busy`), or the server is closing (`closed`). */
export class SearchError extends Error {
  readonly kind: 'budget' | 'busy' | 'closed'
  constructor (kind: 'budget' | 'busy' | 'closed', message: string) {
    super(message)
    this.name = 'SearchError'
    this.kind = kind
  }
}

interface Job {
  owner: JournalSearch
  budgetMs: number
  pattern: unknown
  /** Read as the job starts, so that a waiting query holds no records. */
  records: () => readonly JournalRecord[]
  resolve: (matched: JournalRecord[]) => void
  reject: (error: Error) => void
}

/**
 * The thread and its queue, shared by every app of the process (a thread costs megabytes and tens of
 * milliseconds to start). Jobs run one at a time, in order of arrival.
 */
class Matcher {
  #worker: Worker | null = null
  #waiting: Job[] = []
  #running: Job | null = null
  /** Settles the chunk the thread is matching. */
  #pending: { resolve: (answer: SearchAnswer) => void; reject: (error: Error) => void } | null = null
  #jobs = 0

  enqueue (job: Job): void {
    if (this.#waiting.length >= MAX_WAITING_QUERIES) {
      job.reject(new SearchError('busy', `${MAX_WAITING_QUERIES} journal queries are already waiting for the one being matched (the bound): retry when they are answered`))
      return
    }
    this.#waiting.push(job)
    if (this.#running === null) void this.#next()
  }

  /** Refuses the owner's jobs: those waiting, and the one running (its thread is stopped). */
  cancel (owner: JournalSearch, error: SearchError): void {
    const mine = this.#waiting.filter((job) => job.owner === owner)
    this.#waiting = this.#waiting.filter((job) => job.owner !== owner)
    for (const job of mine) job.reject(error)
    if (this.#running?.owner === owner) this.#stop(error)
  }

  async #next (): Promise<void> {
    const job = this.#waiting.shift()
    if (job === undefined) return
    this.#running = job
    let timer: NodeJS.Timeout | undefined
    try {
      // The budget counts matching, not the start of a thread.
      await this.#online()
      timer = setTimeout(() => {
        this.#stop(new SearchError('budget', `the pattern took more than ${job.budgetMs / 1000} s to match the journal (the bound of one query's work): use fewer or simpler expressions, or clear the journal`))
      }, job.budgetMs)
      job.resolve(await this.#match(job))
    } catch (error) {
      job.reject(error as Error)
    } finally {
      clearTimeout(timer)
      this.#running = null
      // An idle thread never keeps the process alive.
      if (this.#waiting.length === 0) this.#worker?.unref()
      void this.#next()
    }
  }

  async #match (job: Job): Promise<JournalRecord[]> {
    const records = job.records()
    const number = ++this.#jobs
    const matched: JournalRecord[] = []
    let start = 0
    // One chunk even for an empty journal, so that a pattern is always checked.
    do {
      let end = start
      let bytes = 0
      while (end < records.length && (end === start || bytes < CHUNK_BYTES)) bytes += (records[end++] as JournalRecord).bytes
      const chunk = records.slice(start, end).map((record) => [record.method, record.target, record.headerLines] as const)
      const answer = await this.#ask({ job: number, pattern: job.pattern, records: chunk })
      if ('ready' in answer) throw new Error('the journal search thread answered out of turn')
      if ('error' in answer) {
        if (answer.error.kind === 'internal') throw new Error(answer.error.message)
        throw new PatternError(answer.error.kind, answer.error.message)
      }
      for (const index of answer.matched) matched.push(records[start + index] as JournalRecord)
      start = end
    } while (start < records.length)
    return matched
  }

  #ask (chunk: SearchChunk): Promise<SearchAnswer> {
    const worker = this.#worker
    if (worker === null) return Promise.reject(new Error('the journal search thread stopped'))
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject }
      worker.postMessage(chunk)
    })
  }

  /** Resolves once a thread is running, starting one if there is none. */
  #online (): Promise<void> {
    if (this.#worker !== null) {
      this.#worker.ref()
      return Promise.resolve()
    }
    const worker = new Worker(JOURNAL_SEARCH_WORKER)
    this.#worker = worker
    // The thread's first message says its modules are loaded.
    const online = new Promise<void>((resolve, reject) => {
      this.#pending = { resolve: () => resolve(), reject }
    })
    worker.on('message', (answer: SearchAnswer) => {
      const pending = this.#pending
      this.#pending = null
      pending?.resolve(answer)
    })
    worker.on('error', (error) => this.#stop(error))
    worker.on('exit', () => {
      if (this.#worker === worker) this.#stop(new Error('the journal search thread stopped'))
    })
    return online
  }

  /** Stops the thread (a new one starts for the next job) and fails the chunk it was matching. */
  #stop (error: Error): void {
    const worker = this.#worker
    this.#worker = null
    if (worker !== null) void worker.terminate()
    const pending = this.#pending
    this.#pending = null
    pending?.reject(error)
  }
}

const shared = new Matcher()

/** One app's journal queries: `close` refuses those still waiting or running, so that none holds a shutdown. */
export class JournalSearch {
  readonly budgetMs: number
  #closed = false

  constructor (budgetMs = QUERY_BUDGET_MS) {
    this.budgetMs = budgetMs
  }

  /** The records `pattern` matches, in the order given; rejects with `PatternError` or `SearchError`. */
  matching (pattern: unknown, records: () => readonly JournalRecord[]): Promise<JournalRecord[]> {
    if (this.#closed) return Promise.reject(new SearchError('closed', 'the server is closing'))
    return new Promise((resolve, reject) => {
      shared.enqueue({ owner: this, budgetMs: this.budgetMs, pattern, records, resolve, reject })
    })
  }

  close (): void {
    this.#closed = true
    shared.cancel(this, new SearchError('closed', 'the server is closing'))
  }
}
