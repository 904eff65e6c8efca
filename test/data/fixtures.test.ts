// Fixture loading: the committed file, rows of both contracts, and a message naming file, path and reason for each bad case.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { FixtureError, firstInvalidUtf8, loadFixtures } from '../../src/data/fixtures.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import { presentDocsRow, presentPlatformRow } from '../../src/data/present.js'
import { compileLikeSearch } from '../../src/domain/like-pattern.js'
import { PlatformCallExecutionSchema } from '../../src/schemas/platform-row.js'

const FIXTURES_DIR = new URL('../../fixtures/', import.meta.url).pathname
const EDGE_RUN = '44444444-4444-4444-8444-444444444444'
const RUN = '0f0e0d0c-0b0a-4908-8706-050403020100'
const DEMO_RUN = '11111111-1111-4111-8111-111111111111'

const edgeFile = JSON.parse(readFileSync(join(FIXTURES_DIR, 'edge-cases.json'), 'utf8')) as {
  runTests: Array<{ rows: Array<Record<string, unknown>> }>
}
const edgeRows = (): Array<Record<string, unknown>> => structuredClone(edgeFile.runTests[0]?.rows ?? [])
const liveRow = (): Record<string, unknown> => edgeRows()[0] as Record<string, unknown>

/** The reference page's example row, with the status spelled as the platform writes it. */
const docsRow = (): Record<string, unknown> => ({
  id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
  session_id: 'sess_abc123',
  status: 'completed',
  duration: 45.2,
  start_time: '2026-04-04T12:00:00Z',
  transcript: [],
  scenario: { id: 'b2c3d4e5-f6a7-8901-bcde-f12345678901', name: 'Happy Path' },
  overall_score: 92.5,
  eval_outputs: {},
  eval_metrics: {},
  customer_name: 'John Doe',
  call_summary: 'Customer successfully completed checkout',
  ended_reason: 'completed',
  avg_agent_latency: 1.2,
  scenario_id: 'b2c3d4e5-f6a7-8901-bcde-f12345678901',
  is_snapshot: false,
  rerun_type: null,
  created_at: '2026-04-04T12:00:00Z'
})

const file = (contract: string, rows: unknown[], id = RUN): string =>
  JSON.stringify({ contract, runTests: [{ id, rows }] }, null, 2)

/** Loads a folder holding `files` and returns the FixtureError message. */
function failure (t: Test, files: Record<string, string | Record<string, never>>): string {
  const dir = t.testdir(files)
  try {
    loadFixtures(dir)
  } catch (error) {
    t.type(error, FixtureError)
    return (error as Error).message.replaceAll(dir, '<dir>')
  }
  t.fail('the folder loaded')
  return ''
}

t.test('the committed fixture folder loads the edge-case run', async (t) => {
  const runs = loadFixtures(FIXTURES_DIR)
  const rows = runs.get(EDGE_RUN) ?? []
  t.equal(rows.length, edgeFile.runTests[0]?.rows.length)
  t.ok(rows.every((row, i) => i === 0 || (rows[i - 1] as typeof row).timestamp >= row.timestamp), 'newest first')
})

t.test('the edge-case run covers the cases it promises', async (t) => {
  const rows = loadFixtures(FIXTURES_DIR).get(EDGE_RUN) ?? []
  t.ok(rows.some((row) => row.scenario === null), 'a deleted scenario')
  t.ok(rows.some((row) => row.transcript.length === 0 && row.startTime !== null), 'an empty transcript')
  t.ok(rows.some((row) => row.status === 'pending' && row.startTime === null && row.duration === null), 'a call not started')
  t.ok(rows.some((row) => row.status === 'failed' && !row.isSnapshot), 'a failed call')
  t.ok(rows.some((row) => row.status === 'analyzing' && row.evals.length > 0 && row.evals.every((e) => e.status === 'pending')), 'evals running')
  t.ok(rows.some((row) => row.evals.some((e) => e.status === 'Failed')), 'an eval error')
  t.ok(rows.some((row) => row.testExecution.simulationCallType === 'text'), 'a chat call')
  const snapshot = rows.find((row) => row.isSnapshot)
  t.ok(snapshot !== undefined && rows.some((row) => row.id === snapshot.originalCallId), 'a snapshot of a listed call')
})

t.test('searching +1415 (sent as %2B1415) finds edge-case rows, the snapshot through its original call', async (t) => {
  const matches = compileLikeSearch('+1415')
  const found = (loadFixtures(FIXTURES_DIR).get(EDGE_RUN) ?? [])
    .filter((row) => row.testExecution.phoneNumber !== null && matches(row.testExecution.phoneNumber))
  t.ok(found.length >= 3)
  t.ok(found.some((row) => row.isSnapshot))
})

