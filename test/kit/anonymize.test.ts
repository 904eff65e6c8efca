// Anonymization replaces each personal value by one stand-in everywhere, keeps everything else, and depends only on the file and the seed.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { anonymizeFixture, personalValuesOf } from '../../src/kit/anonymize.js'
import type { FixtureFile } from '../../src/schemas/fixture.js'

type Row = Record<string, unknown>

const EDGE_CASES = JSON.parse(readFileSync(new URL('../../fixtures/edge-cases.json', import.meta.url), 'utf8')) as FixtureFile

/** The first edge-case row, with personal data planted in every place a recording may carry it. */
function plantedFixture (): FixtureFile {
  const fixture = structuredClone(EDGE_CASES)
  const rows = fixture.runTests[0]?.rows as Row[]
  const row = rows[0] as Row
  const persona = (row.scenario_columns as Record<string, { value: Row }>).persona as { value: Row }
  persona.value = { name: 'Dana Ortiz', age: 41, email: 'dana.ortiz@example.com' }
  row.transcript = (row.transcript as Row[]).map((item, index) => ({
    ...item,
    content: index === 0
      ? 'Hi, this is DANA ortiz, call me on (415) 555-0199 or +1 415 555 0123, or write to Dana.Ortiz@Mail.example.com.'
      : 'Thanks, Dana. See https://portal.example.com/u/dana-ortiz?id=7 for the refund.'
  }))
  row.call_summary = 'Dana Ortiz asked for a refund.'
  row.customer_name = '+14155550123'
  return fixture
}

t.test('names, phone numbers, e-mail addresses and URLs are replaced wherever they appear', async (t) => {
  const fixture = plantedFixture()
  const text = JSON.stringify(anonymizeFixture(fixture, 7))
  for (const original of ['Dana', 'Ortiz', 'DANA', 'ortiz', '555-0199', '415 555 0123', '+14155550123', '+14155550199', 'dana.ortiz@example.com', 'Mail.example.com', 'portal.example.com', 'recordings.example.com/4f1c']) {
    t.notOk(text.includes(original), `${original} is gone`)
  }
  t.ok(personalValuesOf(fixture).names.includes('Dana Ortiz'), 'the persona name is among the names found')
})

t.test('each original has one stand-in, used everywhere, in the original\'s case and format', async (t) => {
  const row = (anonymizeFixture(plantedFixture(), 7).runTests[0]?.rows as Row[])[0] as Row
  const name = ((row.scenario_columns as Record<string, { value: Row }>).persona?.value.name as string)
  const [first = '', last = ''] = name.split(' ')
  t.match(name, /^[A-Z][a-z]+ [A-Z][a-z]+$/)
  const [opening, closing] = (row.transcript as Array<{ content: string }>).map((item) => item.content)
  t.match(opening, new RegExp(`^Hi, this is ${first.toUpperCase()} ${last.toLowerCase()}, call me on \\(4\\d\\d\\) \\d{3}-\\d{4} or \\+1 \\d{3} \\d{3} \\d{4}, or write to person-[0-9a-f]{10}@example\\.invalid\\.$`))
  t.match(closing, new RegExp(`^Thanks, ${first}\\. See https://recordings\\.example\\.invalid/[0-9a-f]{24} for the refund\\.$`))
  t.equal(row.call_summary, `${name} asked for a refund.`)
  t.match(row.customer_name, /^\+1\d{10}$/)
  const phoneInText = /or \+1 (\d{3}) (\d{3}) (\d{4})/.exec(opening ?? '')?.slice(1).join('')
  t.equal(`+1${phoneInText ?? ''}`, row.customer_name, 'the same number written two ways maps digit for digit to the same stand-in')
  t.match(row.audio_url, /^https:\/\/recordings\.example\.invalid\/[0-9a-f]{24}\.wav$/, 'a URL keeps its file extension')
  t.equal((row.recordings as Row).combined, row.audio_url, 'the same URL gets the same stand-in')
})

t.test('ids, statuses, times, scores, scenarios and eval names are kept', async (t) => {
  const before = (EDGE_CASES.runTests[0]?.rows as Row[])
  const after = (anonymizeFixture(EDGE_CASES, 7).runTests[0]?.rows as Row[])
  const kept = ['id', 'status', 'timestamp', 'start_time', 'duration', 'overall_score', 'scenario', 'scenario_id', 'talk_ratio', 'agent_talk_percentage', 'is_snapshot', 'original_call_execution_id']
  before.forEach((row, index) => {
    for (const key of kept) t.same(after[index]?.[key], row[key], `row ${index}: ${key}`)
    t.same(Object.keys(after[index] ?? {}), Object.keys(row), `row ${index}: same keys in the same order`)
  })
})

t.test('the same file and seed give the same bytes; another seed other stand-ins', async (t) => {
  const one = JSON.stringify(anonymizeFixture(plantedFixture(), 7))
  t.equal(JSON.stringify(anonymizeFixture(plantedFixture(), 7)), one)
  t.not(JSON.stringify(anonymizeFixture(plantedFixture(), 8)), one)
})

t.test('a docs fixture: the customer name and its words in transcripts are replaced alike', async (t) => {
  const docs: FixtureFile = {
    contract: 'docs',
    runTests: [{
      id: '12121212-1212-4212-8212-121212121212',
      rows: [{
        id: '34343434-3434-4434-8434-343434343434', session_id: null, status: 'completed', duration: 12.5,
        start_time: '2026-04-04T12:00:00Z', transcript: [{ role: 'user', content: 'I am Ann Lee, my number is +44 20 7946 0958.' }],
        scenario: null, overall_score: 80, eval_outputs: {}, eval_metrics: {}, customer_name: 'Ann Lee', call_summary: 'Ann called.',
        ended_reason: 'completed', avg_agent_latency: null, scenario_id: null, is_snapshot: false, rerun_type: null, created_at: '2026-04-04T11:59:00Z'
      }]
    }]
  }
  const [row] = anonymizeFixture(docs, 1).runTests[0]?.rows as Row[]
  const name = row?.customer_name as string
  t.not(name, 'Ann Lee')
  t.match((row?.transcript as Array<{ content: string }>)[0]?.content, new RegExp(`^I am ${name}, my number is \\+4\\d \\d\\d \\d{4} \\d{4}\\.$`))
  t.equal(row?.call_summary, `${name.split(' ')[0] ?? ''} called.`)
})
