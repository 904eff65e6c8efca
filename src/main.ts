// The futureagi-mock command (started by cli.ts): reads flags and environment once, starts the server, prints how to call it, closes on a signal.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ConfigError, DEFAULTS, SETTINGS, resolveConfig, type Config, type RawSettings, type Setting } from './config.js'
import { WELL_KNOWN_RUNS } from './data/runs.js'
import type { RunningServer } from './server.js'
import { VERSION } from './version.js'

const COMMAND = 'futureagi-mock'
const USAGE = `usage: ${COMMAND} [options]   (${COMMAND} --help lists them)`
const DEMO_RUN = '11111111-1111-4111-8111-111111111111'

/** Exit codes: 2 for a command line that cannot be used, 1 for anything else that stops start-up. */
const EXIT_USAGE = 2
const EXIT_FAILURE = 1

/**
 * How long in-flight requests may take to finish after a signal. It stays under `docker stop`'s
 * 10 seconds, so the process ends on its own terms rather than by SIGKILL.
 */
const GRACE_MS = 8000

const PARSE_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' }
}
for (const entry of SETTINGS) {
  PARSE_OPTIONS[entry.flag] = { type: entry.placeholder === '' ? 'boolean' : 'string' }
}

function defaultText (entry: Setting): string {
  if (entry.key === 'fixturesDir') return ''
  const value = DEFAULTS[entry.key]
  if (typeof value === 'boolean') return ` (default: ${value ? 'on' : 'off'})`
  return value === null || value === '' ? '' : ` (default: ${String(value)})`
}

function helpText (): string {
  const rows: Array<[string, string, string]> = SETTINGS.map((entry) => [
    entry.placeholder === '' ? `--${entry.flag}, --no-${entry.flag}` : `--${entry.flag} ${entry.placeholder}`,
    entry.env,
    entry.help + defaultText(entry)
  ])
  rows.push(['-h, --help', '', 'show this help'], ['-v, --version', '', 'print the version'])
  const flagWidth = Math.max(...rows.map(([flag]) => flag.length)) + 2
  const envWidth = Math.max(...rows.map(([, env]) => env.length)) + 2
  const lines = [
    `${COMMAND} ${VERSION}: a mock of Future AGI's GET /simulate/run-tests/{run_test_id}/call-executions/`,
    '',
    `usage: ${COMMAND} [options]`,
    `       ${COMMAND} verify --target URL --run-test-id ID [options]   check a server against the contract (verify --help)`,
    `       ${COMMAND} record --target URL --run-test-id ID [options]   record a run into a fixture file (record --help)`,
    '',
    'Options (a flag wins over its environment variable):',
    ...rows.map(([flag, env, help]) => `  ${flag.padEnd(flagWidth)}${env.padEnd(envWidth)}${help}`),
    '',
    'Run tests served (ids are fixed; the rows follow from the seed):',
    ...WELL_KNOWN_RUNS.map((run) => `  ${run.id}  ${run.rows} rows: ${run.description}`),
    '  plus the run tests of the fixture files, and any added with --runs.',
    '',
    'GET /health answers without keys. Exit status: 0 after a signal, 1 on a bad variable or start-up error, 2 on a bad flag.'
  ]
  return lines.join('\n') + '\n'
}

/** Quotes a word for a POSIX shell, so the printed command can be pasted whatever the keys contain. */
function shellQuote (word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}

/**
 * The line printed once listening, with a `curl` to paste. The keys are spelled out only when they are
 * the public defaults: any other key is a secret, and a terminal or a CI log is no place for it.
 */
function startLine (config: Config, url: string): string {
  const listing = `${url}/simulate/run-tests/${DEMO_RUN}/call-executions/?limit=5`
  const defaults = config.apiKey === DEFAULTS.apiKey && config.secretKey === DEFAULTS.secretKey
  const headers = defaults
    ? ['-H', `X-Api-Key: ${config.apiKey}`, '-H', `X-Secret-Key: ${config.secretKey}`].map(shellQuote)
    : ['-H', '"X-Api-Key: $FI_API_KEY"', '-H', '"X-Secret-Key: $FI_SECRET_KEY"']
  const curl = ['curl', ...headers, shellQuote(listing)].join(' ')
  return `${COMMAND} ${VERSION} listening on ${url} (contract ${config.contract}, seed ${config.seed}); try: ${curl}\n`
}

