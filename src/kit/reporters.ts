// Renders a verify report as text: spec (for people), TAP, JUnit XML (for CI) or JSON.
import type { CheckFailure, CheckResult, VerifyReport } from './verify.js'
import type { ShownRequest } from './http-client.js'

export const REPORTERS = ['spec', 'tap', 'junit', 'json'] as const
export type ReporterName = (typeof REPORTERS)[number]

const MARKS: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skip: 'SKIP' }

function requestLines (request: ShownRequest): string[] {
  return [`${request.method} ${request.url}`, ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`)]
}

function failureLines (failure: CheckFailure): string[] {
  const lines = [failure.message]
  if (failure.request !== undefined) lines.push(...requestLines(failure.request).map((line) => `  ${line}`))
  if (failure.expected !== undefined) lines.push(`  expected: ${failure.expected}`)
  if (failure.seen !== undefined) lines.push(`  seen:     ${failure.seen}`)
  return lines
}

export function specHeader (report: Pick<VerifyReport, 'target' | 'runTestId'> & { contract: VerifyReport['contract'] | undefined }): string {
  const contract = report.contract === undefined ? 'contract read off the first rows' : `${report.contract} contract`
  return `futureagi-mock verify: ${report.target}, run test ${report.runTestId}, ${contract}\n\n`
}

/** One check's lines in the spec report; printed as soon as the check is done. */
export function specResult (result: CheckResult): string {
  const requests = `${result.requests} request${result.requests === 1 ? '' : 's'}`
  const lines = [`${MARKS[result.status].padEnd(5)} ${result.name}  ${result.title} (${requests}, ${result.durationMs} ms)`]
  for (const failure of result.failures) lines.push(...failureLines(failure).map((line, index) => `${index === 0 ? '      - ' : '        '}${line}`))
  for (const note of result.notes) lines.push(`      note: ${note}`)
  return lines.join('\n') + '\n'
}

export function specSummary (report: VerifyReport): string {
  const { passed, failed, errors, skipped, requests, durationMs } = report.summary
  const verdict = report.ok ? 'the server keeps the contract' : 'the server departs from the contract'
  return `\n${passed} passed, ${failed} failed, ${errors} could not run, ${skipped} skipped (${report.contract} contract); ` +
    `${requests} requests in ${(durationMs / 1000).toFixed(1)} s: ${verdict}\n`
}

function renderSpec (report: VerifyReport): string {
  return specHeader(report) + report.results.map(specResult).join('') + specSummary(report)
}

/** TAP 14: one test point per check; failures carry a YAML block (strings written as JSON, which YAML reads). */
function renderTap (report: VerifyReport): string {
  const lines = ['TAP version 14', `# futureagi-mock verify: ${report.target}, run test ${report.runTestId}, ${report.contract} contract`, `1..${report.results.length}`]
  report.results.forEach((result, index) => {
    const point = `${index + 1} - ${result.name}`
    if (result.status === 'skip') {
      lines.push(`ok ${point} # SKIP ${(result.notes[0] ?? '').replace(/^skipped: /, '').replace(/\s+/g, ' ')}`)
      return
    }
    lines.push(`${result.status === 'pass' ? 'ok' : 'not ok'} ${point}`)
    if (result.status === 'pass' && result.notes.length === 0) return
    lines.push('  ---', `  title: ${JSON.stringify(result.title)}`, `  status: ${result.status}`)
    if (result.failures.length > 0) lines.push('  failures:')
    for (const failure of result.failures) {
      lines.push(`    - message: ${JSON.stringify(failure.message)}`)
      if (failure.request !== undefined) {
        lines.push(`      request: ${JSON.stringify(`${failure.request.method} ${failure.request.url}`)}`)
        const headers = Object.entries(failure.request.headers)
        if (headers.length > 0) lines.push(`      headers: ${JSON.stringify(failure.request.headers)}`)
      }
      if (failure.expected !== undefined) lines.push(`      expected: ${JSON.stringify(failure.expected)}`)
      if (failure.seen !== undefined) lines.push(`      seen: ${JSON.stringify(failure.seen)}`)
    }
    if (result.notes.length > 0) lines.push('  notes:', ...result.notes.map((note) => `    - ${JSON.stringify(note)}`))
    lines.push('  ...')
  })
  const { passed, failed, errors, skipped } = report.summary
  lines.push(`# pass ${passed}`, `# fail ${failed + errors}`, `# skip ${skipped}`)
  return lines.join('\n') + '\n'
}

/** Whether XML 1.0 can hold the code point at all, even escaped (it cannot hold most control characters or lone surrogates). */
function xmlAllows (codePoint: number): boolean {
  return codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Attribute values turn raw newlines and tabs into spaces; character references survive.
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;'
}

/** Text for XML character data and attribute values; characters XML cannot hold become U+FFFD. */
export function escapeXml (text: string): string {
  let out = ''
  // for…of walks code points, so a valid surrogate pair stays one character and a lone one is caught.
  for (const char of text) {
    out += xmlAllows(char.codePointAt(0) as number) ? (XML_ESCAPES[char] ?? char) : '\uFFFD'
  }
  return out
}

function seconds (ms: number): string {
  return (ms / 1000).toFixed(3)
}

/** JUnit XML as CI servers read it: one testsuite, one testcase per check, failures and errors marked. */
function renderJunit (report: VerifyReport): string {
  const { total, failed, errors, skipped, durationMs } = report.summary
  const suite = `futureagi-mock verify (${report.contract} contract)`
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suite)}" tests="${total}" failures="${failed}" errors="${errors}" skipped="${skipped}" time="${seconds(durationMs)}">`,
    `  <testsuite name="${escapeXml(suite)}" tests="${total}" failures="${failed}" errors="${errors}" skipped="${skipped}" time="${seconds(durationMs)}">`,
    '    <properties>',
    `      <property name="target" value="${escapeXml(report.target)}"/>`,
    `      <property name="run_test_id" value="${escapeXml(report.runTestId)}"/>`,
    `      <property name="contract" value="${escapeXml(report.contract)}"/>`,
    '    </properties>'
  ]
  for (const result of report.results) {
    const open = `    <testcase classname="contract.${escapeXml(report.contract)}" name="${escapeXml(result.name)}" time="${seconds(result.durationMs)}"`
    const details = result.failures.map((failure) => failureLines(failure).join('\n')).join('\n\n')
    const notes = result.notes.join('\n')
    if (result.status === 'pass' && notes === '') {
      lines.push(`${open}/>`)
      continue
    }
    lines.push(`${open}>`)
    const first = result.failures[0]?.message ?? ''
    if (result.status === 'fail') lines.push(`      <failure message="${escapeXml(first)}" type="contract">${escapeXml(details)}</failure>`)
    if (result.status === 'error') lines.push(`      <error message="${escapeXml(first)}" type="could-not-run">${escapeXml(details)}</error>`)
    if (result.status === 'skip') lines.push(`      <skipped message="${escapeXml(result.notes[0] ?? '')}"/>`)
    if (notes !== '') lines.push(`      <system-out>${escapeXml(notes)}</system-out>`)
    lines.push('    </testcase>')
  }
  lines.push('  </testsuite>', '</testsuites>')
  return lines.join('\n') + '\n'
}

export function renderReport (report: VerifyReport, reporter: ReporterName): string {
  switch (reporter) {
    case 'spec': return renderSpec(report)
    case 'tap': return renderTap(report)
    case 'junit': return renderJunit(report)
    case 'json': return JSON.stringify(report, null, 2) + '\n'
  }
}
