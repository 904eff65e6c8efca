// The `futureagi-mock verify` and `futureagi-mock record` commands: flags in, report or fixture out, exit status back.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { KitUsageError } from './errors.js'
import { UnreachableError } from './http-client.js'
import { recordRun } from './record.js'
import { createScrubber } from './redact.js'
import { REPORTERS, renderReport, specHeader, specResult, specSummary } from './reporters.js'
import {
  DEFAULT_MAX_REQUESTS,
  DEFAULT_MAX_RPS,
  checkKey,
  checkMaxRequests,
  checkMaxRps,
  numberText,
  parseContract,
  parseRunTestId,
  parseTarget
} from './settings.js'
import { CHECK_NAMES, verifyContract } from './verify.js'

export type KitCommandName = 'verify' | 'record'

export interface KitIo {
  /** Where `FI_API_KEY` and `FI_SECRET_KEY` are read from. */
  env: Readonly<Record<string, string | undefined>>
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

const EXIT_OK = 0
const EXIT_FAILED = 1
const EXIT_USAGE = 2
const EXIT_UNREACHABLE = 3

const MAX_SEED = 4_294_967_295

const COMMON_FLAGS = `  --target URL          the API's base URL: scheme, host, optional path prefix (required),
                        e.g. https://api.futureagi.com or http://127.0.0.1:8000
  --run-test-id ID      the run test whose call executions are listed: a lowercase UUID (required)
  --max-rps N           at most N requests per second (default ${DEFAULT_MAX_RPS})
  --max-requests N      at most N requests in all (default ${DEFAULT_MAX_REQUESTS})
  --api-key KEY         sent as X-Api-Key (default: the FI_API_KEY variable)
  --secret-key KEY      sent as X-Secret-Key (default: the FI_SECRET_KEY variable)
  -h, --help            show this help`

export const VERIFY_USAGE = `usage: futureagi-mock verify --target URL --run-test-id ID [options]

Checks that a server (the real API, staging, a local backend or this mock) serves
GET /simulate/run-tests/{run_test_id}/call-executions/ as the contract says: auth, routing, the envelope
and its links, pagination, filters, the limit/page errors, and every row seen. It only sends GET and
HEAD, paced and counted, so it is safe against production.

Options:
${COMMON_FLAGS}
  --contract NAME       the row shape to expect: platform (what the API serves) or docs
                        (default: read off the first rows the server sends; give it against the real API)
  --reporter NAME       ${REPORTERS.join(', ')} (default spec)
  --out FILE            write the report to FILE; the spec report still goes to stdout

Keys are never printed or written. Exit status: 0 when every check passes, 1 when one fails or
could not run, 2 for a command line it cannot use, 3 when the target answers nothing (no check is run).

Checks: ${CHECK_NAMES.join(', ')}
`

export const RECORD_USAGE = `usage: futureagi-mock record --target URL --run-test-id ID [options]

Reads every page of a run test's listing and writes it as one fixture file that the mock serves
unchanged (futureagi-mock --fixtures DIR). The file is checked with the mock's own fixture loader
first; when it would not load, nothing is written.

Options:
${COMMON_FLAGS}
  --out FILE            write the fixture to FILE (default: stdout)
  --contract NAME       platform or docs (default: told from the rows)
  --anonymize           replace customer names, phone numbers, e-mail addresses and recording URLs,
                        the same way every time for the same seed
  --seed N              seed of the replacements, 0 to ${MAX_SEED} (default 1; needs --anonymize)

Keys are never printed or written. Exit status: 0 when the file was written, 1 when the run could
not be recorded, 2 for a command line it cannot use, 3 when the target answers nothing.
`

const SHARED_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  target: { type: 'string' },
  'run-test-id': { type: 'string' },
  contract: { type: 'string' },
  out: { type: 'string' },
  'max-rps': { type: 'string' },
  'max-requests': { type: 'string' },
  'api-key': { type: 'string' },
  'secret-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' }
}