t.test('the committed rows come back byte for byte from the platform presenter', async (t) => {
  const byId = new Map((loadFixtures(FIXTURES_DIR).get(EDGE_RUN) ?? []).map((row) => [row.id, row]))
  for (const row of edgeRows()) {
    const record = byId.get(row.id as string)
    t.ok(record)
    if (record !== undefined) t.equal(JSON.stringify(presentPlatformRow(record)), JSON.stringify(row))
  }
})

t.test("the reference page's example row loads as a docs fixture and is served as a chat call", async (t) => {
  const dir = t.testdir({ 'docs.json': file('docs', [docsRow()]) })
  const [record] = loadFixtures(dir).get(RUN) ?? []
  t.ok(record)
  if (record === undefined) return
  t.same(presentDocsRow(record), docsRow())
  const platform = PlatformCallExecutionSchema.parse(presentPlatformRow(record))
  t.match(platform, {
    session_id: null,
    timestamp: '2026-04-04T12:00:00Z',
    duration: 45.2,
    duration_seconds: null,
    scenario: 'Happy Path',
    overall_score: 9.25,
    avg_agent_latency: 1200,
    customer_name: null,
    agent_definition_used_name: 'Agent under test',
    simulation_call_type: 'text',
    phone_number: null
  })
})

t.test('docs transcript messages are spread over the call and share the session id', async (t) => {
  const row = {
    ...docsRow(),
    transcript: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' }
    ]
  }
  const [record] = loadFixtures(t.testdir({ 'docs.json': file('docs', [row]) })).get(RUN) ?? []
  if (record === undefined) return t.fail('no row')
  const transcript = PlatformCallExecutionSchema.parse(presentPlatformRow(record)).transcript
  t.match(transcript, [
    { role: 'user', messages: ['Hi'], session_id: 'sess_abc123', created_at: '2026-04-04T12:00:00Z' },
    { role: 'assistant', messages: ['Hello'], session_id: 'sess_abc123', created_at: '2026-04-04T12:00:22.600000Z' },
    { role: 'user', messages: ['Bye'], session_id: 'sess_abc123', created_at: '2026-04-04T12:00:45.200000Z' }
  ])
})

t.test('docs rows are listed in the order the file gives them, with last updates that keep that order', async (t) => {
  const older = { ...docsRow(), id: '00000000-0000-4000-8000-000000000001', created_at: '2026-04-01T00:00:00Z' }
  const newer = { ...docsRow(), id: '00000000-0000-4000-8000-000000000002', created_at: '2026-04-02T00:00:00Z' }
  const rows = loadFixtures(t.testdir({ 'docs.json': file('docs', [older, newer]) })).get(RUN) ?? []
  t.same(rows.map((row) => row.id), [older.id, newer.id], 'as written, though created earlier')
  const [first, second] = rows
  if (first === undefined || second === undefined) return t.fail('two rows')
  t.ok(first.timestamp > second.timestamp, 'newest first by last update')
  t.ok(first.timestamp >= first.createdAt && second.timestamp >= second.createdAt, 'updated no earlier than created')
  const inOrder = loadFixtures(t.testdir({ 'docs.json': file('docs', [newer, older]) })).get(RUN) ?? []
  t.same(inOrder.map((row) => row.timestamp), [Date.parse(newer.created_at) * 1000, Date.parse(older.created_at) * 1000], 'rows already newest first keep their creation times')
})

t.test('a missing folder is reported', async (t) => {
  t.throws(() => loadFixtures('/nonexistent/fixtures'), new FixtureError('/nonexistent/fixtures', '', 'fixture folder not found'))
  t.throws(() => loadFixtures('/nonexistent/fixtures'), { message: '/nonexistent/fixtures: fixture folder not found' })
})

t.test('a folder without fixture files gives no runs and a warning naming the folder', async (t) => {
  const warnings: string[] = []
  const dir = t.testdir({ 'README.md': '# notes' })
  t.same(loadFixtures(dir, { warn: (message) => warnings.push(message) }), new Map())
  t.same(warnings, [`${dir}: no *.json fixture files in this folder, so no fixture run is served`])
  const loaded: string[] = []
  loadFixtures(FIXTURES_DIR, { warn: (message) => loaded.push(message) })
  t.same(loaded, [], 'a folder with fixtures loads without a warning')
})

t.test('a folder named like a fixture file is reported by name, not as EISDIR', async (t) => {
  t.equal(failure(t, { 'x.json': {} }), '<dir>/x.json: is a directory, not a fixture file')
})

