// The well-known runs keep their promises for every seed, and MOCK_RUNS is parsed strictly.
import t from 'tap'
import { generateRecords } from '../../src/data/generator.js'
import { CALL_STATUSES } from '../../src/data/model.js'
import { planRun } from '../../src/data/run-plan.js'
import { parseRunsSpec, WELL_KNOWN_RUNS } from '../../src/data/runs.js'

const DEMO = '11111111-1111-4111-8111-111111111111'
const NEW_RUN = 'abcdef01-2345-4678-9abc-def012345678'

const sizes = (runs: readonly { id: string; rows: number; profile: string }[]): string[] =>
  runs.map((run) => `${run.id}:${run.rows}:${run.profile}`)

t.test('the well-known runs have the advertised sizes and profiles', async (t) => {
  t.same(sizes(WELL_KNOWN_RUNS), [
    '11111111-1111-4111-8111-111111111111:23:finished',
    '22222222-2222-4222-8222-222222222222:0:finished',
    '33333333-3333-4333-8333-333333333333:10000:finished',
    '55555555-5555-4555-8555-555555555555:1000000:finished',
    '66666666-6666-4666-8666-666666666666:40:live',
    '77777777-7777-4777-8777-777777777777:30:failing'
  ])
  t.ok(WELL_KNOWN_RUNS.every((run) => run.description.length > 0 && !run.description.includes('\n')), 'one line of description each')
})

for (const seed of [0, 1, 2, 3, 42, 1234, 99999, 2 ** 32 - 1]) {
  t.test(`the demo run shows every status, a snapshot and at least four scenarios with seed ${seed}`, async (t) => {
    const demo = WELL_KNOWN_RUNS.find((run) => run.id === DEMO)
    if (demo === undefined) throw new Error('the demo run is missing')
    const records = generateRecords(planRun(seed, demo), 0, demo.rows)
    t.equal(records.length, 23)
    t.same([...new Set(records.map((record) => record.status))].sort(), [...CALL_STATUSES].sort(), 'all seven statuses')
    t.ok(records.some((record) => record.isSnapshot), 'a snapshot row')
    t.ok(new Set(records.map((record) => record.scenario?.name)).size >= 4, 'four scenarios or more')
    t.ok(records.every((record) => record.testExecution.phoneNumber !== null), 'voice calls, so phone search works')
  })
}

t.test('an empty MOCK_RUNS leaves the well-known runs as they are', async (t) => {
  t.same(sizes(parseRunsSpec('')), sizes(WELL_KNOWN_RUNS))
  t.same(sizes(parseRunsSpec('   ')), sizes(WELL_KNOWN_RUNS))
})

t.test('MOCK_RUNS adds runs, with the finished profile unless one is given', async (t) => {
  const runs = parseRunsSpec(` ${NEW_RUN}:120 , 00000000-0000-4000-8000-000000000000:0:failing `)
  t.same(sizes(runs.slice(WELL_KNOWN_RUNS.length)), [`${NEW_RUN}:120:finished`, '00000000-0000-4000-8000-000000000000:0:failing'])
})

t.test('MOCK_RUNS resizes a well-known run and keeps what makes it special', async (t) => {
  const runs = parseRunsSpec(`${DEMO}:500,66666666-6666-4666-8666-666666666666:10:failing`)
  t.match(runs.find((run) => run.id === DEMO), { rows: 500, profile: 'finished', callType: 'voice', showcase: true })
  t.match(runs.find((run) => run.id.startsWith('6666')), { rows: 10, profile: 'failing' })
  t.equal(runs.length, WELL_KNOWN_RUNS.length, 'no run is added')
  t.equal(WELL_KNOWN_RUNS.find((run) => run.id === DEMO)?.rows, 23, 'the well-known list itself is unchanged')
})

t.test('MOCK_RUNS accepts the largest size', async (t) => {
  t.equal(parseRunsSpec(`${NEW_RUN}:10000000`).at(-1)?.rows, 10_000_000)
})

const errors: Array<{ text: string; message: string }> = [
  { text: 'abc', message: 'MOCK_RUNS: entry "abc": expected <uuid>:<rows>[:<profile>]' },
  { text: `${NEW_RUN}:5:finished:x`, message: `MOCK_RUNS: entry "${NEW_RUN}:5:finished:x": expected <uuid>:<rows>[:<profile>]` },
  { text: `${NEW_RUN}:5,`, message: 'MOCK_RUNS: entry "": expected <uuid>:<rows>[:<profile>]' },
  { text: `${NEW_RUN.toUpperCase()}:5`, message: `MOCK_RUNS: entry "${NEW_RUN.toUpperCase()}:5": run id must be a lowercase hyphenated UUID` },
  { text: `${NEW_RUN.replaceAll('-', '')}:5`, message: `MOCK_RUNS: entry "${NEW_RUN.replaceAll('-', '')}:5": run id must be a lowercase hyphenated UUID` },
  { text: `${NEW_RUN}:`, message: `MOCK_RUNS: entry "${NEW_RUN}:": rows must be a whole number` },
  { text: `${NEW_RUN}:-1`, message: `MOCK_RUNS: entry "${NEW_RUN}:-1": rows must be a whole number` },
  { text: `${NEW_RUN}:1.5`, message: `MOCK_RUNS: entry "${NEW_RUN}:1.5": rows must be a whole number` },
  { text: `${NEW_RUN}:1e3`, message: `MOCK_RUNS: entry "${NEW_RUN}:1e3": rows must be a whole number` },
  { text: `${NEW_RUN}:10000001`, message: `MOCK_RUNS: entry "${NEW_RUN}:10000001": rows must be at most 10000000` },
  {
    text: `${NEW_RUN}:5:Finished`,
    message: `MOCK_RUNS: entry "${NEW_RUN}:5:Finished": unknown profile "Finished" (expected one of finished, in-progress, failing, live)`
  },
  { text: `${NEW_RUN}:5,${NEW_RUN}:6`, message: `MOCK_RUNS: entry "${NEW_RUN}:6": run id appears more than once` }
]

for (const { text, message } of errors) {
  t.test(`MOCK_RUNS "${text}" is refused: ${message.split(': ').at(-1)}`, async (t) => {
    t.throws(() => parseRunsSpec(text), { message })
  })
}

t.test('a live run holds at most 10,000 rows, whether its profile is given or kept', async (t) => {
  t.throws(() => parseRunsSpec(`${NEW_RUN}:10001:live`), { message: `MOCK_RUNS: entry "${NEW_RUN}:10001:live": a live run holds at most 10000 rows` })
  t.throws(() => parseRunsSpec('66666666-6666-4666-8666-666666666666:20000'), { message: /a live run holds at most 10000 rows/ })
  t.same(sizes(parseRunsSpec(`${NEW_RUN}:10000:live`)).at(-1), `${NEW_RUN}:10000:live`)
})
