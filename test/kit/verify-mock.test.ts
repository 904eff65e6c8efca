// verify against the mock itself: every check passes in both contracts, within the politeness limits, and says what it walked.
import t from 'tap'
import { CHECK_NAMES, contractChecks, describeResult, verifyContract, type CheckResult } from '../../src/kit/verify.js'
import { DEMO_RUN, EMPTY_RUN, EXTRA_RUN, FAST, FIXTURE_RUN, KEYS, startKitMock } from './helper.js'

const BIG_RUN = 'cdcdcdcd-cdcd-4dcd-8dcd-cdcdcdcdcdcd'

function notPassed (results: readonly CheckResult[]): string[] {
  return results.filter((result) => result.status !== 'pass').map((result) => `${result.name}: ${result.status}`)
}

function failuresOf (results: readonly CheckResult[]): string {
  return results.filter((result) => result.status === 'fail' || result.status === 'error').map(describeResult).join('\n\n')
}

t.test('every check passes against the mock in the platform contract', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform', runs: [{ id: EXTRA_RUN, rows: 57, profile: 'in-progress' }] })
  for (const runTestId of [DEMO_RUN, FIXTURE_RUN, EXTRA_RUN]) {
    const report = await verifyContract({ target: mock.url, runTestId, ...KEYS, contract: 'platform', ...FAST })
    t.ok(report.ok, `run ${runTestId} passes`, { failures: failuresOf(report.results) })
    t.same(report.results.map((result) => result.name), CHECK_NAMES, 'every check ran, in order')
    t.same(notPassed(report.results), [], `run ${runTestId}: nothing skipped, phone search included`)
  }
})

t.test('every check passes against the mock in the docs contract; only the phone search is skipped, and why', async (t) => {
  const mock = await startKitMock(t, { contract: 'docs', runs: [{ id: EXTRA_RUN, rows: 57, profile: 'in-progress' }] })
  for (const runTestId of [DEMO_RUN, FIXTURE_RUN, EXTRA_RUN]) {
    const report = await verifyContract({ target: mock.url, runTestId, ...KEYS, contract: 'docs', ...FAST })
    t.ok(report.ok, `run ${runTestId} passes`, { failures: failuresOf(report.results) })
    t.same(notPassed(report.results), ['filters.search-phone: skip'])
    const order = report.results.find((result) => result.name === 'pagination.order')
    t.match(order?.notes.join(' '), /exposes no sort key/, 'says that the order\'s direction was not checked')
  }
})

t.test('an empty run passes, and the filter checks that need rows say they had none', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  const report = await verifyContract({ target: mock.url, runTestId: EMPTY_RUN, ...KEYS, ...FAST })
  t.ok(report.ok, 'passes', { failures: failuresOf(report.results) })
  t.same(notPassed(report.results), [
    'readside.test-execution: skip',
    'readside.call: skip',
    'filters.search-case-insensitive: skip',
    'filters.search-phone: skip',
    'filters.combined: skip'
  ])
})

t.test('a run too large for the budget is walked in part, and the walk says which part', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform', runs: [{ id: BIG_RUN, rows: 3000, profile: 'finished' }] })
  const report = await verifyContract({ target: mock.url, runTestId: BIG_RUN, ...KEYS, ...FAST, maxRequests: 80 })
  t.ok(report.ok, 'passes', { failures: failuresOf(report.results) })
  const walk = report.results.find((result) => result.name === 'pagination.walk')
  t.match(walk?.notes[0], /^walked the first \d+ of 3000 rows at limits 100, 250, 500 \(\d+ requests\): the rest of the run was not walked within the request budget$/)
  t.ok(report.summary.requests <= 80, `stays within --max-requests (${report.summary.requests} sent)`)
})

t.test('a spent budget stops the checks that need more requests, which then count as not run, never as passed', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  const report = await verifyContract({ target: mock.url, runTestId: DEMO_RUN, ...KEYS, ...FAST, maxRequests: 12 })
  t.equal(report.ok, false)
  t.equal(report.summary.requests, 12, 'exactly the budget is used')
  const stopped = report.results.filter((result) => result.status === 'error')
  t.ok(stopped.length > 0, 'some checks could not run')
  t.match(stopped[0]?.failures[0]?.message, /^could not run: .*(budget of 12 requests is spent|too few)/)
})

t.test('a test suite can loop over contractChecks, one subtest per check, sharing one budget', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  const checks = contractChecks({ target: mock.url, runTestId: DEMO_RUN, ...KEYS, ...FAST, maxRequests: 200 })
  t.same(checks.map((check) => check.name), CHECK_NAMES)
  let requests = 0
  for (const check of checks) {
    await t.test(check.name, async (t) => {
      const result = await check.run()
      requests += result.requests
      t.equal(result.status, 'pass', describeResult(result))
    })
  }
  t.ok(requests > 0 && requests <= 200, `${requests} requests in all`)
})

t.test('a bad option is refused with its name before any request', async (t) => {
  t.throws(() => contractChecks({ target: 'ftp://127.0.0.1', runTestId: DEMO_RUN, ...KEYS }), { message: /^target: must be an http/ })
  t.throws(() => contractChecks({ target: 'http://127.0.0.1:1', runTestId: EXTRA_RUN.toUpperCase(), ...KEYS }), { message: /^runTestId: must be a lowercase/ })
  t.throws(() => contractChecks({ target: 'http://127.0.0.1:1', runTestId: DEMO_RUN, ...KEYS, maxRps: 0 }), { message: /^maxRps: / })
})

t.test('requests are paced at --max-rps across the checks of one list', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  const [missingKeys, wrongKeys] = contractChecks({ target: mock.url, runTestId: DEMO_RUN, ...KEYS, maxRps: 20 })
  const started = performance.now()
  const results = [await missingKeys?.run(), await wrongKeys?.run()]
  const elapsed = performance.now() - started
  t.same(results.map((result) => result?.requests), [3, 1])
  // Four requests at 20 a second: the last starts at least 150 ms after the first.
  t.ok(elapsed >= 145, `four requests took ${Math.round(elapsed)} ms`)
})
