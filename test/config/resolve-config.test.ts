// Settings from flags, environment variables and options: precedence, defaults and messages naming their source.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { ConfigError, DEFAULTS, resolveConfig, type ConfigSources, type SettingKey } from '../../src/config.js'

function configError (sources: ConfigSources): ConfigError {
  try {
    resolveConfig(sources)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

t.test('uses the defaults when nothing is given, with CORS on and no public URL', async (t) => {
  t.same(resolveConfig({}), DEFAULTS)
  t.equal(DEFAULTS.cors, true)
  t.equal(DEFAULTS.publicUrl, null)
})

t.test('lets a flag win over its environment variable', async (t) => {
  const config = resolveConfig({
    flags: { port: '9001', seed: '7', contract: 'platform' },
    env: { PORT: '9002', MOCK_SEED: '8', MOCK_CONTRACT: 'docs', FI_API_KEY: 'from-env' }
  })
  t.equal(config.port, 9001)
  t.equal(config.seed, 7)
  t.equal(config.contract, 'platform')
  t.equal(config.apiKey, 'from-env', 'a variable without a flag still applies')
})

t.test('does not read a variable that a flag overrides, even an invalid one', async (t) => {
  t.equal(resolveConfig({ flags: { port: '9001' }, env: { PORT: 'not-a-port' } }).port, 9001)
})

t.test('reports a bad flag before a bad variable', async (t) => {
  const error = configError({ flags: { seed: 'x' }, env: { PORT: 'y' } })
  t.equal(error.origin, 'flag')
  t.equal(error.message, '--seed: expected a whole number from 0 to 4294967295, got "x"')
})

const invalid: Array<{ key: SettingKey; env: string; flag: string; option: string; raw: string; reason: string }> = [
  { key: 'port', env: 'PORT', flag: '--port', option: 'port', raw: '65536', reason: 'expected a whole number from 0 to 65535, got "65536"' },
  { key: 'host', env: 'HOST', flag: '--host', option: 'host', raw: '', reason: 'must not be empty' },
  { key: 'seed', env: 'MOCK_SEED', flag: '--seed', option: 'seed', raw: '-1', reason: 'expected a whole number from 0 to 4294967295, got "-1"' },
  { key: 'contract', env: 'MOCK_CONTRACT', flag: '--contract', option: 'contract', raw: 'v2', reason: 'expected one of docs, platform, got "v2"' },
  { key: 'apiKey', env: 'FI_API_KEY', flag: '--api-key', option: 'apiKey', raw: '', reason: 'must not be empty' },
  { key: 'accessToken', env: 'MOCK_ACCESS_TOKEN', flag: '--access-token', option: 'accessToken', raw: 'Bearer x', reason: 'must not contain spaces or the word "Bearer"' },
  { key: 'runs', env: 'MOCK_RUNS', flag: '--runs', option: 'runs', raw: 'abc:5', reason: 'entry "abc:5": run id must be a lowercase hyphenated UUID' },
  { key: 'publicUrl', env: 'MOCK_PUBLIC_URL', flag: '--public-url', option: 'publicUrl', raw: 'mock.example.test', reason: 'expected an absolute http(s) URL such as https://mock.example.test/prefix, got "mock.example.test"' },
  { key: 'logLevel', env: 'LOG_LEVEL', flag: '--log-level', option: 'logLevel', raw: 'loud', reason: 'expected one of fatal, error, warn, info, debug, trace, silent, got "loud"' },
  { key: 'cors', env: 'MOCK_CORS', flag: '--cors', option: 'cors', raw: 'maybe', reason: 'expected true or false (or 1/0, yes/no, on/off), got "maybe"' },
  { key: 'adminOrigins', env: 'MOCK_ADMIN_ORIGIN', flag: '--admin-origin', option: 'adminOrigin', raw: 'http://localhost:5173/app', reason: 'expected origins such as http://localhost:5173 (scheme, host and port, no path), separated by commas, or *, got "http://localhost:5173/app"' },
  { key: 'maxSessions', env: 'MOCK_MAX_SESSIONS', flag: '--max-sessions', option: 'maxSessions', raw: '1000000', reason: 'expected a whole number from 1 to 10000, got "1000000"' }
]

t.test('reads --admin-origin as origins written the way browsers send them', async (t) => {
  t.same(DEFAULTS.adminOrigins, [])
  t.same(resolveConfig({ env: { MOCK_ADMIN_ORIGIN: 'http://LOCALHOST:5173, https://app.example.test:443,*' } }).adminOrigins, ['http://localhost:5173', 'https://app.example.test', '*'])
  t.same(resolveConfig({ flags: { adminOrigins: '' } }).adminOrigins, [])
})

for (const { key, env, flag, option, raw, reason } of invalid) {
  t.test(`names ${flag}, ${env} or ${option} when its value ${JSON.stringify(raw)} is invalid`, async (t) => {
    const fromFlag = configError({ flags: { [key]: raw } })
    t.equal(fromFlag.origin, 'flag')
    t.equal(fromFlag.message, `${flag}: ${reason}`)
    const fromEnv = configError({ env: { [env]: raw } })
    t.equal(fromEnv.origin, 'env')
    t.equal(fromEnv.message, `${env}: ${reason}`)
    const fromOption = configError({ options: { [key]: raw } })
    t.equal(fromOption.origin, 'option')
    t.equal(fromOption.message, `${option}: ${reason}`)
  })
}

t.test('requires the fixtures directory to exist and keeps it as an absolute path', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'futureagi-mock-config-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  t.equal(resolveConfig({ env: { MOCK_FIXTURES: dir } }).fixturesDir, dir)
  t.equal(configError({ flags: { fixturesDir: join(dir, 'missing') } }).message, `--fixtures: no directory at ${JSON.stringify(join(dir, 'missing'))}`)
})

const publicUrls: Array<[string, string | null]> = [
  ['https://mock.example.test/prefix', 'https://mock.example.test/prefix'],
  ['https://Mock.Example.TEST/prefix/', 'https://mock.example.test/prefix'],
  ['http://localhost:9000', 'http://localhost:9000'],
  ['http://localhost:9000/', 'http://localhost:9000'],
  ['https://mock.example.test:443/a/b', 'https://mock.example.test/a/b'],
  ['', null]
]

for (const [raw, expected] of publicUrls) {
  t.test(`reads the public URL ${JSON.stringify(raw)} as ${JSON.stringify(expected)}`, async (t) => {
    t.equal(resolveConfig({ env: { MOCK_PUBLIC_URL: raw } }).publicUrl, expected)
  })
}

for (const raw of ['ftp://mock.example.test', '/prefix', 'https://mock.example.test/?a=1', 'https://mock.example.test/#top', 'https://user:pw@mock.example.test']) {
  t.test(`rejects the public URL ${JSON.stringify(raw)}`, async (t) => {
    t.match(configError({ flags: { publicUrl: raw } }).message, /^--public-url: /)
  })
}

const corsWords: Array<[string, boolean]> = [['1', true], ['true', true], ['YES', true], ['on', true], ['0', false], ['false', false], ['no', false], ['Off', false]]
for (const [raw, expected] of corsWords) {
  t.test(`reads MOCK_CORS=${raw} as ${String(expected)}`, async (t) => {
    t.equal(resolveConfig({ env: { MOCK_CORS: raw } }).cors, expected)
  })
}

t.test('keeps MOCK_RUNS text once it is valid', async (t) => {
  const runs = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa:5:failing'
  t.equal(resolveConfig({ env: { MOCK_RUNS: ` ${runs} ` } }).runs, runs)
})