const OPTIONS: Record<KitCommandName, NonNullable<ParseArgsConfig['options']>> = {
  verify: { ...SHARED_OPTIONS, reporter: { type: 'string' } },
  record: { ...SHARED_OPTIONS, anonymize: { type: 'boolean' }, seed: { type: 'string' } }
}

type Values = Record<string, string | boolean | Array<string | boolean> | undefined>

function stringFlag (values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

function required (values: Values, name: string): string {
  const value = stringFlag(values, name)
  if (value === undefined) throw new KitUsageError(`--${name}`, 'is required')
  return value
}

/** The flags both commands share, checked; a bad one throws a `KitUsageError` naming it. */
function sharedSettings (values: Values, env: KitIo['env']) {
  const maxRps = stringFlag(values, 'max-rps')
  const maxRequests = stringFlag(values, 'max-requests')
  const contract = stringFlag(values, 'contract')
  return {
    target: parseTarget(required(values, 'target'), '--target'),
    runTestId: parseRunTestId(required(values, 'run-test-id'), '--run-test-id'),
    contract: contract === undefined ? undefined : parseContract(contract, '--contract'),
    maxRps: maxRps === undefined ? DEFAULT_MAX_RPS : checkMaxRps(numberText(maxRps, '--max-rps'), '--max-rps'),
    maxRequests: maxRequests === undefined ? DEFAULT_MAX_REQUESTS : checkMaxRequests(numberText(maxRequests, '--max-requests'), '--max-requests'),
    apiKey: checkKey(stringFlag(values, 'api-key') ?? env.FI_API_KEY, '--api-key', 'FI_API_KEY'),
    secretKey: checkKey(stringFlag(values, 'secret-key') ?? env.FI_SECRET_KEY, '--secret-key', 'FI_SECRET_KEY'),
    out: stringFlag(values, 'out')
  }
}

/** Why a file could not be written, in words, without the name of the temporary file it went through. */
function writeFailure (path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of its folder path is a file',
    EEXIST: 'a part of its folder path is a file',
    ENOSPC: 'no space left on the device',
    EROFS: 'the file system is read-only'
  }
  return new Error(`could not write ${path}: ${(code !== undefined ? reasons[code] : undefined) ?? (code ?? String(error))}`)
}

/**
 * Writes next to the destination, then renames: a reader never sees half a file. The folder is made
 * when it does not exist yet; an error names the destination.
 */
function writeAtomically (path: string, text: string): void {
  const partial = `${path}.partial-${process.pid}`
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(partial, text)
    renameSync(partial, path)
  } catch (error) {
    try {
      rmSync(partial, { force: true })
    } catch {
      // Nothing was written where the folder path is blocked.
    }
    throw writeFailure(path, error)
  }
}

