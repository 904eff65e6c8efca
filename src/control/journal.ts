// A session's request journal: the last N requests, kept as recorded (nothing is serialised until read).
import { randomBytes } from 'node:crypto'

/**
 * What the journal keeps of one request, recorded on every request: one object and one string of its
 * own, the rest shared with the request. The last thousand records outlive every young-generation
 * collection that runs while they are in the ring, so each object in a record is copied at least once:
 * a few flat strings cost a fraction of the request's own array of header strings. Credential values
 * are replaced before a record is made.
 */
export interface JournalRecord {
  /** Numbers the record within the process; its id is made from it when the journal is read. */
  seq: number
  /** When the request arrived, epoch milliseconds. */
  time: number
  method: string
  /** The path and query string as sent. */
  target: string
  /** Header names (as sent) and values, alternating, in the order sent, joined by newlines (which neither can contain). */
  headerLines: string
  status: number
  durationMs: number
  /** The run test the path names, when it names one. */
  runTestId: string | null
  /** Whether the request's credentials are ones the mock accepts (keys or token). */
  keysAccepted: boolean
  /** The fault the mock answered with instead of the page, if any. */
  fault: string | null
  /** The preferences of its `Prefer` header the mock did not apply, as sent, joined with `, `; null for none. */
  ignoredPreferences: string | null
  /** Whether a route of the platform's API took the request (not the HTML 404 for an unknown path). */
  matched: boolean
  /** Scheme, host and prefix the client wrote the request to. */
  origin: string
  /** An estimate of the memory the record holds, for the journals' shared bound. */
  bytes: number
}

/** The first 20 hex digits of every id this process gives a record; the last 12 are its number. */
const ID_PREFIX = randomBytes(10).toString('hex')

/** The id the journal shows for the record numbered `seq`. */
function idOf (seq: number): string {
  const hex = seq.toString(16).padStart(12, '0')
  return `${ID_PREFIX.slice(0, 8)}-${ID_PREFIX.slice(8, 12)}-4${ID_PREFIX.slice(13, 16)}-8${ID_PREFIX.slice(17, 20)}-${hex}`
}

/** The number of the record an id names, or null when no record of this process has that id. */
export function seqOfId (id: string): number | null {
  const head = idOf(0).slice(0, 24)
  if (id.length !== 36 || !id.startsWith(head) || !/^[0-9a-f]{12}$/.test(id.slice(24))) return null
  return Number.parseInt(id.slice(24), 16)
}

/** A record's `headerLines` as (name, value) pairs, in the order sent. */
export function headerPairs (headerLines: string): Array<readonly [string, string]> {
  const headers: Array<readonly [string, string]> = []
  const lines = headerLines.split('\n')
  for (let i = 0; i + 1 < lines.length; i += 2) headers.push([lines[i] as string, lines[i + 1] as string])
  return headers
}

/** A record as the journal shows it: an id in a UUID's shape, the path and query apart, headers in pairs. */
export function entryOf (record: JournalRecord): JournalEntry {
  const mark = record.target.indexOf('?')
  const headers = headerPairs(record.headerLines)
  return {
    id: idOf(record.seq),
    time: record.time,
    method: record.method,
    path: mark === -1 ? record.target : record.target.slice(0, mark),
    query: mark === -1 ? '' : record.target.slice(mark + 1),
    headers,
    status: record.status,
    durationMs: record.durationMs,
    runTestId: record.runTestId,
    keysAccepted: record.keysAccepted,
    fault: record.fault,
    ignoredPreferences: record.ignoredPreferences,
    matched: record.matched,
    url: record.origin + record.target,
    bytes: record.bytes
  }
}

/** A request as the journal shows it: the record's own fields, with an id, the path and query apart, headers in pairs. */
export interface JournalEntry extends Pick<JournalRecord, 'time' | 'method' | 'status' | 'durationMs' | 'runTestId' | 'keysAccepted' | 'fault' | 'ignoredPreferences' | 'matched' | 'bytes'> {
  id: string
  /** The path as sent, without the query string. */
  path: string
  /** The raw query string, without the `?`; empty when there is none. */
  query: string
  /** Header names as sent (their case kept) with their values, in the order sent. */
  headers: ReadonlyArray<readonly [string, string]>
  /** Absolute URL the request was made to, as the client wrote it. */
  url: string
}

/**
 * The slots a record takes in a journal's array, counted with the record against the journals' bound:
 * a pointer, up to twice over (the emptied slots kept until half the array is empty), and V8's room to grow.
 */
export const SLOT_BYTES = 24

/**
 * The last `capacity` records, oldest first: recording past the capacity drops the oldest, in O(1)
 * amortised. The array grows with the records rather than being allocated at its capacity, so that an
 * empty journal costs nothing whatever `--journal-size` says, and shrinks as its oldest records go.
 * With capacity 0 it records nothing.
 */
export class Journal {
  readonly capacity: number
  #entries: Array<JournalRecord | undefined> = []
  /** Index of the oldest entry; the slots before it are empty. */
  #start = 0
  #bytes = 0

  constructor (capacity: number) {
    this.capacity = capacity
  }

  get size (): number {
    return this.#entries.length - this.#start
  }

  /** The records' estimated bytes, their slots included. */
  get bytes (): number {
    return this.#bytes
  }

  /** Adds a record; returns the change in the bytes held (the new record's, less any it pushed out). */
  record (entry: JournalRecord): number {
    if (this.capacity === 0) return 0
    let freed = 0
    if (this.size === this.capacity) freed = this.dropOldest()
    this.#entries.push(entry)
    this.#bytes += entry.bytes + SLOT_BYTES
    return entry.bytes + SLOT_BYTES - freed
  }

  /** Removes the oldest entry; returns the bytes it held (0 when empty). */
  dropOldest (): number {
    if (this.size === 0) return 0
    const oldest = this.#entries[this.#start] as JournalRecord
    this.#entries[this.#start] = undefined
    this.#start++
    // Once half the array is empty slots, it is copied without them: each record is copied at most once for each time it was added.
    if (this.#start * 2 >= this.#entries.length) {
      this.#entries = this.#entries.slice(this.#start)
      this.#start = 0
    }
    this.#bytes -= oldest.bytes + SLOT_BYTES
    return oldest.bytes + SLOT_BYTES
  }

  /** Every entry, newest first. */
  newestFirst (): JournalEntry[] {
    return this.newestRecords().map(entryOf)
  }

  /** Every record as kept, newest first: a query reads these and makes entries of the ones it shows. */
  newestRecords (): JournalRecord[] {
    const list: JournalRecord[] = []
    for (let i = this.#entries.length - 1; i >= this.#start; i--) list.push(this.#entries[i] as JournalRecord)
    return list
  }

  /** Empties the journal; returns the bytes freed. */
  clear (): number {
    const freed = this.#bytes
    this.#entries = []
    this.#start = 0
    this.#bytes = 0
    return freed
  }
}
