// record walks a run into a fixture the mock serves unchanged; --anonymize scrubs it deterministically; a bad recording writes nothing.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { Test } from 'tap'
import { startMockServer } from '../../src/index.js'
import { verifyContract, describeResult } from '../../src/kit/verify.js'
import { DEMO_RUN, EXTRA_RUN, FIXTURE_RUN, KEY_ARGS, KEYS, FAST, pageDrift, pageText, runCommand, startDriftProxy, startKitMock } from './helper.js'

const FAST_ARGS = ['--max-rps', String(FAST.maxRps)]

/** Runs `record` into a file of a fresh folder and returns the folder, the file and the command's result. */
async function record (t: Test, target: string, runId: string, extra: string[] = []) {
  const dir = t.testdir({})
  const file = join(dir, 'recording.json')
  const run = await runCommand('record', ['--target', target, '--run-test-id', runId, '--out', file, ...KEY_ARGS, ...FAST_ARGS, ...extra])
  return { dir, file, run, text: existsSync(file) ? readFileSync(file, 'utf8') : '' }
}

/** The requests compared between the original server and the mock replaying its recording. */
function queriesFor (text: string): string[] {
  const fixture = JSON.parse(text) as { runTests: Array<{ rows: Array<{ status: string | null; scenario: unknown }> }> }
  const [row] = fixture.runTests[0]?.rows ?? []
  const scenario = typeof row?.scenario === 'string' ? row.scenario : (row?.scenario as { name?: string } | null)?.name ?? 'a'
  return ['', '?limit=7', '?limit=7&page=3', '?page=2', `?status=${row?.status ?? 'completed'}&limit=5`, `?search=${encodeURIComponent(scenario.slice(0, 4).toUpperCase())}`, '?limit=0', '?page=99&foo=bar']
}

for (const contract of ['platform', 'docs'] as const) {
  t.test(`a ${contract} recording, served by the mock, gives the same pages apart from the host, and passes verify`, async (t) => {
    const original = await startKitMock(t, { contract })
    const { dir, run, text } = await record(t, original.url, FIXTURE_RUN)
    t.equal(run.code, 0, run.stderr)
    t.match(run.stdout, new RegExp(`^recorded 8 rows of run test ${FIXTURE_RUN} \\(${contract} contract\\) to .*recording\\.json in 1 request\\n$`))
    t.equal(JSON.parse(text).contract, contract, 'the contract is told from the rows')
    const replay = await startKitMock(t, { contract, fixtures: dir })
    for (const query of queriesFor(text)) {
      t.equal(await pageText(replay.url, FIXTURE_RUN, query), await pageText(original.url, FIXTURE_RUN, query), `same page for "${query}"`)
    }
    const report = await verifyContract({ target: replay.url, runTestId: FIXTURE_RUN, ...KEYS, contract, ...FAST })
    t.ok(report.ok, 'verify passes against the replay', { failures: report.results.filter((r) => r.status === 'fail').map(describeResult) })
  })
}

for (const contract of ['platform', 'docs'] as const) {
  t.test(`a generated ${contract} run of several pages replays page for page`, async (t) => {
    // An in-progress run: its rows' creation times are out of listing order, which the replay must keep.
    const original = await startKitMock(t, { contract, runs: [{ id: EXTRA_RUN, rows: 230, profile: 'in-progress' }] })
    const { run, text } = await record(t, original.url, EXTRA_RUN)
    t.equal(run.code, 0, run.stderr)
    t.equal(run.stderr, '', 'no warning')
    t.match(run.stdout, /in 3 requests\n$/, 'read 100 rows a page')
    const replay = await startMockServer({ contract, ...KEYS, fixtures: [JSON.parse(text)] })
    t.teardown(() => replay.close())
    for (const query of queriesFor(text)) {
      t.equal(await pageText(replay.url, EXTRA_RUN, query), await pageText(original.url, EXTRA_RUN, query), `same page for "${query}"`)
    }
  })
}

