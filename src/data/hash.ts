// Small integer hashes that make generated data a pure function of (seed, run, row) without a PRNG.
//
// The store derives every filterable field of a million rows from these, so they must be cheap (a few
// multiplications) and identical in every process; they are not cryptographic. Results are 30-bit:
// V8 keeps such integers unboxed ("small integers"), while full 32-bit values would be allocated as
// heap numbers on every return, which made building a million-row run's columns twice as slow.

const HASH_RANGE = 2 ** 30

/** A 32-bit finaliser with good avalanche (the `lowbias32` constants), keeping the top 30 bits. */
function mix30 (x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d)
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b)
  return (x ^ (x >>> 16)) >>> 2
}

/** FNV-1a over the UTF-16 code units, finalised: a stable key for a run id. */
export function hashString (text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return mix30(h)
}

/** Folds any safe integer seed into one hash, keeping its high part. */
export function seedWord (seed: number): number {
  return mix30((seed >>> 0) ^ mix30(Math.floor(seed / 2 ** 32) >>> 0))
}

/** Hash of (key, index, salt) in [0, HASH_RANGE); `salt` separates the independent draws made for one index. */
export function hashAt (key: number, index: number, salt: number): number {
  return mix30(key ^ mix30(Math.imul(index, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)))
}

/** Hash of (key, index, salt) as a fraction in [0, 1). */
export function unitAt (key: number, index: number, salt: number): number {
  return hashAt(key, index, salt) / HASH_RANGE
}

/** A version-4-shaped UUID from five hashes of (key, index), 28 bits taken from each. */
export function uuidAt (key: number, index: number, salt: number): string {
  let hex = ''
  for (let part = 0; part < 5; part++) hex += (hashAt(key, index, salt + part) & 0xfffffff).toString(16).padStart(7, '0')
  const variant = '89ab'[parseInt(hex[16] as string, 16) & 3] as string
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