t.test('a byte that is not UTF-8 is refused with its offset, rather than served as U+FFFD', async (t) => {
  const dir = t.testdir({})
  const row = JSON.stringify({ ...docsRow(), customer_name: 'Jos\u00e9' })
  writeFileSync(join(dir, 'latin1.json'), Buffer.from(file('docs', [JSON.parse(row)]), 'latin1'))
  const offset = readFileSync(join(dir, 'latin1.json')).indexOf(0xe9)
  t.throws(() => loadFixtures(dir), {
    message: new RegExp(`^${dir}/latin1\\.json: not UTF-8: byte 0xe9 at offset ${offset} \\(line \\d+, column \\d+\\)$`)
  })
})

t.test('firstInvalidUtf8 finds truncated, overlong, surrogate and out-of-range sequences', async (t) => {
  const cases: Array<[number[], number]> = [
    [[0x61, 0xc3, 0xa9, 0x62], -1],
    [[0xf0, 0x9f, 0x98, 0x80], -1],
    [[0x61, 0xc3], 1],
    [[0xc0, 0x80], 0],
    [[0xe0, 0x80, 0x80], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x61, 0x80], 1],
    [[0xff], 0]
  ]
  for (const [bytes, expected] of cases) t.equal(firstInvalidUtf8(Uint8Array.from(bytes)), expected, bytes.map((b) => b.toString(16)).join(' '))
})

t.test('a fixture run that takes a generated run\'s id names the file and the run', async (t) => {
  const dir = t.testdir({ 'mine.json': file('docs', [docsRow()], DEMO_RUN) })
  t.throws(() => createStoreFromConfig({ seed: 1, runs: '', fixturesDir: dir }), {
    message: `${dir}/mine.json: runTests[0].id: run test ${DEMO_RUN} is also a generated run (a well-known run, or one added with ` +
      '--runs / MOCK_RUNS); a run is either generated or loaded from a fixture, and fixture runs cannot be resized'
  })
  t.throws(() => createStoreFromConfig({ seed: 1, runs: `${EDGE_RUN}:100`, fixturesDir: FIXTURES_DIR }), {
    message: new RegExp(`edge-cases\\.json: runTests\\[0\\]\\.id: run test ${EDGE_RUN} is also a generated run`)
  }, '--runs cannot resize the fixture-backed run')
})

t.test('a datetime may be written with or without zero microseconds, and is served as the platform writes it', async (t) => {
  const row = { ...docsRow(), start_time: '2026-04-04T10:00:00.000000Z', created_at: '2026-04-04T10:00:00.5Z' }
  const [record] = loadFixtures(t.testdir({ 'docs.json': file('docs', [row]) })).get(RUN) ?? []
  if (record === undefined) return t.fail('no row')
  t.match(presentDocsRow(record), { start_time: '2026-04-04T10:00:00Z', created_at: '2026-04-04T10:00:00.500000Z' })
  const finer = { ...docsRow(), created_at: '2026-04-04T10:00:00.1234567Z' }
  t.equal(
    failure(t, { 'a.json': file('docs', [finer]) }),
    '<dir>/a.json: runTests[0].rows[0].created_at: does not round-trip: the mock serves "2026-04-04T10:00:00.123456Z" here, the file has "2026-04-04T10:00:00.1234567Z"'
  )
})

t.test('invalid JSON is reported with its line and column', async (t) => {
  const message = failure(t, { 'bad.json': '{\n  "contract": "docs",\n  "runTests": [}\n' })
  t.match(message, /^<dir>\/bad\.json: invalid JSON at line 3, column 16: /)
})

t.test('invalid JSON positions: unexpected end, bad literal, trailing comma', async (t) => {
  t.match(failure(t, { 'a.json': '{"contract": "docs"' }), /line 1, column 20/)
  t.match(failure(t, { 'a.json': '{"contract": tru}' }), /line 1, column 17/)
  t.match(failure(t, { 'a.json': '[1,\n 2,\n]' }), /line 3, column 1/)
})

t.test('a wrong contract name is reported at contract', async (t) => {
  t.match(failure(t, { 'a.json': file('openapi', []) }), /^<dir>\/a\.json: contract: /)
})

t.test('a run id the platform URL cannot match (uppercase) is reported', async (t) => {
  t.equal(failure(t, { 'a.json': file('docs', [], RUN.toUpperCase()) }), '<dir>/a.json: runTests[0].id: expected a lowercase hyphenated UUID')
})

t.test('a bad field names its row and key', async (t) => {
  const rows = edgeRows()
  ;(rows[3] as Record<string, unknown>).status = 'COMPLETED'
  t.match(failure(t, { 'a.json': file('platform', rows) }), /^<dir>\/a\.json: runTests\[0\]\.rows\[3\]\.status: Invalid option/)
})

