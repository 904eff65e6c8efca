// Journal searches: matched on their own thread, one at a time, refused past their time budget or when the server closes.
import t from 'tap'
import { JournalSearch, SearchError } from '../../src/control/journal-search.js'
import { seqOfId, entryOf, type JournalRecord } from '../../src/control/journal.js'
import { PatternError } from '../../src/domain/request-pattern.js'

// A search thread starts once per file; under a loaded machine that alone can take many seconds.
t.setTimeout(180_000)

const record = (n: number, target: string, headerLines = ''): JournalRecord => ({
  seq: n,
  time: n,
  method: 'GET',
  target,
  headerLines,
  status: 200,
  durationMs: 1,
  runTestId: null,
  keysAccepted: true,
  fault: null,
  ignoredPreferences: null,
  matched: true,
  origin: 'http://localhost',
  bytes: 320 + target.length + headerLines.length
})

/** A value and an expression RE2 needs seconds for (linear, but in a long program over a long text). */
let slowText = ''
for (let state = 12_345; slowText.length < 16_000;) {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31
  slowText += (state >> 16) & 1 ? 'a' : 'b'
}
const SLOW = { urlPattern: `(?:.*a.{20}b){1,50}c|${'x'.repeat(500)}` }

t.test('returns the records a pattern matches, in the order given, headers looked up by name', async (t) => {
  const search = new JournalSearch()
  t.teardown(() => search.close())
  const records = [record(3, '/b?x=1', 'Host\nh\nX-N\none'), record(2, '/a', 'x-n\ntwo'), record(1, '/b', 'Host\nh')]
  const seqs = async (pattern: unknown): Promise<number[]> => (await search.matching(pattern, () => records)).map((r) => r.seq)
  t.same(await seqs({ urlPathPattern: '/b' }), [3, 1])
  t.same(await seqs({ headers: { 'x-N': { matches: 'one|two' } } }), [3, 2])
  t.same(await seqs({ headers: { 'X-N': { absent: true } } }), [1])
  t.same(await seqs({ url: '/b?x=1', queryParameters: { x: { equalTo: '1' } } }), [3])
  t.same(await seqs({}), [3, 2, 1])
})

t.test('checks the pattern even over an empty journal, with the PatternError it names', async (t) => {
  const search = new JournalSearch()
  t.teardown(() => search.close())
  const error = await search.matching({ urlPattern: '(a)\\1' }, () => []).catch((problem: unknown) => problem)
  t.type(error, PatternError)
  t.match((error as PatternError).message, /^urlPattern: not a regular expression RE2 accepts/)
})

t.test('matches off the event loop: timers fire while a slow pattern runs, and the budget stops it', async (t) => {
  const search = new JournalSearch(1500)
  t.teardown(() => search.close())
  const records = Array.from({ length: 20 }, (_, i) => record(i + 1, `/${slowText}${i}`))
  const ticks: number[] = []
  const timer = setInterval(() => ticks.push(Date.now()), 10)
  const started = Date.now()
  const error = await search.matching(SLOW, () => records).catch((problem: unknown) => problem)
  clearInterval(timer)
  t.type(error, SearchError)
  t.equal((error as SearchError).kind, 'budget')
  t.match((error as SearchError).message, /more than 1\.5 s to match the journal \(the bound of one query's work\)/)
  // Had the match run on this thread, no tick could have happened before it ended.
  t.ok(ticks.filter((tick) => tick - started < 1000).length > 5, 'the timer ticked during the match')
  // The next query gets a fresh thread and is answered.
  t.same((await search.matching({ urlPath: '/x' }, () => [record(1, '/x')])).map((r) => r.seq), [1])
})

t.test('close refuses the query running and those waiting, so that none holds a shutdown', async (t) => {
  const search = new JournalSearch()
  const other = new JournalSearch()
  t.teardown(() => other.close())
  const records = Array.from({ length: 20 }, (_, i) => record(i + 1, `/${slowText}${i}`))
  const running = search.matching(SLOW, () => records).catch((problem: unknown) => problem)
  const waiting = search.matching({}, () => records).catch((problem: unknown) => problem)
  const othersQuery = other.matching({ urlPath: '/x' }, () => [record(1, '/x')])
  await new Promise((resolve) => setTimeout(resolve, 50))
  search.close()
  for (const error of [await running, await waiting]) {
    t.type(error, SearchError)
    t.equal((error as SearchError).kind, 'closed')
  }
  t.same((await othersQuery).map((r) => r.seq), [1], 'another app\'s query is still answered')
  const after = await search.matching({}, () => []).catch((problem: unknown) => problem)
  t.equal((after as SearchError).kind, 'closed')
})

t.test('refuses a query past the bound of those waiting', async (t) => {
  const search = new JournalSearch(3000)
  t.teardown(() => search.close())
  const records = Array.from({ length: 20 }, (_, i) => record(i + 1, `/${slowText}${i}`))
  const queries = Array.from({ length: 10 }, () => search.matching(SLOW, () => records).catch((problem: unknown) => problem))
  const busy = await queries[9]
  t.type(busy, SearchError)
  t.equal((busy as SearchError).kind, 'busy')
  t.match((busy as SearchError).message, /^8 journal queries are already waiting/)
  search.close()
  await Promise.all(queries)
})

t.test('an id names its record, and no other id does', async (t) => {
  const shown = entryOf(record(4660, '/a'))
  t.equal(seqOfId(shown.id), 4660)
  t.equal(seqOfId(`${shown.id.slice(0, 24)}zzzzzzzzzzzz`), null)
  t.equal(seqOfId('00000000-0000-4000-8000-000000001234'), null)
})
