// The futureagi-mock command: help, version, flags over variables, exit codes and the start line.
import t from 'tap'
import { VERSION } from '../../src/version.js'
import { AUTH, DEMO_RUN, listPath } from '../helper.js'
import { requireFreshBuild, runCli, startCli } from './helper.js'

const USAGE = 'usage: futureagi-mock [options]   (futureagi-mock --help lists them)\n'

// Each test starts a process; on a busy machine the file needs more than tap's default 30 s.
t.setTimeout(180_000)
t.before(requireFreshBuild)

t.test('prints the help with every flag and its variable, and exits 0', async (t) => {
  for (const flag of ['--help', '-h']) {
    const res = await runCli([flag])
    t.equal(res.code, 0)
    t.equal(res.stderr, '')
    t.match(res.stdout, /^futureagi-mock \S+: a mock of Future AGI's GET/)
    const table: Array<[string, string]> = [
      ['--port PORT', 'PORT'], ['--host HOST', 'HOST'], ['--seed N', 'MOCK_SEED'], ['--contract NAME', 'MOCK_CONTRACT'],
      ['--fixtures DIR', 'MOCK_FIXTURES'], ['--api-key KEY', 'FI_API_KEY'], ['--secret-key KEY', 'FI_SECRET_KEY'],
      ['--access-token TOKEN', 'MOCK_ACCESS_TOKEN'], ['--runs SPEC', 'MOCK_RUNS'], ['--public-url URL', 'MOCK_PUBLIC_URL'],
      ['--log-level LEVEL', 'LOG_LEVEL'], ['--cors, --no-cors', 'MOCK_CORS']
    ]
    for (const [option, variable] of table) {
      t.match(res.stdout, new RegExp(`^  ${option} +${variable} `, 'm'), option)
    }
  }
})

t.test('prints the package version, even when a variable is invalid', async (t) => {
  for (const flag of ['--version', '-v']) {
    const res = await runCli([flag], { PORT: 'nope' })
    t.equal(res.code, 0)
    t.equal(res.stdout, `${VERSION}\n`)
  }
})

const usageErrors: Array<[string[], string]> = [
  [['--bogus'], "Unknown option '--bogus'"],
  [['-x'], "Unknown option '-x'"],
  [['--port'], "Option '--port <value>' argument missing"],
  [['--no-seed'], "Unknown option '--no-seed'"],
  [['--cors=yes'], "Option '--cors' does not take an argument"],
  [['serve'], "Unexpected argument 'serve'. This command does not take positional arguments"],
  [['--port', '70000'], '--port: expected a whole number from 0 to 65535, got "70000"'],
  [['--contract', 'v2'], '--contract: expected one of docs, platform, got "v2"'],
  [['--seed', 'abc'], '--seed: expected a whole number from 0 to 4294967295, got "abc"'],
  [['--public-url', 'mock.example.test'], '--public-url: expected an absolute http(s) URL such as https://mock.example.test/prefix, got "mock.example.test"'],
  [['--runs', 'x:1'], '--runs: entry "x:1": run id must be a lowercase hyphenated UUID'],
  [['--fixtures', '/no/such/dir'], '--fixtures: no directory at "/no/such/dir"']
]

for (const [args, message] of usageErrors) {
  t.test(`exits 2 with one line naming the problem for ${args.join(' ')}`, async (t) => {
    const res = await runCli(args)
    t.equal(res.code, 2)
    t.equal(res.stdout, '')
    t.equal(res.stderr, `futureagi-mock: ${message}\n${USAGE}`)
  })
}

t.test('reads a negative number given to a flag as its value, and answers with the range', async (t) => {
  for (const args of [['--seed', '-1'], ['--seed=-1'], ['--port', '-80']]) {
    const res = await runCli(args)
    t.equal(res.code, 2, args.join(' '))
    t.equal(res.stderr.split('\n').length, 3, 'message, usage, final newline')
  }
  const res = await runCli(['--seed', '-1'])
  t.match(res.stderr, /^futureagi-mock: --seed: expected a whole number from 0 to 4294967295, got "-1"\n/)
})

t.test('keeps a flag value that parseArgs splits over lines on one line', async (t) => {
  const res = await runCli(['--seed', '--port'])
  t.equal(res.code, 2)
  t.equal(res.stderr.split('\n').length, 3, 'message, usage, final newline')
  t.match(res.stderr, /^futureagi-mock: Option '--seed' argument is ambiguous\. /)
})

const envErrors: Array<[Record<string, string>, string]> = [
  [{ PORT: 'eighty' }, 'PORT: expected a whole number from 0 to 65535, got "eighty"'],
  [{ MOCK_CONTRACT: 'v2' }, 'MOCK_CONTRACT: expected one of docs, platform, got "v2"'],
  [{ MOCK_CORS: 'maybe' }, 'MOCK_CORS: expected true or false (or 1/0, yes/no, on/off), got "maybe"'],
  [{ MOCK_RUNS: 'x:1' }, 'MOCK_RUNS: entry "x:1": run id must be a lowercase hyphenated UUID'],
  [{ MOCK_MAX_SESSIONS: '0' }, 'MOCK_MAX_SESSIONS: expected a whole number from 1 to 10000, got "0"'],
  [{ MOCK_JOURNAL_SIZE: 'lots' }, 'MOCK_JOURNAL_SIZE: expected a whole number from 0 to 1000000, got "lots"'],
  [{ MOCK_ADMIN: 'maybe' }, 'MOCK_ADMIN: expected true or false (or 1/0, yes/no, on/off), got "maybe"'],
  [{ MOCK_ADMIN_TOKEN: 'two words' }, 'MOCK_ADMIN_TOKEN: must be printable ASCII without spaces']
]

for (const [env, message] of envErrors) {
  t.test(`exits 1 naming the variable for ${Object.keys(env).join(', ')}`, async (t) => {
    const res = await runCli([], env)
    t.equal(res.code, 1)
    t.equal(res.stderr, `futureagi-mock: ${message}\n`)
  })
}

t.test('prints one start line on stderr with the URL, contract, seed and a curl for the demo run', async (t) => {
  const server = await startCli(t, ['--log-level', 'warn'])
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(
    server.startLine,
    `futureagi-mock ${VERSION} listening on ${server.url} (contract docs, seed 1); try: ` +
      `curl -H 'X-Api-Key: test-api-key' -H 'X-Secret-Key: test-secret-key' '${server.url}${listPath(DEMO_RUN, '?limit=5')}'`
  )
  t.equal(server.stderr(), `${server.startLine}\n`, 'nothing else on stderr')
  t.equal(server.stdout(), '', 'nothing on stdout at level warn')
  const res = await fetch(`${server.url}${listPath(DEMO_RUN, '?limit=5')}`, { headers: AUTH })
  t.equal(res.status, 200)
  t.equal(((await res.json()) as { count: number }).count, 23)
})

t.test('lets flags win over variables, and uses variables without flags', async (t) => {
  const server = await startCli(
    t,
    ['--seed', '42', '--contract', 'platform', '--api-key', 'flag key', '--log-level', 'warn'],
    { MOCK_SEED: '7', MOCK_CONTRACT: 'docs', FI_API_KEY: 'env-key', FI_SECRET_KEY: "it's secret", PORT: '1' }
  )
  t.match(server.startLine, '(contract platform, seed 42)')
  t.match(server.startLine, 'curl -H "X-Api-Key: $FI_API_KEY" -H "X-Secret-Key: $FI_SECRET_KEY" ', 'keys that are not the defaults are not printed')
  const health = (await (await fetch(`${server.url}/health`)).json()) as { contract: string; seed: number }
  t.same({ contract: health.contract, seed: health.seed }, { contract: 'platform', seed: 42 })
  const list = `${server.url}${listPath(DEMO_RUN)}`
  t.equal((await fetch(list, { headers: { 'x-api-key': 'flag key', 'x-secret-key': "it's secret" } })).status, 200)
  t.equal((await fetch(list, { headers: { 'x-api-key': 'env-key', 'x-secret-key': "it's secret" } })).status, 401)
})

t.test('links with the public URL given by flag', async (t) => {
  const server = await startCli(t, ['--public-url', 'https://mock.example.test/prefix/', '--log-level', 'warn'])
  const body = (await (await fetch(`${server.url}${listPath(DEMO_RUN)}`, { headers: AUTH })).json()) as { next: string }
  t.equal(body.next, `https://mock.example.test/prefix${listPath(DEMO_RUN, '?page=2')}`)
})

const PREFLIGHT = { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' }

t.test('answers CORS preflights by default', async (t) => {
  const server = await startCli(t, ['--log-level', 'warn'])
  const res = await fetch(`${server.url}${listPath(DEMO_RUN)}`, { method: 'OPTIONS', headers: PREFLIGHT })
  t.equal(res.status, 204)
  t.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:5173')
})

for (const [args, env] of [[['--no-cors'], {}], [[], { MOCK_CORS: 'false' }], [['--no-cors'], { MOCK_CORS: 'true' }]] as const) {
  t.test(`turns CORS off with ${[...args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].join(' ')}`, async (t) => {
    const server = await startCli(t, [...args, '--log-level', 'warn'], { ...env })
    const res = await fetch(`${server.url}${listPath(DEMO_RUN)}`, { method: 'OPTIONS', headers: PREFLIGHT })
    t.equal(res.status, 401)
    t.equal(res.headers.get('access-control-allow-origin'), null)
  })
}

t.test('exits 1 with the reason when the port is taken', async (t) => {
  const first = await startCli(t, ['--log-level', 'warn'])
  const port = new URL(first.url).port
  const res = await runCli(['--port', port, '--log-level', 'silent'])
  t.equal(res.code, 1)
  t.match(res.stderr, /^futureagi-mock: .*EADDRINUSE/)
})

t.test('serves the control plane by default, behind --admin-token when given, and not at all with --no-admin', async (t) => {
  const on = await startCli(t, ['--log-level', 'warn'])
  t.equal((await fetch(`${on.url}/__mock/runs`)).status, 200)
  const guarded = await startCli(t, ['--log-level', 'warn'], { MOCK_ADMIN_TOKEN: 'cli-admin-token' })
  t.equal((await fetch(`${guarded.url}/__mock/runs`)).status, 401)
  t.equal((await fetch(`${guarded.url}/__mock/runs`, { headers: { authorization: 'Bearer cli-admin-token' } })).status, 200)
  for (const [args, env] of [[['--no-admin'], {}], [[], { MOCK_ADMIN: 'false' }]] as const) {
    const off = await startCli(t, [...args, '--log-level', 'warn'], { ...env })
    const res = await fetch(`${off.url}/__mock/runs`)
    t.equal(res.status, 404, [...args, ...Object.keys(env)].join(' '))
    t.equal(res.headers.get('content-type'), 'text/html; charset=utf-8')
    t.equal((await fetch(`${off.url}/__admin/requests`)).status, 404)
  }
})

t.test('keeps --journal-size requests per session', async (t) => {
  const server = await startCli(t, ['--log-level', 'warn', '--journal-size', '2'])
  for (let page = 1; page <= 4; page++) await (await fetch(`${server.url}${listPath(DEMO_RUN, `?page=${page}`)}`, { headers: AUTH })).arrayBuffer()
  const journal = (await (await fetch(`${server.url}/__mock/requests`)).json()) as { requests: Array<{ query: string }> }
  t.same(journal.requests.map((entry) => entry.query), ['page=4', 'page=3'])
})
