// Sessions: resolved from the header, isolated, bounded in number and in journal memory, and reset to their start-up state.
import t from 'tap'
import { SLOT_BYTES, type JournalRecord } from '../../src/control/journal.js'
import { DEFAULT_JOURNAL_BYTES, Sessions, type SessionsOptions } from '../../src/control/sessions.js'
import type { FaultRule } from '../../src/domain/faults.js'
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
  const all = sessions({ maxSessions: 2, activeMs: 0 })
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
  const all = sessions({ maxSessions: 1, activeMs: 0 })
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
  const all = sessions({ journalBytes: 10 * (100 + SLOT_BYTES) })
  const idle = all.named('idle')
  const busy = all.named('busy')
  for (let i = 0; i < 5; i++) all.record(idle, entry(`idle-${i}`))
  for (let i = 0; i < 8; i++) all.record(busy, entry(`busy-${i}`))
  const held = idle.journal.bytes + busy.journal.bytes + all.default.journal.bytes
  t.ok(held <= 10 * (100 + SLOT_BYTES), `${held} bytes held`)
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

t.test('never drops a session used within the active window: the new one is refused with a 409 naming the bound', async (t) => {
  let wall = 0
  const all = sessions({ maxSessions: 2, activeMs: 60_000, wallMs: () => wall })
  const a = all.named('a')
  all.named('b')
  wall += 59_999
  t.throws(() => all.named('c'), { statusCode: 409, message: /2 sessions \(its bound, --max-sessions\), each used within the last 1 minute/ })
  t.ok(all.has('a') && all.has('b'), 'both kept')
  t.notOk(all.has('c'), 'nothing made')
  t.equal(all.named('a'), a, 'a known session is still served')
  wall += 1
  t.ok(all.named('c'), 'b, idle for the whole window, makes room')
  t.notOk(all.has('b'))
  t.equal(all.resolve(undefined), all.default)
})

const heldRecords = (rows: number) =>
  createStore({ seed: 1, runs: BUILT_IN, fixtureRuns: new Map() }).page({ runId: BUILT_IN[0]?.id ?? '', search: '', status: '', offset: 0, limit: rows }).rows

t.test('rows written out are bounded in bytes for all sessions together: a 413 names the bound and changes nothing', async (t) => {
  const all = sessions({ heldRowBytes: 10_000 })
  const records = heldRecords(2)
  all.addRun(all.named('a'), heldRunSource(CREATED, records, 'created', 'docs'), 6_000)
  t.throws(() => all.addRun(all.named('b'), heldRunSource(CREATED, records, 'created', 'docs'), 6_000), { statusCode: 413, message: /of its bound of 10000 bytes for all sessions/ })
  t.notOk(all.named('b').store.has(CREATED))
  t.equal(all.memory().heldRows, 6_000)
  all.reset(all.named('a'))
  t.equal(all.memory().heldRows, 0, 'given back on reset')
  all.addRun(all.named('b'), heldRunSource(CREATED, records, 'created', 'docs'), 6_000)
  t.ok(all.named('b').store.has(CREATED))
})

const rule = (n: number): FaultRule => ({ id: `fault-${n}`, match: {}, fault: 'status=500', seen: 0, fired: 0 })

t.test('fault rules are bounded in bytes per session and for all sessions together', async (t) => {
  const all = sessions({ faultBytesPerSession: 1000, faultBytes: 2500 })
  const a = all.named('a')
  t.throws(() => all.addFault(a, rule(1), 1001), { statusCode: 413, message: /more than a session's bound of 1000 bytes/ })
  all.addFault(a, rule(1), 600)
  t.throws(() => all.addFault(a, rule(2), 600), { statusCode: 409, message: /this session's fault rules would take more than its bound of 1000 bytes/ })
  t.equal(a.behaviour.faults.length, 1)
  all.addFault(all.named('b'), rule(1), 900)
  all.addFault(all.named('c'), rule(1), 900)
  t.throws(() => all.addFault(all.named('d'), rule(1), 200), { statusCode: 409, message: /all sessions would take more than their bound of 2500 bytes/ })
  t.equal(all.memory().faults, 2400)
  all.clearFaults(a)
  all.addFault(all.named('d'), rule(1), 200)
  t.equal(all.memory().faults, 2000)
})

t.test('what a session holds is given back when it is dropped to make room', async (t) => {
  const all = sessions({ maxSessions: 1, activeMs: 0 })
  const a = all.named('a')
  const empty = all.memory().total
  all.addRun(a, heldRunSource(CREATED, heldRecords(3), 'created', 'docs'), 5_000)
  all.addFault(a, rule(1), 300)
  all.record(a, entry('x'))
  t.ok(all.memory().total > empty + 5_000)
  all.named('b')
  t.equal(all.memory().total, empty, 'the same as with one empty session')
  t.same([all.memory().heldRows, all.memory().faults, all.memory().journals], [0, 0, 0])
})
