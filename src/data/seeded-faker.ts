// The one Faker instance the generator uses: local (never a shared `faker`), with a fixed reference date.
import type { Faker } from '@faker-js/faker'
// The package root loads every locale (about 200 ms of start-up); this entry loads English only. It
// exports a ready-made instance rather than the class, so the class and the merged English-and-base
// definitions are taken from it to build an instance of our own: reseeding that shared one would
// disturb anyone else in the process who uses it.
import { faker as english } from '@faker-js/faker/locale/en'

/** Every generated time is measured back from this instant, so output never depends on the clock. */
export const REFERENCE_DATE = new Date('2026-04-06T12:00:00Z')

const FakerClass = english.constructor as typeof Faker
const faker = new FakerClass({ locale: english.rawDefinitions })
faker.setDefaultRefDate(REFERENCE_DATE)

/**
 * Reseeds the shared instance and returns it. Every caller reseeds before drawing, so what it draws
 * depends only on `words`, never on what was generated before (processes are single-threaded).
 */
export function seededFaker (words: number[]): Faker {
  faker.seed(words)
  return faker
}
