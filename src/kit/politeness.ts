// The politeness limits shared by every request of one verify or record run: a pace in requests per second and a total budget.
import { setTimeout as sleep } from 'node:timers/promises'
import { BudgetExhaustedError } from './errors.js'

/** A clock that can be replaced in tests, so that pacing is checked without waiting. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  sleep: async (ms) => {
    await sleep(ms)
  }
}

export interface Politeness {
  /** Waits for this request's turn, then counts it; throws `BudgetExhaustedError` once the budget is spent. */
  acquire(): Promise<void>
  /** Requests sent so far. */
  used(): number
  readonly maxRequests: number
  readonly maxRps: number
}

/**
 * Spaces request starts at least `1000 / maxRps` ms apart. Spacing (rather than a window of
 * `maxRps` requests per second) also rules out bursts, which is what a production API cares about.
 * Turns are handed out in call order, so concurrent callers queue instead of racing.
 */
export function createPoliteness (options: { maxRps: number; maxRequests: number; clock?: Clock }): Politeness {
  const { maxRps, maxRequests, clock = SYSTEM_CLOCK } = options
  const interval = 1000 / maxRps
  let nextStart = -Infinity
  let count = 0
  return {
    maxRequests,
    maxRps,
    used: () => count,
    async acquire () {
      if (count >= maxRequests) throw new BudgetExhaustedError(maxRequests)
      count++
      const now = clock.now()
      const start = Math.max(now, nextStart)
      nextStart = start + interval
      if (start > now) await clock.sleep(start - now)
    }
  }
}
