// The live journal's streams: entries of the watched session only, in order, in batches; a client that
// does not read loses the newest entries past its bound and is told how many; a bound on clients.
import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import t from 'tap'
import { JournalStreams } from '../../src/control/journal-stream.js'
import type { JournalRecord } from '../../src/control/journal.js'
import { Sessions } from '../../src/control/sessions.js'
import { DEFAULTS } from '../../src/config.js'
import { createStoreFromConfig } from '../../src/data/setup.js'

const store = createStoreFromConfig(DEFAULTS)

function sessions (): Sessions {
  return new Sessions({
    base: store,
    caches: store.caches,
    maxSessions: 10,
    journalSize: 100,
    journalBytes: 2 ** 20,
    clockStartUs: 0,
    clockRunning: false
  })
}

/** A response that keeps what is written, and says its buffer is full while `full` is true. */
class FakeResponse extends EventEmitter {
  written = ''
  status = 0
  full = false
  writeHead (status: number): this {
    this.status = status
    return this
  }

  write (chunk: string): boolean {
    this.written += chunk
    return !this.full
  }

  end (): void {
    this.emit('close')
  }
}

let seq = 0
function record (path: string): JournalRecord {
  return {
    seq: ++seq,
    time: Date.UTC(2026, 3, 6, 12),
    method: 'GET',
    target: path,
    headerLines: 'Host\nmock',
    status: 200,
    durationMs: 1,
    runTestId: null,
    keysAccepted: true,
    fault: null,
    ignoredPreferences: null,
    matched: true,
    origin: 'http://mock',
    bytes: 400
  }
}

/** The `request` events' paths, and the `gap` events' counts, in the order written. */
function events (text: string): Array<string | number> {
  const out: Array<string | number> = []
  for (const block of text.split('\n\n')) {
    const name = /^event: (\w+)$/m.exec(block)?.[1]
    const data = /^data: (.*)$/m.exec(block)?.[1]
    if (name === 'request' && data !== undefined) out.push((JSON.parse(data) as { path: string }).path)
    if (name === 'gap' && data !== undefined) out.push((JSON.parse(data) as { dropped: number }).dropped)
  }
  return out
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('a stream gets its own session\'s entries, oldest first, after a ready event', async (t) => {
  const all = sessions()
  const streams = new JournalStreams(all, { flushMs: 5 })
  const res = new FakeResponse()
  t.ok(streams.open(all.named('a'), res as unknown as ServerResponse))
  t.equal(res.status, 200)
  t.match(res.written, /^retry: 2000\nevent: ready\ndata: \{"session":"a","journal":0,"maxClients":8\}\n\n$/)
  all.record(all.named('a'), record('/one'))
  all.record(all.named('b'), record('/elsewhere'))
  all.record(all.default, record('/default'))
  all.record(all.named('a'), record('/two'))
  await tick(30)
  t.same(events(res.written), ['/one', '/two'])
  res.end()
  t.equal(streams.size, 0, 'a closed stream is forgotten')
})

t.test('a client that does not read keeps at most its bound waiting, and is told how many it missed', async (t) => {
  const all = sessions()
  const streams = new JournalStreams(all, { flushMs: 5, maxPending: 3 })
  const res = new FakeResponse()
  streams.open(all.default, res as unknown as ServerResponse)
  res.full = true
  all.record(all.default, record('/1'))
  await tick(30)
  t.same(events(res.written), ['/1'], 'the first batch was written, and filled the buffer')
  res.written = ''
  for (let i = 2; i <= 8; i++) all.record(all.default, record(`/${i}`))
  await tick(30)
  t.equal(res.written, '', 'nothing is written while the buffer is full')
  res.full = false
  res.emit('drain')
  await tick(30)
  t.same(events(res.written), [4, '/2', '/3', '/4'], 'the oldest three waited; the four after them were dropped and counted')
})

t.test('under a heavy load a batch writes its newest entries and counts the others', async (t) => {
  const all = sessions()
  const streams = new JournalStreams(all, { flushMs: 5, maxBatch: 2 })
  const res = new FakeResponse()
  streams.open(all.default, res as unknown as ServerResponse)
  for (let i = 1; i <= 5; i++) all.record(all.default, record(`/${i}`))
  await tick(30)
  t.same(events(res.written), [3, '/4', '/5'])
})

t.test('more clients than the bound are refused, and a closed one makes room', async (t) => {
  const all = sessions()
  const streams = new JournalStreams(all, { maxClients: 2 })
  const first = new FakeResponse()
  t.ok(streams.open(all.default, first as unknown as ServerResponse))
  t.ok(streams.open(all.default, new FakeResponse() as unknown as ServerResponse))
  const third = new FakeResponse()
  t.notOk(streams.open(all.default, third as unknown as ServerResponse))
  t.equal(third.written, '', 'nothing is written to a refused client')
  first.end()
  t.ok(streams.open(all.default, third as unknown as ServerResponse))
  streams.closeAll()
  t.equal(streams.size, 0)
})

t.test('with no stream open, journaling calls no watcher', async (t) => {
  const all = sessions()
  const streams = new JournalStreams(all, { flushMs: 5 })
  const res = new FakeResponse()
  streams.open(all.default, res as unknown as ServerResponse)
  res.end()
  all.record(all.default, record('/after'))
  await tick(30)
  t.notMatch(res.written, /after/)
})
