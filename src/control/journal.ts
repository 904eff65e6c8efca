// A session's request journal: the last N requests, kept as recorded (nothing is serialised until read).

/** What the journal keeps of one request. Credential values are replaced before an entry is made. */
export interface JournalEntry {
  id: string
  /** When the request arrived, epoch milliseconds. */
  time: number
  method: string
  /** The path as sent, without the query string. */
  path: string
  /** The raw query string, without the `?`; empty when there is none. */
  query: string
  /** Header names as sent (their case kept) with their values, in the order sent. */
  headers: ReadonlyArray<readonly [string, string]>
  status: number
  durationMs: number
  /** The run test the path names, when it names one. */
  runTestId: string | null
  /** Whether the request's credentials are ones the mock accepts (keys or token). */
  keysAccepted: boolean
  /** The fault the mock answered with instead of the page, if any. */
  fault: string | null
  /** Whether a route of the platform's API took the request (not the HTML 404 for an unknown path). */
  matched: boolean
  /** Absolute URL the request was made to, as the client wrote it. */
  url: string
  /** An estimate of the memory the entry holds, for the journals' shared bound. */
  bytes: number
}

/**
 * A ring buffer of `capacity` entries: recording overwrites the oldest in O(1). With capacity 0 it
 * records nothing.
 */
export class Journal {
  readonly capacity: number
  #entries: Array<JournalEntry | undefined>
  /** Index of the oldest entry. */
  #start = 0
  #size = 0
  #bytes = 0

  constructor (capacity: number) {
    this.capacity = capacity
    this.#entries = new Array<JournalEntry | undefined>(capacity)
  }

  get size (): number {
    return this.#size
  }

  get bytes (): number {
    return this.#bytes
  }

  /** Adds an entry; returns the change in the bytes held (the new entry's, less any it overwrote). */
  record (entry: JournalEntry): number {
    if (this.capacity === 0) return 0
    let freed = 0
    if (this.#size === this.capacity) freed = this.dropOldest()
    this.#entries[(this.#start + this.#size) % this.capacity] = entry
    this.#size++
    this.#bytes += entry.bytes
    return entry.bytes - freed
  }

  /** Removes the oldest entry; returns the bytes it held (0 when empty). */
  dropOldest (): number {
    if (this.#size === 0) return 0
    const oldest = this.#entries[this.#start] as JournalEntry
    this.#entries[this.#start] = undefined
    this.#start = (this.#start + 1) % this.capacity
    this.#size--
    this.#bytes -= oldest.bytes
    return oldest.bytes
  }

  /** Every entry, newest first. */
  newestFirst (): JournalEntry[] {
    const list: JournalEntry[] = []
    for (let i = this.#size - 1; i >= 0; i--) list.push(this.#entries[(this.#start + i) % this.capacity] as JournalEntry)
    return list
  }

  /** Empties the journal; returns the bytes freed. */
  clear (): number {
    const freed = this.#bytes
    this.#entries = new Array<JournalEntry | undefined>(this.capacity)
    this.#start = 0
    this.#size = 0
    this.#bytes = 0
    return freed
  }
}
