// The one Faker instance the generator uses: local (never the global `faker`), with a fixed reference date.
import { Faker, base, en } from '@faker-js/faker'

/** Every generated time is measured back from this instant, so output never depends on the clock. */
export const REFERENCE_DATE = new Date('2026-04-06T12:00:00Z')

const faker = new Faker({ locale: [en, base] })
faker.setDefaultRefDate(REFERENCE_DATE)

/**
 * Reseeds the shared instance and returns it. Every caller reseeds before drawing, so what it draws
 * depends only on `words`, never on what was generated before (processes are single-threaded).
 */
export function seededFaker (words: number[]): Faker {
  faker.seed(words)
  return faker
}
