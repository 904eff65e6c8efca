// Chooses the page sizes of the pagination walk so that it fits the request budget, or which prefix of the run to walk when it cannot.

/** Page sizes tried, smallest first: small ones cross many page boundaries, large ones keep big runs affordable. */
export const WALK_LIMITS = [7, 10, 25, 50, 100, 250, 500] as const

/** Past this many rows a run is walked in part: checking more rows costs requests and proves little more. */
export const MAX_WALK_ROWS = 10_000

/** A walk covers the run at this many limits: two agreeing walks could share a bug, three rarely do. */
const WALKS = 3

export interface WalkPlan {
  /** Page sizes, smallest first. */
  limits: number[]
  /** Rows each walk covers from the top of the listing: `count` when complete. */
  rows: number
  complete: boolean
  /** Requests the walks will send. */
  requests: number
}

function pagesFor (rows: number, limit: number): number {
  // An empty run still takes one request per limit: page 1, which must say so.
  return Math.max(1, Math.ceil(rows / limit))
}

function costOf (rows: number, limits: readonly number[]): number {
  return limits.reduce((sum, limit) => sum + pagesFor(rows, limit), 0)
}

/**
 * The smallest limits whose three walks of the whole run fit `budget` requests; when none do (or the
 * run is larger than `MAX_WALK_ROWS`), the largest limits over the longest prefix that fits, in whole
 * pages of the largest limit. Null when not even one page at each of those limits fits.
 */
export function planWalk (count: number, budget: number): WalkPlan | null {
  if (count <= MAX_WALK_ROWS) {
    for (let first = 0; first + WALKS <= WALK_LIMITS.length; first++) {
      const limits = WALK_LIMITS.slice(first, first + WALKS)
      const requests = costOf(count, limits)
      if (requests <= budget) return { limits, rows: count, complete: true, requests }
    }
  }
  const limits = WALK_LIMITS.slice(-WALKS)
  const largest = limits[limits.length - 1] as number
  const perBlock = costOf(largest, limits)
  const blocks = Math.min(Math.floor(budget / perBlock), Math.floor(Math.min(count, MAX_WALK_ROWS) / largest))
  if (blocks < 1) return null
  const rows = blocks * largest
  return { limits, rows, complete: rows >= count, requests: costOf(rows, limits) }
}