/** The values given to the key flags, found without parsing, so that even a command line parseArgs refuses cannot echo them. */
function keyArguments (argv: readonly string[]): string[] {
  const keys: string[] = []
  argv.forEach((arg, index) => {
    for (const flag of ['--api-key', '--secret-key']) {
      if (arg === flag && argv[index + 1] !== undefined) keys.push(argv[index + 1] as string)
      if (arg.startsWith(`${flag}=`)) keys.push(arg.slice(flag.length + 1))
    }
  })
  return keys
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

function message (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function runVerify (values: Values, io: KitIo): Promise<number> {
  const settings = sharedSettings(values, io.env)
  const reporterText = stringFlag(values, 'reporter') ?? 'spec'
  const reporter = REPORTERS.find((name) => name === reporterText)
  if (reporter === undefined) throw new KitUsageError('--reporter', `must be one of ${REPORTERS.join(', ')}, not ${JSON.stringify(reporterText)}`)
  const scrub = createScrubber([settings.apiKey, settings.secretKey])
  // The spec report is streamed, one check at a time, whenever it goes to the terminal.
  const streamSpec = reporter === 'spec' || settings.out !== undefined
  if (streamSpec) io.stdout.write(scrub(specHeader(settings)))
  const report = await verifyContract(settings, {
    onResult: (result) => {
      if (streamSpec) io.stdout.write(scrub(specResult(result)))
    }
  })
  if (streamSpec) io.stdout.write(scrub(specSummary(report)))
  const rendered = scrub(renderReport(report, reporter))
  if (settings.out !== undefined) {
    try {
      writeAtomically(settings.out, rendered)
    } catch (error) {
      io.stderr.write(`futureagi-mock verify: ${message(error)}\n`)
      return EXIT_FAILED
    }
    io.stdout.write(`report (${reporter}) written to ${settings.out}\n`)
  } else if (!streamSpec) {
    io.stdout.write(rendered)
  }
  return report.ok ? EXIT_OK : EXIT_FAILED
}

async function runRecord (values: Values, io: KitIo): Promise<number> {
  const settings = sharedSettings(values, io.env)
  const anonymize = values.anonymize === true
  const seedText = stringFlag(values, 'seed')
  let seed = 1
  if (seedText !== undefined) {
    if (!anonymize) throw new KitUsageError('--seed', 'only applies with --anonymize')
    if (!/^\d+$/.test(seedText) || Number(seedText) > MAX_SEED) throw new KitUsageError('--seed', `must be a whole number from 0 to ${MAX_SEED}, not ${JSON.stringify(seedText)}`)
    seed = Number(seedText)
  }
  const recording = await recordRun({ ...settings, anonymize, seed })
  for (const warning of recording.warnings) io.stderr.write(`futureagi-mock record: warning: ${warning}\n`)
  if (settings.out === undefined) {
    io.stdout.write(recording.text)
    return EXIT_OK
  }
  writeAtomically(settings.out, recording.text)
  const how = `${recording.fixture.contract} contract${anonymize ? `, anonymized with seed ${seed}` : ''}`
  io.stdout.write(`recorded ${plural(recording.rows, 'row')} of run test ${settings.runTestId} (${how}) to ${settings.out} in ${plural(recording.requests, 'request')}\n`)
  return EXIT_OK
}

/**
 * Runs `futureagi-mock verify` or `futureagi-mock record` with `argv` (the arguments after the command
 * name) and resolves with the exit status: 0 success, 1 a failed check or recording, 2 a usage error,
 * 3 a target that answers nothing.
 */
export async function runKitCommand (name: KitCommandName, argv: readonly string[], io: KitIo): Promise<number> {
  const usage = name === 'verify' ? VERIFY_USAGE : RECORD_USAGE
  const prefix = `futureagi-mock ${name}`
  const scrub = createScrubber([io.env.FI_API_KEY, io.env.FI_SECRET_KEY, ...keyArguments(argv)])
  let values: Values
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS[name], strict: true, allowPositionals: false }).values
  } catch (error) {
    // parseArgs names the flag in its message (`Unknown option '--x'`, `Option '--target <value>' argument missing`).
    io.stderr.write(scrub(`${prefix}: ${message(error).replace(/\s*\n\s*/g, ' ')}\n${usage.split('\n')[0] ?? ''}\n`))
    return EXIT_USAGE
  }
  if (values.help === true) {
    io.stdout.write(usage)
    return EXIT_OK
  }
  try {
    return name === 'verify' ? await runVerify(values, io) : await runRecord(values, io)
  } catch (error) {
    if (error instanceof KitUsageError) {
      io.stderr.write(scrub(`${prefix}: ${error.message}\n${usage.split('\n')[0] ?? ''}\n`))
      return EXIT_USAGE
    }
    if (error instanceof UnreachableError) {
      io.stderr.write(scrub(`${prefix}: ${error.message}: is a server running there?${name === 'verify' ? ' No check was run.' : ''}\n`))
      return EXIT_UNREACHABLE
    }
    io.stderr.write(`${prefix}: ${scrub(message(error))}\n`)
    return EXIT_FAILED
  }
}