t.test('--out makes the folders it names, and a path it cannot write is named, not a temporary file', async (t) => {
  const original = await startKitMock(t, { contract: 'platform' })
  const dir = t.testdir({ 'taken': 'a file where a folder is wanted' })
  const nested = join(dir, 'my-fixtures', 'nightly', 'run.json')
  const made = await runCommand('record', ['--target', original.url, '--run-test-id', FIXTURE_RUN, '--out', nested, ...KEY_ARGS, ...FAST_ARGS])
  t.equal(made.code, 0, made.stderr)
  t.match(made.stdout, /^recorded 8 rows of run test .* to .*run\.json in 1 request\n$/)
  t.equal(JSON.parse(readFileSync(nested, 'utf8')).contract, 'platform')
  const blocked = join(dir, 'taken', 'run.json')
  const refused = await runCommand('record', ['--target', original.url, '--run-test-id', FIXTURE_RUN, '--out', blocked, ...KEY_ARGS, ...FAST_ARGS])
  t.equal(refused.code, 1)
  t.equal(refused.stderr, `futureagi-mock record: could not write ${blocked}: a part of its folder path is a file\n`)
  t.same(readdirSync(dir).sort(), ['my-fixtures', 'taken'], 'no partial file left behind')
})

t.test('without --out the fixture goes to stdout, and nothing else does', async (t) => {
  const original = await startKitMock(t, { contract: 'platform' })
  const { text } = await record(t, original.url, FIXTURE_RUN)
  const run = await runCommand('record', ['--target', original.url, '--run-test-id', FIXTURE_RUN, ...KEY_ARGS, ...FAST_ARGS])
  t.equal(run.code, 0)
  t.equal(run.stdout, text, 'the same bytes as the file')
  t.equal(run.stderr, '')
})

t.test('recording one of the mock\'s own generated runs warns that the file cannot be served beside them', async (t) => {
  const original = await startKitMock(t, { contract: 'platform' })
  const { run } = await record(t, original.url, DEMO_RUN)
  t.equal(run.code, 0)
  t.match(run.stderr, /warning: run test 11111111-1111-4111-8111-111111111111 is one of the mock's generated runs/)
})

/** What must not survive anonymization: read from the plain recording's own fields. */
function originalsOf (text: string): { names: string[]; nameWords: string[]; phones: string[]; urls: string[] } {
  const fixture = JSON.parse(text) as { contract: string; runTests: Array<{ rows: Array<Record<string, unknown>> }> }
  const names = new Set<string>()
  const phones = new Set<string>()
  const urls = new Set<string>()
  for (const row of fixture.runTests.flatMap((run) => run.rows)) {
    if (fixture.contract === 'docs') {
      if (typeof row.customer_name === 'string') names.add(row.customer_name)
      continue
    }
    for (const phone of [row.customer_name, row.phone_number]) if (typeof phone === 'string' && phone !== '') phones.add(phone)
    const persona = (row.scenario_columns as Record<string, { data_type: string; value: { name?: unknown } }>).persona
    if (persona?.data_type === 'persona' && typeof persona.value.name === 'string') names.add(persona.value.name)
    if (typeof row.audio_url === 'string') urls.add(row.audio_url)
    const recordings = row.recordings as Record<string, unknown>
    for (const value of [...Object.values(recordings), ...Object.values((recordings.mono ?? {}) as Record<string, unknown>)]) {
      if (typeof value === 'string') urls.add(value)
    }
  }
  const nameWords = [...new Set([...names].flatMap((name) => name.match(/\p{L}{2,}/gu) ?? []))]
  return { names: [...names], nameWords, phones: [...phones], urls: [...urls] }
}

/** The text fields that speak about the customer: transcripts, summaries and eval reasons. */
function conversationText (text: string): string {
  const fixture = JSON.parse(text) as { runTests: Array<{ rows: Array<Record<string, unknown>> }> }
  return fixture.runTests.flatMap((run) => run.rows).map((row) =>
    JSON.stringify([row.transcript, row.call_summary, row.eval_outputs, row.eval_metrics, row.customer_name])).join('\n')
}

for (const contract of ['platform', 'docs'] as const) {
  t.test(`--anonymize (${contract}) leaves no original name, phone number or URL, same bytes for the same seed, other bytes for another`, async (t) => {
    const original = await startKitMock(t, { contract, runs: [{ id: EXTRA_RUN, rows: 150, profile: 'finished' }] })
    const plain = await record(t, original.url, EXTRA_RUN)
    const first = await record(t, original.url, EXTRA_RUN, ['--anonymize', '--seed', '42'])
    const again = await record(t, original.url, EXTRA_RUN, ['--anonymize', '--seed', '42'])
    const other = await record(t, original.url, EXTRA_RUN, ['--anonymize', '--seed', '43'])
    t.equal(first.run.code, 0, first.run.stderr)
    t.match(first.run.stdout, /anonymized with seed 42/)

    const originals = originalsOf(plain.text)
    t.ok(originals.names.length > 10, `the plain recording has customer names (${originals.names.length})`)
    if (contract === 'platform') {
      t.ok(originals.phones.length > 10 && originals.urls.length > 10, `and phone numbers (${originals.phones.length}) and URLs (${originals.urls.length})`)
    }
    const survivors = [...originals.names, ...originals.phones, ...originals.urls].filter((value) => first.text.includes(value))
    t.same(survivors, [], 'no original name, phone number or URL appears anywhere in the file')
    const spoken = conversationText(first.text)
    const words = originals.nameWords.filter((word) => new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, 'iu').test(spoken))
    t.same(words, [], 'no word of a customer\'s name is left in transcripts, summaries or eval reasons')
    t.ok(originals.nameWords.some((word) => conversationText(plain.text).includes(word)), 'the plain transcripts did name customers')

    t.equal(again.text, first.text, 'the same seed gives the same bytes')
    t.not(other.text, first.text, 'another seed gives other bytes')
    // Blank the values anonymization may change; what is left must be the same bytes.
    const scrubbedFields = /"(customer_name|phone_number|audio_url|content|call_summary|reason|name|combined|stereo|combined_url|stereo_url)": "[^"]*"/g
    t.equal(first.text.replace(scrubbedFields, '"$1": ""'), plain.text.replace(scrubbedFields, '"$1": ""'),
      'everything else (ids, statuses, times, scores, scenarios, the shape) is unchanged')

    const replay = await startKitMock(t, { contract, fixtures: first.dir })
    const report = await verifyContract({ target: replay.url, runTestId: EXTRA_RUN, ...KEYS, contract, ...FAST })
    t.ok(report.ok, 'the anonymized file loads in the mock and verify passes against it',
      { failures: report.results.filter((r) => r.status === 'fail').map(describeResult) })
  })
}

