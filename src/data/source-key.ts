// Keys that name run sources in the shared caches: unique within the process.
import type { BoundedLru } from './lru.js'

let sourceCount = 0

/** A key no other run source of the process has. */
export const nextKey = (): string => `r${++sourceCount}`

/** Something a run source builds from its plan and keeps (its filter columns, its timetable). */
export interface Kept<T, Caches> {
  /** The value: kept for good when pinned, else taken from the shared cache, built again after an eviction. */
  of: (caches: Caches) => T
  /** Builds a pinned value now (before listening); does nothing for one that lives in the shared cache. */
  warm: () => void
}

/**
 * Keeps what `build` makes for the run source named `key`: for good when `pinned` (a run configured at
 * start-up), else in the bounded cache `cacheOf` picks from the store's shared caches.
 */
export function keptOrCached<T, Caches> (pinned: boolean, key: string, cacheOf: (caches: Caches) => BoundedLru<T>, build: () => T): Kept<T, Caches> {
  let kept: T | null = null
  return {
    of (caches) {
      if (pinned) return (kept ??= build())
      const cache = cacheOf(caches)
      let cached = cache.get(key)
      if (cached === undefined) {
        cached = build()
        cache.set(key, cached)
      }
      return cached
    },
    warm () {
      if (pinned) kept ??= build()
    }
  }
}
