// The one Faker instance the generator uses (local, fixed reference date), and cheaper exact stand-ins for the Faker calls made per row.
//
// Every generated row reseeds and then makes a few hundred draws. Faker's methods are general (option
// objects, locale proxies, expression evaluation in `helpers.fake`), and that generality cost more than
// the draws themselves. `SeededDraws` does what each of the Faker calls the generator makes does, for
// the arguments it makes it with: the same draws from the same randomizer, in the same order, with the
// same arithmetic, over the same locale data, so its results are Faker's, bit for bit. Faker's source
// (`@faker-js/faker` 10, `src/modules/...`) is the reference for each one, and
// test/data/golden-rows.test.ts checks every stand-in against the Faker call it replaces.
import type { Faker } from '@faker-js/faker'
// The package root loads every locale (about 200 ms of start-up); this entry loads English only. It
// exports a ready-made instance rather than the class, so the class and the merged English-and-base
// definitions are taken from it to build an instance of our own: reseeding that shared one would
// disturb anyone else in the process who uses it.
import { faker as english } from '@faker-js/faker/locale/en'
import { MersenneRandomizer } from './mersenne.js'

/** Every generated time is measured back from this instant, so output never depends on the clock. */
export const REFERENCE_DATE = new Date('2026-04-06T12:00:00Z')

/**
 * The instance's source of draws: the Mersenne Twister Faker uses by default, draw for draw, but
 * reseeded several times faster. Every row reseeds, and Faker's own reseeding cost more than
 * everything else a row needs.
 */
const randomizer = new MersenneRandomizer()

const FakerClass = english.constructor as typeof Faker
const faker = new FakerClass({ locale: english.rawDefinitions, randomizer })
faker.setDefaultRefDate(REFERENCE_DATE)

/**
 * Reseeds the shared instance and returns it. Every caller reseeds before drawing, so what it draws
 * depends only on `words`, never on what was generated before (processes are single-threaded).
 */
export function seededFaker (words: number[]): Faker {
  randomizer.seed(words)
  return faker
}

const HEX_CODES = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0))
const UUID_TEMPLATE = 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'
const UUID_X_POSITIONS = Array.from(UUID_TEMPLATE, (symbol, at) => (symbol === 'x' ? at : -1)).filter((at) => at >= 0)
const UUID_Y_POSITION = UUID_TEMPLATE.indexOf('y')
const DIGITS = '0123456789'
const NONZERO_DIGITS = '123456789'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const DAY_MS = 24 * 60 * 60 * 1000

interface Weighted<T> {
  weight: number
  value: T
}

/** A locale entry split by sex, as `person.first_name` and `person.last_name_pattern` are. */
interface BySex<T> {
  female?: readonly T[] | undefined
  male?: readonly T[] | undefined
  generic?: readonly T[] | undefined
}

type Draw = () => string

/** Locale values are pasted into `helpers.fake` templates: one with a brace could start a placeholder. */
const isPlainList = (value: unknown): value is readonly string[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && !/[{}]/.test(item))

