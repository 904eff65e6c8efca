// Run test ids: exactly the strings Django's uuid path converter matches.
import fc from 'fast-check'
import t from 'tap'
import { isRunTestId } from '../../src/domain/uuid.js'
import { propertyRuns } from '../property-runs.js'

const DJANGO_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

t.test('a lowercase hyphenated uuid is a run test id, and its variants are not', async (t) => {
  t.ok(isRunTestId('11111111-1111-4111-8111-111111111111'))
  t.ok(isRunTestId('0123abcd-ef01-2345-6789-abcdef012345'))
  for (const id of [
    '11111111-1111-4111-8111-11111111111', // one digit short
    '11111111-1111-4111-8111-1111111111111', // one digit long
    '11111111-1111-4111-8111-11111111111A', // uppercase
    '11111111-1111-4111-8111-11111111111g', // not hex
    '111111111-111-4111-8111-111111111111', // hyphen moved
    '11111111_1111_4111_8111_111111111111', // not hyphens
    '11111111111141118111111111111111', // no hyphens
    ''
  ]) t.notOk(isRunTestId(id), id)
})

t.test('any string is a run test id exactly when the converter\'s pattern matches it', async () => {
  // Strings built from the characters that matter, at and around the length of a uuid, and any strings.
  const near = fc.array(fc.constantFrom('0', '9', 'a', 'f', 'A', 'g', '-', '/', ' ', 'é'), { minLength: 34, maxLength: 38 }).map((chars) => chars.join(''))
  const mutated = fc.tuple(fc.uuid(), fc.nat(35), fc.constantFrom('-', 'a', 'F', 'z', '0', '\u0000')).map(([uuid, at, char]) => uuid.slice(0, at) + char + uuid.slice(at + 1))
  fc.assert(fc.property(fc.oneof(near, mutated, fc.uuid(), fc.string()), (value) => isRunTestId(value) === DJANGO_UUID.test(value)), { numRuns: propertyRuns(2000) })
})
