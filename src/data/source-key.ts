// Keys that name run sources in the shared caches: unique within the process.

let sourceCount = 0

/** A key no other run source of the process has. */
export const nextKey = (): string => `r${++sourceCount}`
