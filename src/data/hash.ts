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

const HEX_CODES = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0))
const VARIANT_CODES = Array.from('89ab', (digit) => digit.charCodeAt(0))
/**
 * Scratch space for `uuidAt`: the 35 hex digits of its five hashes, and the uuid's character codes
 * (the dashes and the `4` stay in place).
 */
const hexDigits = new Uint8Array(35)
const uuidCodes = Array.from('00000000-0000-4000-8000-000000000000', (character) => character.charCodeAt(0))

/**
 * A version-4-shaped UUID from five hashes of (key, index), 28 bits (7 hex digits) taken from each: the
 * 35 digits with the 13th dropped for the `4`, the 17th turned into the variant, and the last three
 * unused. Written through character codes so that the text comes out in one piece: every row has one,
 * and a uuid concatenated from slices is a rope that `JSON.stringify` has to flatten.
 */
export function uuidAt (key: number, index: number, salt: number): string {
  for (let part = 0; part < 5; part++) {
    let bits = hashAt(key, index, salt + part) & 0xfffffff
    for (let digit = part * 7 + 6; digit >= part * 7; digit--) {
      hexDigits[digit] = bits & 15
      bits >>>= 4
    }
  }
  copyDigits(0, 8, 0)
  copyDigits(8, 4, 9)
  copyDigits(13, 3, 15)
  uuidCodes[19] = VARIANT_CODES[(hexDigits[16] as number) & 3] as number
  copyDigits(17, 3, 20)
  copyDigits(20, 12, 24)
  return String.fromCharCode(...uuidCodes)
}

/** Writes `count` hex digits from `hexDigits[digit]` on as characters at `uuidCodes[at]` on. */
function copyDigits (digit: number, count: number, at: number): void {
  for (let i = 0; i < count; i++) uuidCodes[at + i] = HEX_CODES[hexDigits[digit + i] as number] as number
}