t.test('an unknown key is refused', async (t) => {
  const message = failure(t, { 'a.json': file('docs', [{ ...docsRow(), timestamp: '2026-04-04T12:00:00Z' }]) })
  t.equal(message, '<dir>/a.json: runTests[0].rows[0].timestamp: unknown key')
})

t.test('a missing key is refused', async (t) => {
  const row = docsRow()
  delete row.created_at
  t.equal(failure(t, { 'a.json': file('docs', [row]) }), '<dir>/a.json: runTests[0].rows[0].created_at: missing key (expected string)')
})

t.test('a bad transcript item is reported inside the transcript', async (t) => {
  const row = liveRow()
  ;(row.transcript as Array<Record<string, unknown>>)[1] = { ...(row.transcript as object[])[1], confidence_score: 'high' }
  t.match(failure(t, { 'a.json': file('platform', [row]) }), /runTests\[0\]\.rows\[0\]\.transcript\[1\]\.confidence_score: /)
})

t.test('a key holding a space is quoted in the path', async (t) => {
  const row = liveRow()
  ;(row.scenario_columns as Record<string, Record<string, unknown>>)['Ideal Outcome'] = { visible: true }
  t.match(failure(t, { 'a.json': file('platform', [row]) }), /runTests\[0\]\.rows\[0\]\.scenario_columns\["Ideal Outcome"\]\.value: /)
})

t.test('a field that contradicts the fields it is derived from is refused', async (t) => {
  const row = { ...liveRow(), agent_talk_percentage: 50 }
  t.equal(
    failure(t, { 'a.json': file('platform', [row]) }),
    '<dir>/a.json: runTests[0].rows[0].agent_talk_percentage: does not round-trip: the mock serves 57.4 here, the file has 50'
  )
})

t.test('a value the mock cannot carry is refused rather than dropped', async (t) => {
  const row = { ...liveRow(), tool_outputs: { lookup: 'ok' } }
  t.equal(
    failure(t, { 'a.json': file('platform', [row]) }),
    '<dir>/a.json: runTests[0].rows[0].tool_outputs: does not round-trip: the mock serves null here, the file has {"lookup":"ok"}'
  )
  const halfAgent = liveRow()
  delete halfAgent.simulator_agent_id
  t.match(failure(t, { 'a.json': file('platform', [halfAgent]) }), /rows\[0\]\.simulator_agent_name: does not round-trip: the mock serves no such key here/)
})

t.test('a row that the other contract cannot serve is refused', async (t) => {
  const statusless = { ...docsRow(), status: null, eval_outputs: null, eval_metrics: null }
  t.equal(
    failure(t, { 'a.json': file('docs', [statusless]) }),
    '<dir>/a.json: runTests[0].rows[0]: cannot be served in the platform contract: live call a1b2c3d4-e5f6-7890-abcd-ef1234567890 has no status'
  )
  const snapshot = { ...docsRow(), is_snapshot: true, rerun_type: 'call_and_eval', scenario: null, scenario_id: null }
  t.match(failure(t, { 'a.json': file('docs', [snapshot]) }), /rows\[0\]: cannot be served in the platform contract: snapshot .* needs a scenario/)
})

t.test('a platform score above 10 is refused, since the docs contract writes it times ten', async (t) => {
  const row = { ...liveRow(), overall_score: 50 }
  t.match(failure(t, { 'a.json': file('platform', [row]) }), /^<dir>\/a\.json: runTests\[0\]\.rows\[0\]\.overall_score: Too big/)
})

t.test('a run id defined twice is reported with both places', async (t) => {
  const message = failure(t, { 'a.json': file('docs', [docsRow()]), 'b.json': file('docs', []) })
  t.equal(message, `<dir>/b.json: runTests[0].id: run test ${RUN} is already defined at <dir>/a.json runTests[0]`)
})

t.test('a row id used twice in a run is reported', async (t) => {
  const message = failure(t, { 'a.json': file('docs', [docsRow(), { ...docsRow(), status: 'failed' }]) })
  t.equal(message, '<dir>/a.json: runTests[0].rows[1].id: duplicate row id a1b2c3d4-e5f6-7890-abcd-ef1234567890, first used by rows[0]')
})

t.test('the docs-contract row example of docs/fixtures.md loads as a fixture and is served unchanged', async (t) => {
  const page = readFileSync(new URL('../../docs/fixtures.md', import.meta.url), 'utf8')
  const block = /\*\*Writing a docs-contract row\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(page)?.[1]
  if (block === undefined) return t.fail('docs/fixtures.md has no docs-contract row example')
  const row = JSON.parse(block) as Record<string, unknown>
  const [record] = loadFixtures(t.testdir({ 'docs.json': file('docs', [row]) })).get(RUN) ?? []
  if (record === undefined) return t.fail('no row')
  t.same(presentDocsRow(record), row)
})
