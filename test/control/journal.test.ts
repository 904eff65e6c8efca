// The journal ring buffer: newest first, bounded by its capacity, its bytes accounted for.
import t from 'tap'
import { Journal, type JournalEntry } from '../../src/control/journal.js'

const entry = (n: number, bytes = 100): JournalEntry => ({
  id: `e${n}`,
  time: n,
  method: 'GET',
  path: '/p',
  query: '',
  headers: [],
  status: 200,
  durationMs: 1,
  runTestId: null,
  keysAccepted: true,
  fault: null,
  matched: true,
  url: 'http://localhost/p',
  bytes
})

t.test('keeps the last N entries, newest first, overwriting the oldest', async (t) => {
  const journal = new Journal(3)
  for (let n = 1; n <= 5; n++) journal.record(entry(n))
  t.same(journal.newestFirst().map((e) => e.id), ['e5', 'e4', 'e3'])
  t.equal(journal.size, 3)
  t.equal(journal.bytes, 300)
})

t.test('reports the change in bytes held, the overwritten entry deducted', async (t) => {
  const journal = new Journal(2)
  t.equal(journal.record(entry(1, 100)), 100)
  t.equal(journal.record(entry(2, 50)), 50)
  t.equal(journal.record(entry(3, 70)), -30, 'e1 (100 bytes) gave way to 70')
  t.equal(journal.bytes, 120)
})

t.test('drops the oldest entry on demand and empties on clear', async (t) => {
  const journal = new Journal(4)
  for (let n = 1; n <= 4; n++) journal.record(entry(n, n))
  t.equal(journal.dropOldest(), 1)
  t.same(journal.newestFirst().map((e) => e.id), ['e4', 'e3', 'e2'])
  t.equal(journal.clear(), 9)
  t.same(journal.newestFirst(), [])
  t.equal(journal.dropOldest(), 0)
  journal.record(entry(9))
  t.same(journal.newestFirst().map((e) => e.id), ['e9'], 'records again after a clear')
})

t.test('a journal of capacity 0 records nothing', async (t) => {
  const journal = new Journal(0)
  t.equal(journal.record(entry(1)), 0)
  t.same(journal.newestFirst(), [])
})
