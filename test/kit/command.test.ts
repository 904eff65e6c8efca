// The verify and record commands: exit 2 naming the flag on a bad command line, 1 on a failed check, 0 on success; keys never printed.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { RECORD_USAGE, VERIFY_USAGE } from '../../src/kit/command.js'
import { CHECK_NAMES } from '../../src/kit/verify.js'
import { DEMO_RUN, FAST, KEY_ARGS, KEYS, runCommand, startDriftProxy, startKitMock } from './helper.js'
import { parseXml } from './xml-check.js'

const TARGET = 'http://127.0.0.1:9'
const BASE = ['--target', TARGET, '--run-test-id', DEMO_RUN]

const USAGE_ERRORS: Array<{ name: 'verify' | 'record'; argv: string[]; env?: Record<string, string>; flag: string }> = [
  { name: 'verify', argv: ['--run-test-id', DEMO_RUN, ...KEY_ARGS], flag: '--target: is required' },
  { name: 'verify', argv: ['--target', 'localhost:8000', '--run-test-id', DEMO_RUN, ...KEY_ARGS], flag: '--target: must be an http:// or https:// URL' },
  { name: 'verify', argv: ['--target', 'not a url', '--run-test-id', DEMO_RUN, ...KEY_ARGS], flag: '--target: not an absolute URL' },
  { name: 'verify', argv: ['--target', `${TARGET}/?x=1`, '--run-test-id', DEMO_RUN, ...KEY_ARGS], flag: '--target: must not have a query' },
  { name: 'verify', argv: ['--target', TARGET, ...KEY_ARGS], flag: '--run-test-id: is required' },
  { name: 'verify', argv: ['--target', TARGET, '--run-test-id', 'ABABABAB-ABAB-4BAB-8BAB-ABABABABABAB', ...KEY_ARGS], flag: '--run-test-id: must be a lowercase hyphenated UUID' },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--contract', 'openapi'], flag: '--contract: must be platform or docs' },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--reporter', 'html'], flag: '--reporter: must be one of spec, tap, junit, json' },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--max-rps', '0'], flag: '--max-rps: must be a positive number' },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--max-rps', 'fast'], flag: '--max-rps: must be a number' },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--max-requests', '1.5'], flag: '--max-requests: must be a whole number' },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--max-requests', '0'], flag: '--max-requests: must be a whole number of requests, at least 1' },
  { name: 'verify', argv: [...BASE], flag: '--api-key: is required (or set FI_API_KEY)' },
  { name: 'verify', argv: [...BASE, '--api-key', KEYS.apiKey], flag: '--secret-key: is required (or set FI_SECRET_KEY)' },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--verbose'], flag: "Unknown option '--verbose'" },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--out'], flag: "Option '--out <value>' argument missing" },
  { name: 'verify', argv: [...BASE, ...KEY_ARGS, '--anonymize'], flag: "Unknown option '--anonymize'" },
  { name: 'record', argv: [...BASE, ...KEY_ARGS, '--seed', '7'], flag: '--seed: only applies with --anonymize' },
  { name: 'record', argv: [...BASE, ...KEY_ARGS, '--anonymize', '--seed', '-1'], flag: "Option '--seed' argument is ambiguous" },
  { name: 'record', argv: [...BASE, ...KEY_ARGS, '--anonymize', '--seed', 'x'], flag: '--seed: must be a whole number from 0 to 4294967295' },
  { name: 'record', argv: [...BASE, ...KEY_ARGS, '--anonymize', '--seed', '4294967296'], flag: '--seed: must be a whole number from 0 to 4294967295' },
  { name: 'record', argv: [...BASE, ...KEY_ARGS, '--reporter', 'tap'], flag: "Unknown option '--reporter'" },
  { name: 'record', argv: [...BASE, '--secret-key', KEYS.secretKey], flag: '--api-key: is required (or set FI_API_KEY)' }
]