t.test('a recording the mock would not load is not written, and the command says why', async (t) => {
  const original = await startKitMock(t, { contract: 'platform' })
  const target = await startDriftProxy(t, original.url, pageDrift((page) => {
    const [row] = page.results as Array<Record<string, unknown>>
    if (row !== undefined) row.duration = 'twelve'
  }))
  const { run, file } = await record(t, target, FIXTURE_RUN)
  t.equal(run.code, 1)
  t.match(run.stderr, /^futureagi-mock record: the mock would not load the recording: runTests\.0\.rows\.0\.duration: /)
  t.notOk(existsSync(file), 'no file')
})

t.test('a run that changes while it is recorded is refused rather than recorded half old, half new', async (t) => {
  const original = await startKitMock(t, { contract: 'platform', runs: [{ id: EXTRA_RUN, rows: 230, profile: 'in-progress' }] })
  const target = await startDriftProxy(t, original.url, pageDrift((page, url) => {
    if (url.searchParams.get('page') === '2') page.count = 231
  }))
  const { run, file } = await record(t, target, EXTRA_RUN)
  t.equal(run.code, 1)
  t.match(run.stderr, /the run changed while it was being recorded \(count went from 230 to 231\)/)
  t.notOk(existsSync(file))
})

t.test('a run needing more requests than --max-requests is refused after one request', async (t) => {
  const original = await startKitMock(t, { contract: 'platform', runs: [{ id: EXTRA_RUN, rows: 230, profile: 'in-progress' }] })
  const { run, file } = await record(t, original.url, EXTRA_RUN, ['--max-requests', '2'])
  t.equal(run.code, 1)
  t.match(run.stderr, /the run has 230 rows: reading them 100 a page takes 3 requests, more than --max-requests \(2\)/)
  t.notOk(existsSync(file))
})

t.test('an unknown run or refused keys are reported with the server\'s answer, and nothing is written', async (t) => {
  const original = await startKitMock(t, { contract: 'platform' })
  const unknown = await record(t, original.url, EXTRA_RUN)
  t.equal(unknown.run.code, 1)
  t.match(unknown.run.stderr, /answered 404: .*Run test not found/)
  const refused = await runCommand('record', ['--target', original.url, '--run-test-id', FIXTURE_RUN, '--api-key', 'wrong-key-123', '--secret-key', 'wrong-secret-456'])
  t.equal(refused.code, 1)
  t.match(refused.stderr, /answered 401: .*Invalid API key or secret key/)
  t.notMatch(refused.stderr, /wrong-key-123|wrong-secret-456/, 'the keys are not echoed')
})
