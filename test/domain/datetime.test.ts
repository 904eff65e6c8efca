// Datetimes: epoch microseconds to the platform's ISO strings and back.
import t from 'tap'
import fc from 'fast-check'
import { formatMicros, parseIsoToMicros } from '../../src/domain/datetime.js'
import { propertyRuns } from '../property-runs.js'

const cases: Array<[micros: number, iso: string, why: string]> = [
  [1775304012004518, '2026-04-04T12:00:12.004518Z', 'microseconds kept, six digits'],
  [1775304012000000, '2026-04-04T12:00:12Z', 'a zero fraction is left out, as Python isoformat() does'],
  [1775304012000001, '2026-04-04T12:00:12.000001Z', 'leading zeros of the fraction kept'],
  [1775304012500000, '2026-04-04T12:00:12.500000Z', 'trailing zeros of the fraction kept'],
  [0, '1970-01-01T00:00:00Z', 'the epoch'],
  [-1, '1969-12-31T23:59:59.999999Z', 'before the epoch, the fraction counts forward']
]

for (const [micros, iso, why] of cases) {
  t.test(`${micros} is written ${iso}: ${why}`, async (t) => {
    t.equal(formatMicros(micros), iso)
    t.equal(parseIsoToMicros(iso), micros)
  })
}

t.test('reads shorter and longer fractions, dropping digits past the microsecond', async (t) => {
  t.equal(parseIsoToMicros('2026-04-04T12:00:12.5Z'), 1775304012500000)
  t.equal(parseIsoToMicros('2026-04-04T12:00:12.004518999999Z'), 1775304012004518)
})

t.test('rejects what is not a UTC datetime', async (t) => {
  for (const text of ['2026-04-04T12:00:12', '2026-04-04T12:00:12+00:00', '2026-04-04 12:00:12Z', '2026-02-30T00:00:00Z',
    '2026-04-04T24:00:00Z', '2026-04-04T12:60:00Z', '']) {
    t.throws(() => parseIsoToMicros(text), RangeError, text)
  }
})

t.test('refuses fractions of a microsecond', async (t) => {
  t.throws(() => formatMicros(1.5), RangeError)
})

t.test('any instant between 1900 and 2200 survives a round trip', async () => {
  fc.assert(fc.property(fc.integer({ min: -2208988800000000, max: 7258118400000000 }), (micros) => {
    return parseIsoToMicros(formatMicros(micros)) === micros
  }), { numRuns: propertyRuns() })
})