t.test('a command line that cannot be used exits 2, names the flag and shows the usage line, before any request', async (t) => {
  for (const { name, argv, env, flag } of USAGE_ERRORS) {
    const run = await runCommand(name, argv, env)
    t.equal(run.code, 2, `${name} ${argv.join(' ')}`)
    t.ok(run.stderr.startsWith(`futureagi-mock ${name}: ${flag}`), `names the flag: ${run.stderr.split('\n')[0] ?? ''}`)
    t.match(run.stderr, `\nusage: futureagi-mock ${name} --target URL --run-test-id ID [options]\n`)
    t.equal(run.stdout, '')
    t.notMatch(run.stderr, new RegExp(`${KEYS.apiKey}|${KEYS.secretKey}`), 'no key in the message')
  }
})

t.test('--help prints the usage, every flag and, for verify, every check', async (t) => {
  const verify = await runCommand('verify', ['--help'])
  t.equal(verify.code, 0)
  t.equal(verify.stdout, VERIFY_USAGE)
  for (const flag of ['--target', '--run-test-id', '--contract', '--reporter', '--out', '--max-rps', '--max-requests', '--api-key', '--secret-key']) t.match(verify.stdout, flag)
  for (const check of CHECK_NAMES) t.match(verify.stdout, check)
  const record = await runCommand('record', ['-h'])
  t.equal(record.code, 0)
  t.equal(record.stdout, RECORD_USAGE)
  for (const flag of ['--out', '--anonymize', '--seed', '--contract']) t.match(record.stdout, flag)
})

t.test('verify without --contract reads it off the rows: a mock serving the docs contract passes as such', async (t) => {
  const mock = await startKitMock(t, { contract: 'docs' })
  const run = await runCommand('verify', ['--target', mock.url, '--run-test-id', DEMO_RUN, '--max-rps', String(FAST.maxRps)],
    { FI_API_KEY: KEYS.apiKey, FI_SECRET_KEY: KEYS.secretKey })
  t.equal(run.code, 0, run.stdout)
  t.match(run.stdout, /passed, 0 failed, 0 could not run, \d+ skipped \(docs contract\);/)
  const forced = await runCommand('verify', ['--target', mock.url, '--run-test-id', DEMO_RUN, '--max-rps', String(FAST.maxRps), '--contract', 'platform'],
    { FI_API_KEY: KEYS.apiKey, FI_SECRET_KEY: KEYS.secretKey })
  t.equal(forced.code, 1, 'the docs rows are not the platform\'s')
  t.match(forced.stdout, /FAIL\s+rows\.schema/)
})

t.test('verify exits 0 against the mock, with keys from the environment, and never prints them', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  const run = await runCommand('verify', ['--target', mock.url, '--run-test-id', DEMO_RUN, '--max-rps', String(FAST.maxRps)],
    { FI_API_KEY: KEYS.apiKey, FI_SECRET_KEY: KEYS.secretKey })
  t.equal(run.code, 0, run.stdout)
  t.match(run.stdout, /^futureagi-mock verify: http:\/\/127\.0\.0\.1:\d+, run test 1{8}-1{4}-41{3}-81{3}-1{12}, contract read off the first rows\n/)
  t.match(run.stdout, `\n${CHECK_NAMES.length} passed, 0 failed, 0 could not run, 0 skipped (platform contract);`)
  t.notMatch(run.stdout + run.stderr, new RegExp(`${KEYS.apiKey}|${KEYS.secretKey}`))
})