function fail (code: number, message: string): void {
  // parseArgs writes some messages over several lines; joined, the message stays on one line.
  process.stderr.write(`${COMMAND}: ${message.replace(/\s*\n\s*/g, ' ')}\n`)
  if (code === EXIT_USAGE) process.stderr.write(`${USAGE}\n`)
  process.exitCode = code
}

/** Stops accepting connections, lets requests in flight finish, then exits; a second signal exits at once. */
function closeOnSignals (running: RunningServer): void {
  const { app } = running
  let closing = false
  const close = (signal: NodeJS.Signals): void => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting without waiting')
      process.exit(EXIT_FAILURE)
    }
    closing = true
    app.log.info({ signal }, 'closing')
    let forced = false
    setTimeout(() => {
      forced = true
      app.log.warn({ graceMs: GRACE_MS }, 'requests still running after the grace period: dropping them')
      app.server.closeAllConnections()
    }, GRACE_MS).unref()
    app.close().then(
      () => process.exit(forced ? EXIT_FAILURE : 0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while closing')
        process.exit(EXIT_FAILURE)
      }
    )
  }
  // Handled here rather than left to Node's defaults: as PID 1 in a container those defaults do nothing.
  process.on('SIGINT', close)
  process.on('SIGTERM', close)
}

/**
 * `--seed -1` as `--seed=-1`: parseArgs refuses a value that starts with a dash ("argument is
 * ambiguous"), and a negative number given to a numeric flag deserves the flag's own range message.
 */
function joinNegativeValues (argv: readonly string[]): string[] {
  const joined: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const next = argv[i + 1]
    const takesValue = arg.startsWith('--') && PARSE_OPTIONS[arg.slice(2)]?.type === 'string'
    if (takesValue && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`)
      i++
    } else {
      joined.push(arg)
    }
  }
  return joined
}

async function main (argv: readonly string[]): Promise<void> {
  let values: ReturnType<typeof parseArgs>['values']
  try {
    values = parseArgs({ args: joinNegativeValues(argv), options: PARSE_OPTIONS, strict: true, allowPositionals: false, allowNegative: true }).values
  } catch (error) {
    return fail(EXIT_USAGE, error instanceof Error ? error.message : String(error))
  }
  if (values.help === true) {
    process.stdout.write(helpText())
    return
  }
  if (values.version === true) {
    process.stdout.write(`${VERSION}\n`)
    return
  }

  const flags: RawSettings = {}
  for (const entry of SETTINGS) {
    const value = values[entry.flag]
    if (value !== undefined) flags[entry.key] = String(value)
  }
  let config: Config
  try {
    config = resolveConfig({ flags, env: process.env })
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.origin === 'flag' ? EXIT_USAGE : EXIT_FAILURE, error.message)
    throw error
  }

  // Run only now (the single-file build holds it, but evaluates it on this import), so that --help,
  // --version and a bad flag answer without setting up Fastify and the data.
  const { startServer } = await import('./server.js')
  const running = await startServer(config, {
    logger: { level: config.logLevel },
    warn: (message) => process.stderr.write(`${COMMAND}: warning: ${message}\n`)
  })
  closeOnSignals(running)
  // On stderr, at every log level: stdout carries only the logger's JSON lines, for log shippers.
  process.stderr.write(startLine(config, running.url))
}

/** `futureagi-mock verify …` and `futureagi-mock record …`, the contract kit; anything else starts the mock. */
const KIT_COMMANDS = new Set(['verify', 'record'])

const [first, ...rest] = process.argv.slice(2)
if (first !== undefined && KIT_COMMANDS.has(first)) {
  // Loaded only for these commands, so that starting the mock never loads the kit.
  import('./kit/command.js')
    .then(({ runKitCommand }) => runKitCommand(first as 'verify' | 'record', rest, { env: process.env, stdout: process.stdout, stderr: process.stderr }))
    .then((code) => { process.exitCode = code }, (error: unknown) => fail(EXIT_FAILURE, error instanceof Error ? error.message : String(error)))
} else {
  main(process.argv.slice(2)).catch((error: unknown) => {
    fail(EXIT_FAILURE, error instanceof Error ? error.message : String(error))
  })
}
