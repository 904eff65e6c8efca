// MT19937 as Faker's default randomizer runs it (53-bit floats from two 32-bit draws), with cheaper reseeding.
//
// Faker seeds with `init_by_array` on a fresh 624-entry array of boxed numbers each time; generated
// rows reseed for every row, which made seeding the largest cost of a row. This keeps the state in one
// Int32Array, starts `init_by_array` from a copy of the fixed state it always begins with
// (`init_genrand(19650218)`), and otherwise performs the same integer operations in the same order, so
// every draw is the one Faker's `generateMersenne53Randomizer()` makes. Values go through ToInt32 when
// stored, which changes nothing: Faker only ever reads its state through bitwise operators.
import type { Randomizer } from '@faker-js/faker'

const N = 624
const M = 397
const MATRIX_A = 0x9908b0df
const UPPER_MASK = 0x80000000
const LOWER_MASK = 0x7fffffff
/** 2^-53: turns 53 random bits into [0, 1). */
const FLOAT_53 = 1.1102230246251565e-16

/** `init_genrand(seed)`: the state a single-number seed gives. */
function initGenrand (state: Int32Array, seed: number): void {
  state[0] = seed
  for (let i = 1; i < N; i++) {
    const previous = state[i - 1] as number
    state[i] = (Math.imul(1812433253, previous ^ (previous >>> 30)) + i) | 0
  }
}

/** Where every `init_by_array` starts. */
const ARRAY_SEED_START = new Int32Array(N)
initGenrand(ARRAY_SEED_START, 19650218)

/** `init_by_array(key)`, from the original reference implementation, as Faker writes it. */
function initByArray (state: Int32Array, key: readonly number[]): void {
  state.set(ARRAY_SEED_START)
  let i = 1
  let j = 0
  for (let k = Math.max(N, key.length); k !== 0; k--) {
    const previous = state[i - 1] as number
    // An empty key adds `undefined`: NaN, stored as 0, as Faker's bitwise reads see it.
    state[i] = ((((state[i] as number) ^ Math.imul(previous ^ (previous >>> 30), 1664525)) + (key[j] as number)) + j) | 0
    i++
    j++
    if (i >= N) {
      state[0] = state[N - 1] as number
      i = 1
    }
    if (j >= key.length) j = 0
  }
  for (let k = N - 1; k !== 0; k--) {
    const previous = state[i - 1] as number
    state[i] = (((state[i] as number) ^ Math.imul(previous ^ (previous >>> 30), 1566083941)) - i) | 0
    i++
    if (i >= N) {
      state[0] = state[N - 1] as number
      i = 1
    }
  }
  state[0] = UPPER_MASK
}

/** Generates the next N words in place. */
function twist (state: Int32Array): void {
  let kk = 0
  for (; kk < N - M; kk++) {
    const y = ((state[kk] as number) & UPPER_MASK) + ((state[kk + 1] as number) & LOWER_MASK)
    state[kk] = (state[kk + M] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A)
  }
  for (; kk < N - 1; kk++) {
    const y = ((state[kk] as number) & UPPER_MASK) + ((state[kk + 1] as number) & LOWER_MASK)
    state[kk] = (state[kk + M - N] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A)
  }
  const y = ((state[N - 1] as number) & UPPER_MASK) + ((state[0] as number) & LOWER_MASK)
  state[N - 1] = (state[M - 1] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A)
}

/** MT19937's output transformation of a state word, as an unsigned 32-bit integer. */
function temper (word: number): number {
  let y = word
  y ^= y >>> 11
  y ^= (y << 7) & 0x9d2c5680
  y ^= (y << 15) & 0xefc60000
  y ^= y >>> 18
  return y >>> 0
}

export class MersenneRandomizer implements Randomizer {
  private readonly state = new Int32Array(N)
  private index = 0

  constructor (seed: number | number[] = 0) {
    this.seed(seed)
  }

  seed (seed: number | number[]): void {
    if (typeof seed === 'number') initGenrand(this.state, seed)
    else initByArray(this.state, seed)
    twist(this.state)
    this.index = 0
  }

  /** The next 32-bit word, tempered. */
  nextU32 (): number {
    const word = temper(this.state[this.index] as number)
    this.skipU32()
    return word
  }

  /** Moves past the next word without reading it. */
  private skipU32 (): void {
    if (++this.index >= N) {
      twist(this.state)
      this.index = 0
    }
  }

  /**
   * `Math.floor(next() * 16)`, the draw behind a random hex digit, with the same two words used up.
   * `next()` is `(high · 2^26 + low) / 2^53` with `high` the first word's top 27 bits and `low < 2^26`;
   * times 16 (exact, a power of two) its integer part is `high >>> 23`, since `low` only adds less than
   * 2^-23 to a fraction of at most 1 − 2^-23. So the digit is the first word's top 4 bits, and the
   * second word need not be tempered.
   */
  nextHexDigit (): number {
    const digit = this.nextU32() >>> 28
    this.skipU32()
    return digit
  }

  /**
   * A float in [0, 1) from 53 random bits: the top 27 bits of one word and the top 26 of the next.
   * A bound field rather than a method: Faker's distributors call it detached (`({ next }) => next()`).
   */
  readonly next = (): number => {
    const high = this.nextU32() >>> 5
    const low = this.nextU32() >>> 6
    return (high * 67108864 + low) * FLOAT_53
  }
}
