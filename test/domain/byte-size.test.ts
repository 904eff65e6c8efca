// The size in bytes the control plane's bounds count: at least the characters and slots a JSON value holds, two bytes a character past Latin-1.
import fc from 'fast-check'
import t from 'tap'
import { byteSize, formatBytes } from '../../src/domain/byte-size.js'
import { propertyRuns } from '../property-runs.js'

t.test('counts strings by their characters, twice for characters past Latin-1, plus a header', async (t) => {
  t.equal(byteSize(''), 16)
  t.equal(byteSize('x'.repeat(1000)), 1016)
  t.equal(byteSize('é'.repeat(1000)), 1016, 'Latin-1 is one byte a character')
  t.equal(byteSize('€'.repeat(1000)), 2016)
  t.equal(byteSize(42), 16)
  t.equal(byteSize(null), 16)
})

t.test('counts arrays and objects with their slots and keys', async (t) => {
  t.equal(byteSize([]), 32)
  t.equal(byteSize([1, 2]), 32 + 2 * 32)
  t.equal(byteSize({ a: 'xy' }), 32 + 16 + 17 + 18)
})

/** The characters of every string and key in a value, and its slots: what it holds at the least. */
function characters (value: unknown): number {
  if (typeof value === 'string') return value.length
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + 8 + characters(item), 0)
  if (typeof value === 'object' && value !== null) return Object.entries(value).reduce((sum, [key, item]) => sum + 8 + key.length + characters(item), 0)
  return 8
}

t.test('is never less than the characters and slots a JSON value holds', async () => {
  fc.assert(fc.property(fc.json(), (text) => {
    const value: unknown = JSON.parse(text)
    return byteSize(value) >= characters(value)
  }), { numRuns: propertyRuns(200) })
})

t.test('names a size the way the bounds are written', async (t) => {
  t.same([formatBytes(64 * 2 ** 20), formatBytes(64 * 2 ** 10), formatBytes(1000)], ['64 MB', '64 KB', '1000 bytes'])
})
