// A session's clock: frozen at an instant until told otherwise, or following wall time from where it stands.

/**
 * The instants a session's clock can be set or advanced to, epoch microseconds: from the Unix epoch to
 * the end of 2199. Past 2255 microseconds since the epoch are no longer exact in a double, and the
 * platform writes no datetime before 1970.
 */
export const CLOCK_RANGE = { firstUs: 0, lastUs: Date.UTC(2200, 0, 1) * 1000 - 1, first: '1970-01-01T00:00:00Z', last: '2199-12-31T23:59:59.999999Z' } as const

export function inClockRange (us: number): boolean {
  return Number.isSafeInteger(us) && us >= CLOCK_RANGE.firstUs && us <= CLOCK_RANGE.lastUs
}

/** Reads `30s`, `5m`, `2h`, `1d`, `250ms` or a combination (`1m30s`) as microseconds; null when it cannot. */
export function parseDuration (text: string): number | null {
  const units: Readonly<Record<string, number>> = { ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86_400e6 }
  const trimmed = text.trim()
  if (trimmed === '') return null
  let total = 0
  let rest = trimmed
  while (rest !== '') {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/.exec(rest)
    if (match === null) return null
    total += Number(match[1]) * (units[match[2] as string] as number)
    rest = rest.slice(match[0].length)
  }
  return Math.round(total)
}

/**
 * The instant a session's live runs are seen at, in epoch microseconds. Frozen, it changes only when
 * told to; running, it follows wall time (the injected `wallMs`) from the instant it was set running at.
 */
export class SessionClock {
  readonly #wallMs: () => number
  /** While frozen, the instant; while running, the instant at `#anchorMs`. */
  #instantUs: number
  #anchorMs: number
  #running: boolean

  constructor (startUs: number, running: boolean, wallMs: () => number = Date.now) {
    this.#wallMs = wallMs
    this.#instantUs = startUs
    this.#anchorMs = wallMs()
    this.#running = running
  }

  get running (): boolean {
    return this.#running
  }

  now (): number {
    return this.#running ? this.#instantUs + Math.round((this.#wallMs() - this.#anchorMs) * 1000) : this.#instantUs
  }

  /** Moves the clock forward by `us`. */
  advance (us: number): void {
    this.set(this.now() + us)
  }

  set (instantUs: number): void {
    this.#instantUs = instantUs
    this.#anchorMs = this.#wallMs()
  }

  /** Lets the clock follow wall time from now on, or freezes it where it stands. */
  run (running: boolean): void {
    if (running === this.#running) return
    this.set(this.now())
    this.#running = running
  }
}