/** Faker's expression evaluator steps into objects (and calls functions, which never happens here). */
function stepInto (value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

/** The draws behind one generated row; see the header. Each method names the Faker call it stands for. */
export class SeededDraws {
  private readonly next = randomizer.next
  readonly firstName: Draw
  readonly lastName: Draw
  readonly city: Draw
  readonly streetAddress: Draw
  private readonly buildingNumber: Draw
  private readonly street: Draw
  private readonly phoneFormats: readonly string[]
  /** A uuid's character codes, the fixed `-` and `4` in place, the rest rewritten per uuid. */
  private readonly uuidCodes = Array.from(UUID_TEMPLATE, (symbol) => symbol.charCodeAt(0))
  /** `[from, to]` of `date.birthdate({ mode: 'age', min: age, max: age })` by age, computed on first use. */
  private readonly birthdateRanges = new Map<number, readonly [number, number]>()

  constructor () {
    const raw = faker.rawDefinitions
    const firstNames = raw.person?.first_name as BySex<string> | null | undefined
    this.firstName = firstNames == null ? () => faker.person.firstName() : () => this.arrayElement(this.bySex(firstNames))
    this.lastName = this.compileLastName(raw.person?.last_name_pattern as BySex<Weighted<string>> | null | undefined) ?? (() => faker.person.lastName())
    const location = raw.location
    const buildingFormats = location?.building_number
    this.buildingNumber = isPlainList(buildingFormats)
      ? () => this.fillNumberSigns(this.arrayElement(buildingFormats))
      : () => faker.location.buildingNumber()
    this.street = this.compileFakeList(location?.street_pattern) ?? (() => faker.location.street())
    this.city = this.compileFakeList(location?.city_pattern) ?? (() => faker.location.city())
    const streetAddress = location?.street_address?.normal
    this.streetAddress = (typeof streetAddress === 'string' ? this.compileFake(streetAddress) : null) ?? (() => faker.location.streetAddress())
    this.phoneFormats = raw.phone_number?.format?.international ?? []
  }

  /** `faker.number.int({ min, max, multipleOf })`. */
  int (min: number, max: number, multipleOf = 1): number {
    const low = Math.ceil(min / multipleOf)
    const high = Math.floor(max / multipleOf)
    if (low === high) return low * multipleOf
    if (high < low) throw new RangeError(`no integer between ${min} and ${max}`)
    return Math.floor(this.next() * (high - low + 1) + low) * multipleOf
  }

  /** `faker.number.float({ min, max })`. */
  float (min = 0, max = 1): number {
    if (max < min) throw new RangeError(`max ${max} is below min ${min}`)
    return this.next() * (max - min) + min
  }

  /** `faker.number.float({ min, max, fractionDigits })`: an integer draw scaled down, as Faker does it. */
  floatFixed (min: number, max: number, fractionDigits: number): number {
    const multipleOf = 10 ** -fractionDigits
    const exponent = Math.log10(multipleOf)
    const factor = multipleOf < 1 && Number.isSafeInteger(exponent) ? 10 ** -exponent : 1 / multipleOf
    return this.int(min * factor, max * factor) / factor
  }

  /** `faker.datatype.boolean({ probability })`. */
  boolean (probability = 0.5): boolean {
    if (probability <= 0) return false
    return probability >= 1 || this.float() < probability
  }

  /**
   * An index below `length`, as `arrayElement` draws it: `number.int({ max: length - 1 })`, whose
   * arithmetic for a minimum of 0 is `Math.floor(next() * length)`; no draw for a single element.
   */
  private indexBelow (length: number): number {
    return length > 1 ? Math.floor(this.next() * length) : 0
  }

  /** `faker.helpers.arrayElement(array)`. */
  arrayElement<T> (array: readonly T[]): T {
    if (array.length === 0) throw new RangeError('cannot pick from an empty array')
    return array[this.indexBelow(array.length)] as T
  }

  /** `faker.helpers.arrayElements(array, { min, max })`: a partial Fisher–Yates shuffle from the end. */
  arrayElements<T> (array: readonly T[], min: number, max: number): T[] {
    if (array.length === 0) return []
    const count = this.int(min, max)
    if (count >= array.length) return this.shuffle(array)
    if (count <= 0) return []
    const copy = [...array]
    const first = array.length - count
    for (let i = array.length - 1; i >= first; i--) {
      const j = this.int(0, i)
      const picked = copy[j] as T
      copy[j] = copy[i] as T
      copy[i] = picked
    }
    return copy.slice(first)
  }

  /** `faker.helpers.shuffle(array)` (a copy). */
  shuffle<T> (array: readonly T[]): T[] {
    const copy = [...array]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i)
      const picked = copy[i] as T
      copy[i] = copy[j] as T
      copy[j] = picked
    }
    return copy
  }

  /** `faker.helpers.weightedArrayElement(entries)`. */
  weightedArrayElement<T> (entries: readonly Weighted<T>[]): T {
    if (entries.length === 0) throw new RangeError('cannot pick from an empty array')
    let total = 0
    for (const entry of entries) total += entry.weight
    const target = this.float(0, total)
    let reached = 0
    for (const entry of entries) {
      reached += entry.weight
      if (target < reached) return entry.value
    }
    return (entries[entries.length - 1] as Weighted<T>).value
  }

  /** `faker.string.fromCharacters(characters, length)`, over a string of characters. */
  private fromCharacters (characters: string, length: number): string {
    let text = ''
    for (let i = 0; i < length; i++) text += characters[this.indexBelow(characters.length)] as string
    return text
  }

  /** `faker.string.numeric(length)` (leading zeros allowed). */
  numeric (length: number): string {
    return this.fromCharacters(DIGITS, length)
  }

  /** `faker.string.alpha({ length, casing: 'upper' })`. */
  upperAlpha (length: number): string {
    return this.fromCharacters(UPPER, length)
  }

  /** `faker.string.alphanumeric({ length, casing: 'upper' })`: digits first, as Faker lists them. */
  upperAlphanumeric (length: number): string {
    return this.fromCharacters(DIGITS + UPPER, length)
  }

  /**
   * `faker.string.uuid()`: Faker fills the 30 `x` of `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` with
   * `number.hex({ min: 0, max: 15 })`, that is `Math.floor(next() * 16)` (see `nextHexDigit`), left to
   * right, and only then the `y` with one of 8–b. The text is assembled from character codes in one
   * piece: a uuid concatenated from parts is a rope, which `JSON.stringify` then has to flatten.
   */
  uuid (): string {
    const codes = this.uuidCodes
    for (const at of UUID_X_POSITIONS) codes[at] = HEX_CODES[randomizer.nextHexDigit()] as number
    codes[UUID_Y_POSITION] = HEX_CODES[this.int(8, 11)] as number
    return String.fromCharCode(...codes)
  }

  /** `faker.location.zipCode(format)`: `helpers.replaceSymbols`, of which only `#` (a digit) is supported. */
  zipCode (format: string): string {
    let zip = ''
    for (const symbol of format) {
      if (symbol === '?' || symbol === '*') throw new RangeError(`unsupported zip code symbol ${symbol}`)
      zip += symbol === '#' ? String(this.int(0, 9)) : symbol
    }
    return zip
  }

  /** `faker.phone.number({ style: 'international' })`: `#` is any digit, `!` one from 2 to 9. */
  phoneNumber (): string {
    const format = this.arrayElement(this.phoneFormats)
    let number = ''
    for (const symbol of format) {
      number += symbol === '#' ? String(this.int(0, 9)) : symbol === '!' ? String(this.int(2, 9)) : symbol
    }
    return number
  }

  /** `faker.date.birthdate({ mode: 'age', min: age, max: age })`, relative to the reference date. */
  birthdate (age: number): Date {
    let range = this.birthdateRanges.get(age)
    if (range === undefined) {
      const year = REFERENCE_DATE.getUTCFullYear()
      range = [new Date(REFERENCE_DATE).setUTCFullYear(year - age - 1) + DAY_MS, new Date(REFERENCE_DATE).setUTCFullYear(year - age)]
      this.birthdateRanges.set(age, range)
    }
    return new Date(this.int(range[0], range[1]))
  }

  /** The list `person` methods pick from: a draw for the sex, then (with both lists) a weighted draw. */
  private bySex<T> (entry: BySex<T>): readonly T[] {
    const sex = this.arrayElement(['female', 'male'] as const)
    const { generic } = entry
    const ofSex = sex === 'female' ? entry.female : entry.male
    if (ofSex == null) return generic ?? []
    if (generic == null) return ofSex
    return this.weightedArrayElement([
      { weight: 3 * Math.sqrt(ofSex.length), value: ofSex },
      { weight: Math.sqrt(generic.length), value: generic }
    ])
  }

  /** `faker.person.lastName()` where the locale has last-name patterns (English does). */
  private compileLastName (patterns: BySex<Weighted<string>> | null | undefined): Draw | null {
    if (patterns == null) return null
    const compiled = new Map<string, Draw>()
    for (const list of [patterns.female, patterns.male, patterns.generic]) {
      for (const { value } of list ?? []) {
        const draw = this.compileFake(value)
        if (draw === null) return null
        compiled.set(value, draw)
      }
    }
    return () => (compiled.get(this.weightedArrayElement(this.bySex(patterns))) as Draw)()
  }

  /**
   * `location.buildingNumber()`'s filling: each run of `#` becomes `string.numeric` without a leading
   * zero, which picks the first digit from the list 1–9 (an index draw, not `int(1, 9)`: the two can
   * round differently) and the others from 0–9.
   */
  private fillNumberSigns (format: string): string {
    return format.replaceAll(/#+/g, (run) => this.fromCharacters(NONZERO_DIGITS, 1) + this.numeric(run.length - 1))
  }

  /** `faker.helpers.fake(patterns)`: one pattern picked, then filled. */
  private compileFakeList (patterns: unknown): Draw | null {
    if (!Array.isArray(patterns) || patterns.length === 0) return null
    const compiled: Draw[] = []
    for (const pattern of patterns) {
      const draw = typeof pattern === 'string' ? this.compileFake(pattern) : null
      if (draw === null) return null
      compiled.push(draw)
    }
    return () => (this.arrayElement(compiled))()
  }

  /**
   * `faker.helpers.fake(pattern)` for a pattern of plain text and `{{a.b}}` placeholders that name a
   * locale list (one `arrayElement` draw) or one of the methods above. Faker fills placeholders left to
   * right, rescanning the text after each; as no value put in holds a brace, filling the parts in order
   * is the same. Anything else (calls with arguments, other methods, a brace in the text or the data)
   * returns null, and the caller uses Faker's own method.
   */
  private compileFake (pattern: string): Draw | null {
    const methods: Readonly<Record<string, Draw>> = {
      'person.firstName': () => this.firstName(),
      'person.lastName': () => this.lastName(),
      'location.buildingNumber': () => this.buildingNumber(),
      'location.street': () => this.street()
    }
    const parts: (string | Draw)[] = []
    let rest = pattern
    for (let start = rest.search(/\{\{[a-z]/); start !== -1; start = rest.search(/\{\{[a-z]/)) {
      const end = rest.indexOf('}}', start)
      if (end === -1) break
      const literal = rest.slice(0, start)
      const expression = rest.slice(start + 2, end)
      if (/[{}]/.test(literal) || !/^[a-z]\w*(\.\w+)+$/.test(expression)) return null
      const draw = this.placeholder(expression, methods)
      if (draw === null) return null
      if (literal !== '') parts.push(literal)
      parts.push(draw)
      rest = rest.slice(end + 2)
    }
    if (/[{}]/.test(rest)) return null
    if (rest !== '') parts.push(rest)
    return () => {
      let text = ''
      for (const part of parts) text += typeof part === 'string' ? part : part()
      return text
    }
  }

  /**
   * What Faker's expression evaluator does with a dotted path: it follows the path both through the
   * Faker instance and through the raw locale data, picks an element of every array it meets (a draw),
   * and calls a method it ends on. Only the two shapes met here are compiled: a method, or a list.
   */
  private placeholder (expression: string, methods: Readonly<Record<string, Draw>>): Draw | null {
    const keys = expression.split('.')
    let onFaker: unknown = faker
    let inLocale: unknown = faker.rawDefinitions
    for (const [index, key] of keys.entries()) {
      onFaker = stepInto(onFaker, key)
      inLocale = stepInto(inLocale, key)
      const last = index === keys.length - 1
      if (typeof onFaker === 'function' && !last) return null
      if (!last && (Array.isArray(onFaker) || Array.isArray(inLocale))) return null
    }
    if (typeof onFaker === 'function') return inLocale === undefined ? (methods[expression] ?? null) : null
    if (onFaker !== undefined || !isPlainList(inLocale)) return null
    const list = inLocale
    return () => this.arrayElement(list)
  }
}

let draws: SeededDraws | null = null

/** Reseeds the shared randomizer with `words` and returns the draws that read it (one instance, like the Faker). */
export function seededDraws (words: number[]): SeededDraws {
  randomizer.seed(words)
  draws ??= new SeededDraws()
  return draws
}
