// Reports: JUnit XML is well-formed with one testcase per check, JSON parses, TAP counts right, and no key shows anywhere.
import t from 'tap'
import type { Test } from 'tap'
import { renderReport, escapeXml, REPORTERS } from '../../src/kit/reporters.js'
import { CHECK_NAMES, verifyContract, type VerifyReport } from '../../src/kit/verify.js'
import { DEMO_RUN, FAST, KEYS, startDriftProxy, startKitMock } from './helper.js'
import { parseXml } from './xml-check.js'

/** A server that fails some checks, and puts the API key into a body the report quotes. */
async function failingReport (t: Test): Promise<VerifyReport> {
  const mock = await startKitMock(t, { contract: 'platform' })
  const target = await startDriftProxy(t, mock.url, {
    rewrite: (answer) => (answer.status === 401
      ? { ...answer, body: answer.body.replace('Authentication credentials were not provided.', `No <credentials> & "quotes" for ${KEYS.apiKey} / ${KEYS.secretKey}\u0001`) }
      : answer)
  })
  return verifyContract({ target, runTestId: DEMO_RUN, ...KEYS, ...FAST })
}

t.test('every reporter renders a failing run without showing a key, even one the server echoed', async (t) => {
  const report = await failingReport(t)
  t.equal(report.ok, false)
  t.equal(report.results.find((result) => result.name === 'auth.missing-keys')?.status, 'fail')
  for (const reporter of REPORTERS) {
    const text = renderReport(report, reporter)
    for (const secret of [KEYS.apiKey, KEYS.secretKey]) t.notOk(text.includes(secret), `${reporter}: no key`)
    t.match(text, reporter === 'junit' ? /&lt;redacted&gt;/ : /<redacted>/, `${reporter}: the echoed key and the request headers are shown as <redacted>`)
  }
})

t.test('the JUnit report is well-formed XML with one testcase per check and the failures marked', async (t) => {
  const report = await failingReport(t)
  const root = parseXml(renderReport(report, 'junit'))
  t.equal(root.name, 'testsuites')
  const [suite] = root.children
  t.equal(suite?.name, 'testsuite')
  const cases = suite?.children.filter((child) => child.name === 'testcase') ?? []
  t.same(cases.map((testcase) => testcase.attributes.name), CHECK_NAMES, 'one testcase per check, in order')
  const failed = cases.filter((testcase) => testcase.children.some((child) => child.name === 'failure')).map((testcase) => testcase.attributes.name)
  t.same(failed, report.results.filter((result) => result.status === 'fail').map((result) => result.name), 'the failed checks, and only they, carry <failure>')
  t.equal(suite?.attributes.failures, String(report.summary.failed))
  t.equal(suite?.attributes.tests, String(CHECK_NAMES.length))
  const failure = cases.find((testcase) => testcase.attributes.name === 'auth.missing-keys')?.children.find((child) => child.name === 'failure')
  t.match(failure?.text, /No <credentials> & "quotes" for <redacted> \/ <redacted>\uFFFD/, 'markup in a body survives escaping; a control character becomes U+FFFD')
  t.match(failure?.text, /X-Api-Key: <redacted>/, 'the request is shown with its key headers redacted')
})

t.test('the JSON report parses back into the report', async (t) => {
  const report = await failingReport(t)
  const parsed = JSON.parse(renderReport(report, 'json')) as VerifyReport
  t.same(parsed, report)
})

t.test('the TAP report has a plan, one point per check, and not ok for each failure', async (t) => {
  const report = await failingReport(t)
  const text = renderReport(report, 'tap')
  t.match(text, /^TAP version 14\n/)
  t.match(text, new RegExp(`\\n1\\.\\.${CHECK_NAMES.length}\\n`))
  const points = text.split('\n').filter((line) => /^(not )?ok \d+ - /.test(line))
  t.equal(points.length, CHECK_NAMES.length)
  t.equal(points.filter((line) => line.startsWith('not ok')).length, report.summary.failed + report.summary.errors)
})

t.test('the spec report names every check with its verdict and ends with the counts', async (t) => {
  const report = await failingReport(t)
  const text = renderReport(report, 'spec')
  for (const result of report.results) t.match(text, new RegExp(`^${result.status === 'pass' ? 'PASS' : 'FAIL'}\\s+${result.name.replace('.', '\\.')} `, 'm'))
  t.match(text, new RegExp(`\\n${report.summary.passed} passed, ${report.summary.failed} failed, 0 could not run, 0 skipped \\(${report.contract} contract\\); \\d+ requests in [\\d.]+ s: the server departs from the contract\\n$`))
})

t.test('XML escaping keeps markup, quotes and emoji, and replaces what XML cannot hold', async (t) => {
  const cases: Array<[string, string]> = [
    ['<a href="x">&</a>', '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'],
    ["it's", 'it&apos;s'],
    ['line\nbreak\ttab', 'line&#10;break&#9;tab'],
    ['\u0000\u001f', '\uFFFD\uFFFD'],
    ['lone \uD800 surrogate', 'lone \uFFFD surrogate'],
    ['emoji \uD83D\uDE00 stays', 'emoji \uD83D\uDE00 stays']
  ]
  for (const [input, expected] of cases) t.equal(escapeXml(input), expected, JSON.stringify(input))
})
