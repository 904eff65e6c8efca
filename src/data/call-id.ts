// Which listing position of a generated run a call id names, found by inverting the hash that made it: no index, no scan.
//
// `callIdAt(plan, position)` takes its first 28 bits from `hashAt(key, position, salt)`, which is two
// rounds of the `lowbias32` finaliser keeping the top 30 bits each time. Each round is a bijection of 32
// bits, so it runs backwards; the bits dropped along the way (two by each `>>> 2`, two more of the 30 not
// shown in the id) leave at most 64 candidate positions, and the one whose id is the given id is it.
import { hashAt } from './hash.js'

/** The multiplicative inverse of an odd number modulo 2^32 (Newton's iteration). */
function inverse (odd: number): number {
  let x = odd
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(odd, x))
  return x >>> 0
}

const M1 = 0x7feb352d
const M2 = 0x846ca68b
const M1_INVERSE = inverse(M1)
const M2_INVERSE = inverse(M2)
const GOLDEN = 0x9e3779b1
const GOLDEN_INVERSE = inverse(GOLDEN)
const SALT_MULTIPLIER = 0x85ebca6b

/** Undoes `x ^= x >>> shift` on 32 bits. */
function unshift (x: number, shift: number): number {
  let result = x
  for (let s = shift; s < 32; s += shift) result ^= x >>> s
  return result >>> 0
}

/** The 32-bit input of `lowbias32` that gives `y`. */
function unmix (y: number): number {
  let x = unshift(y >>> 0, 16)
  x = Math.imul(x, M2_INVERSE)
  x = unshift(x >>> 0, 15)
  x = Math.imul(x, M1_INVERSE)
  return unshift(x >>> 0, 16)
}

/** The first 28 bits a call id shows of its first hash: its first seven hex digits. */
function leadingBits (id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return null
  return parseInt(id.slice(0, 7), 16)
}

/**
 * The positions below `rows` whose first hash `hashAt(key, position, salt)` agrees with the id's first
 * 28 bits: the caller checks each candidate's whole id (there is almost always exactly one).
 */
export function candidatePositions (key: number, salt: number, id: string, rows: number): number[] {
  const shown = leadingBits(id)
  if (shown === null) return []
  const found: number[] = []
  // hashAt = mix30(key ^ inner), mix30(v) = lowbias32(v) >>> 2; the id shows the low 28 of those 30 bits.
  for (let top = 0; top < 4; top++) {
    const outer30 = (top * 2 ** 28) + shown
    for (let low = 0; low < 4; low++) {
      const outer32 = ((outer30 * 4) + low) >>> 0
      const inner = (unmix(outer32) ^ key) >>> 0
      // The inner hash is itself a mix30: 30 bits.
      if (inner >= 2 ** 30) continue
      for (let innerLow = 0; innerLow < 4; innerLow++) {
        const mixed = unmix(((inner * 4) + innerLow) >>> 0)
        const product = (mixed ^ Math.imul(salt, SALT_MULTIPLIER)) >>> 0
        const position = Math.imul(product, GOLDEN_INVERSE) >>> 0
        if (position < rows && hashAt(key, position, salt) === outer30) found.push(position)
      }
    }
  }
  return found
}
