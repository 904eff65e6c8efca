// Sessions: resolved from the header, isolated, bounded in number and in journal memory, and reset to their start-up state.
import t from 'tap'
import type { JournalRecord } from '../../src/control/journal.js'
import { DEFAULT_JOURNAL_BYTES, Sessions, type SessionsOptions } from '../../src/control/sessions.js'
import { createStore, generatedRunSource, heldRunSource } from '../../src/data/store.js'
import { WELL_KNOWN_RUNS } from '../../src/data/runs.js'

const BUILT_IN = WELL_KNOWN_RUNS.filter((run) => run.rows < 1000)
const CREATED = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'

function sessions (overrides: Partial<SessionsOptions> = {}): Sessions {
  const base = createStore({ seed: 1, runs: BUILT_IN, fixtureRuns: new Map() })
  return new Sessions({ base, caches: base.caches, maxSessions: 10, journalSize: 100, journalBytes: DEFAULT_JOURNAL_BYTES, clockStartUs: 0, clockRunning: false, ...overrides })
}

const entry = (id: string, bytes = 100): JournalRecord => ({
  seq: 0, time: 0, method: 'GET', target: `/?id=${id}`, headerLines: '', status: 200, durationMs: 1, runTestId: null,
  keysAccepted: false, fault: null, ignoredPreferences: null, matched: true, origin: 'http://localhost', bytes
})
const idOf = (shown: { query: string }): string => shown.query.slice('id='.length)

t.test('a missing, invalid or "default" header is the default session; a valid name is its own session, kept', async (t) => {
  const all = sessions()
  for (const header of [undefined, '', 'default', 'has space', 'x'.repeat(65), ['a', 'b'], 'ünï']) {
    t.equal(all.resolve(header), all.default, JSON.stringify(header))
  }
  const job = all.resolve('job-1.a_B')
  t.equal(job.name, 'job-1.a_B')
  t.equal(all.resolve('job-1.a_B'), job, 'the same session on the next request')
  t.not(all.resolve('job-2'), job)
  t.equal(all.count, 3)
})

t.test('a run created in one session is seen by no other, and the built-in runs by all', async (t) => {
  const all = sessions()
  const one = all.named('one')
  const two = all.named('two')
  all.addRun(one, generatedRunSource(1, { id: CREATED, rows: 5, profile: 'finished' }, 'created', false))
  t.ok(one.store.has(CREATED))
  t.notOk(two.store.has(CREATED))
  t.notOk(all.default.store.has(CREATED))
  for (const run of BUILT_IN) t.ok(one.store.has(run.id) && two.store.has(run.id), run.id)
  t.equal(one.store.runs().at(-1)?.origin, 'created')
})

t.test('makes room for a new session by dropping the one idle longest, never the default one', async (t) => {
  const all = sessions({ maxSessions: 2 })
  const a = all.named('a')
  all.named('b')
  all.named('a')
  all.record(a, entry('kept'))
  all.named('c')
  t.ok(all.has('a'), 'a was used more recently than b')
  t.notOk(all.has('b'), 'b was idle longest')
  t.ok(all.has('c') && all.has('default'))
  t.equal(all.count, 3)
  t.not(all.named('b'), undefined, 'b comes back empty when named again')
  t.notOk(all.has('a'))
})

t.test('rows written out are counted while their session lives, and given back when it goes', async (t) => {
  const all = sessions({ maxSessions: 1 })
  const records = createStore({ seed: 1, runs: BUILT_IN, fixtureRuns: new Map() }).page({ runId: BUILT_IN[0]?.id ?? '', search: '', status: '', offset: 0, limit: 7 }).rows
  all.addRun(all.named('a'), heldRunSource(CREATED, records, 'created', 'docs'))
  t.equal(all.heldRows, 7)
  all.named('b')
  t.equal(all.heldRows, 0, 'a was dropped with its rows')
  const b = all.named('b')
  all.addRun(b, heldRunSource(CREATED, records, 'created', 'docs'))
  all.reset(b)
  t.equal(all.heldRows, 0)
  t.notOk(b.store.has(CREATED))
})

t.test('keeps all journals together under their byte bound, dropping first from the sessions idle longest', async (t) => {
  const all = sessions({ journalBytes: 1000 })
  const idle = all.named('idle')
  const busy = all.named('busy')
  for (let i = 0; i < 5; i++) all.record(idle, entry(`idle-${i}`))
  for (let i = 0; i < 8; i++) all.record(busy, entry(`busy-${i}`))
  const held = idle.journal.bytes + busy.journal.bytes + all.default.journal.bytes
  t.ok(held <= 1000, `${held} bytes held`)
  t.same(idle.journal.newestFirst().map(idOf), ['idle-4', 'idle-3'], 'the idle session gave up its oldest entries')
  t.equal(busy.journal.size, 8)
})

t.test('reset empties the journal and forgets the created runs', async (t) => {
  const all = sessions()
  const job = all.named('job')
  all.addRun(job, generatedRunSource(1, { id: CREATED, rows: 5, profile: 'finished' }, 'created', false))
  all.record(job, entry('x'))
  all.reset(job)
  t.equal(job.journal.size, 0)
  t.notOk(job.store.has(CREATED))
  t.same(job.store.runIds(), all.default.store.runIds())
})
