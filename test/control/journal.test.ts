// The journal ring buffer: newest first, bounded by its capacity, its bytes (each record's and its slot's) accounted for.
import t from 'tap'
import { Journal, SLOT_BYTES, entryOf, type JournalRecord } from '../../src/control/journal.js'

const entry = (n: number, bytes = 100): JournalRecord => ({
  seq: n,
  time: n,
  method: 'GET',
  target: `/p?n=${n}`,
  headerLines: '',
  status: 200,
  durationMs: 1,
  runTestId: null,
  keysAccepted: true,
  fault: null,
  ignoredPreferences: null,
  matched: true,
  origin: 'http://localhost',
  bytes
})
const ids = (journal: Journal): string[] => journal.newestFirst().map((e) => e.query.slice(2))

t.test('keeps the last N entries, newest first, overwriting the oldest', async (t) => {
  const journal = new Journal(3)
  for (let n = 1; n <= 5; n++) journal.record(entry(n))
  t.same(ids(journal), ['5', '4', '3'])
  t.equal(journal.size, 3)
  t.equal(journal.bytes, 3 * (100 + SLOT_BYTES))
})

t.test('reports the change in bytes held, the overwritten entry deducted', async (t) => {
  const journal = new Journal(2)
  t.equal(journal.record(entry(1, 100)), 100 + SLOT_BYTES)
  t.equal(journal.record(entry(2, 50)), 50 + SLOT_BYTES)
  t.equal(journal.record(entry(3, 70)), -30, 'e1 (100 bytes) gave way to 70')
  t.equal(journal.bytes, 120 + 2 * SLOT_BYTES)
})

t.test('drops the oldest entry on demand and empties on clear', async (t) => {
  const journal = new Journal(4)
  for (let n = 1; n <= 4; n++) journal.record(entry(n, n))
  t.equal(journal.dropOldest(), 1 + SLOT_BYTES)
  t.same(ids(journal), ['4', '3', '2'])
  t.equal(journal.clear(), 9 + 3 * SLOT_BYTES)
  t.same(journal.newestFirst(), [])
  t.equal(journal.dropOldest(), 0)
  journal.record(entry(9))
  t.same(ids(journal), ['9'], 'records again after a clear')
})

t.test('keeps its order through many drops and records, however its array is compacted', async (t) => {
  const journal = new Journal(5)
  for (let n = 1; n <= 40; n++) {
    journal.record(entry(n))
    if (n % 3 === 0) journal.dropOldest()
  }
  const kept = ids(journal)
  t.same(kept, kept.map(Number).sort((a, b) => b - a).map(String), 'newest first')
  t.equal(kept[0], '40')
  t.equal(journal.bytes, kept.length * (100 + SLOT_BYTES))
})

t.test('a journal as large as --journal-size allows costs nothing until it records', async (t) => {
  const before = process.memoryUsage().heapUsed
  const journals = Array.from({ length: 200 }, () => new Journal(1_000_000))
  const grown = process.memoryUsage().heapUsed - before
  t.ok(grown < 10 * 2 ** 20, `200 empty journals of a million entries took ${Math.round(grown / 2 ** 10)} KB of heap`)
  t.equal(journals[0]?.size, 0)
})

t.test('a journal of capacity 0 records nothing', async (t) => {
  const journal = new Journal(0)
  t.equal(journal.record(entry(1)), 0)
  t.same(journal.newestFirst(), [])
})

t.test('shows a record with a UUID-shaped id, its path and query apart, and its headers in pairs', async (t) => {
  const shown = entryOf({ ...entry(255), headerLines: 'Host\nlocalhost\nX-Api-Key\n<redacted>' })
  t.match(shown.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-0000000000ff$/)
  t.same([shown.path, shown.query, shown.url], ['/p', 'n=255', 'http://localhost/p?n=255'])
  t.same(shown.headers, [['Host', 'localhost'], ['X-Api-Key', '<redacted>']])
  t.not(entryOf(entry(1)).id, entryOf(entry(2)).id)
})

t.test('keeps empty header values, and shows no headers for a record without any', async (t) => {
  const shown = entryOf({ ...entry(3), headerLines: 'X-Empty\n\nHost\nlocalhost\nX-Last\n' })
  t.same(shown.headers, [['X-Empty', ''], ['Host', 'localhost'], ['X-Last', '']])
  t.same(entryOf(entry(4)).headers, [])
})