t.test('verify exits 1 when a check fails, and the spec report shows the request, the expectation and what came back', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  const target = await startDriftProxy(t, mock.url, {
    rewrite: (answer) => (answer.status === 401 ? { ...answer, body: answer.body.replaceAll('Invalid API key or secret key', 'Bad keys') } : answer)
  })
  const run = await runCommand('verify', ['--target', target, '--run-test-id', DEMO_RUN, ...KEY_ARGS, '--max-rps', String(FAST.maxRps)])
  t.equal(run.code, 1)
  t.match(run.stdout, /^FAIL {2}auth\.wrong-keys /m)
  t.match(run.stdout, /- wrong keys: the body differs from the platform's\n {10}GET http:\/\/127\.0\.0\.1:\d+\/simulate\/run-tests\/1{8}-.*\/call-executions\/\n/)
  t.match(run.stdout, /\n {10}X-Api-Key: <redacted>\n {10}X-Secret-Key: <redacted>\n/, 'key headers are redacted by name, whatever their value')
  t.match(run.stdout, /expected: \{"status":false,.*"detail":"Invalid API key or secret key"/)
  t.match(run.stdout, /seen: {5}\{"status":false,.*"detail":"Bad keys"/)
  t.match(run.stdout, /the server departs from the contract\n$/)
})

t.test('verify --reporter junit --out writes the XML report, making its folder, and still shows the spec report', async (t) => {
  const mock = await startKitMock(t, { contract: 'docs' })
  const out = join(t.testdir({}), 'reports', 'verify.xml') // a folder that does not exist yet
  const run = await runCommand('verify', ['--target', mock.url, '--run-test-id', DEMO_RUN, ...KEY_ARGS, '--contract', 'docs', '--reporter', 'junit', '--out', out, '--max-rps', String(FAST.maxRps)])
  t.equal(run.code, 0, run.stdout)
  t.match(run.stdout, /^SKIP {2}filters\.search-phone /m)
  t.match(run.stdout, `report (junit) written to ${out}\n`)
  const xml = readFileSync(out, 'utf8')
  const testcases = parseXml(xml).children[0]?.children.filter((child) => child.name === 'testcase') ?? []
  t.equal(testcases.length, CHECK_NAMES.length)
  t.notMatch(xml, new RegExp(`${KEYS.apiKey}|${KEYS.secretKey}`))
})

t.test('verify --reporter json writes the report to stdout when there is no --out', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  const run = await runCommand('verify', ['--target', mock.url, '--run-test-id', DEMO_RUN, ...KEY_ARGS, '--reporter', 'json', '--max-rps', String(FAST.maxRps)])
  t.equal(run.code, 0)
  const report = JSON.parse(run.stdout) as { ok: boolean; results: Array<{ name: string }> }
  t.equal(report.ok, true)
  t.same(report.results.map((result) => result.name), CHECK_NAMES)
})

t.test('a target that answers nothing is said to be unreachable once, with exit 3 and no report of checks', async (t) => {
  for (const reporter of ['spec', 'tap']) {
    const run = await runCommand('verify', [...BASE, ...KEY_ARGS, '--max-rps', String(FAST.maxRps), '--reporter', reporter])
    t.equal(run.code, 3, reporter)
    t.equal(run.stderr, 'futureagi-mock verify: cannot reach http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9: is a server running there? No check was run.\n')
    t.notMatch(run.stdout, /auth\.missing-keys|departs|not ok|FAIL/, 'no check is reported')
  }
  const record = await runCommand('record', [...BASE, ...KEY_ARGS])
  t.equal(record.code, 3)
  t.equal(record.stderr, 'futureagi-mock record: cannot reach http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9: is a server running there?\n')
  t.equal(record.stdout, '')
})

t.test('a target that stops answering part way is not unreachable: the checks it fails say so, with exit 1', async (t) => {
  // The first connection gets a 401; every later one is dropped unanswered.
  let served = 0
  const flaky = createServer((socket) => {
    served++
    if (served > 1) return socket.destroy()
    socket.once('data', () => socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'))
  })
  await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve))
  t.teardown(() => flaky.close())
  const port = (flaky.address() as { port: number }).port
  const run = await runCommand('verify', ['--target', `http://127.0.0.1:${port}`, '--run-test-id', DEMO_RUN, ...KEY_ARGS, '--max-rps', String(FAST.maxRps), '--reporter', 'tap'])
  t.equal(run.code, 1)
  t.match(run.stdout, /could not run: GET http:\/\/127\.0\.0\.1:\d+\/.*(ECONNRESET|socket hang up)/)
  t.equal(run.stderr, '')
})

t.test('verify --help says the contract is read off the rows unless given, and names every exit status', async (t) => {
  const help = await runCommand('verify', ['--help'])
  t.match(help.stdout, /--contract NAME[^\n]*platform[^\n]*\n[^\n]*default: read off the first rows/)
  t.notMatch(help.stdout, /platform \(default/)
  t.match(help.stdout, /3 when the target answers nothing/)
})
