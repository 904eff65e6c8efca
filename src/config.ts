// The mock's settings: one table of flags and variables, each value validated by the same parser whichever way it came.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONTRACTS, type Contract } from './data/model.js'
import { parseRunsSpec } from './data/runs.js'
import { parseLatencySpec, type LatencySpec } from './domain/latency.js'
import { parseRateLimit, type RateLimit } from './domain/rate-limit.js'
import { FIXTURES_DIR } from './package-files.js'

export const CLOCK_MODES = ['frozen', 'realtime'] as const
export type ClockMode = (typeof CLOCK_MODES)[number]

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface Config {
  port: number
  host: string
  apiKey: string
  secretKey: string
  /** A bearer token accepted in `Authorization`; null accepts none, as a mock of the platform's tokens. */
  accessToken: string | null
  seed: number
  contract: Contract
  fixturesDir: string
  /** Raw `MOCK_RUNS` text: extra runs or new sizes for the well-known ones. */
  runs: string
  logLevel: LogLevel
  /** Scheme, host and path prefix that `next`/`previous` links start with; null derives them from the request. */
  publicUrl: string | null
  /** Whether browsers on other origins may call the platform's API. */
  cors: boolean
  /** Origins of web pages allowed on the control plane besides the mock's own (`*` for any); none by default. */
  adminOrigins: string[]
  /** Whether the control plane (`/__mock/`, `/__admin/`, sessions and their journals) is on. */
  admin: boolean
  /** A bearer token the control plane requires; null requires none. */
  adminToken: string | null
  /** Live sessions besides the default one. */
  maxSessions: number
  /** Requests each session's journal keeps; 0 keeps none. */
  journalSize: number
  /** The delay of every answer of the platform's API, unless a session or request says otherwise; null for none. */
  latency: LatencySpec | null
  /** Requests per key pair (or token), every session together, before the platform's 429; null for no limit. */
  rateLimit: RateLimit | null
  /** Whether session clocks start frozen at the reference instant or follow wall time from it. */
  clock: ClockMode
  /** Bytes a second of the `slow-body` fault. */
  slowBodyRate: number
}

/** The fixtures that ship with the package, next to `dist/` and `src/`. */
export const DEFAULT_FIXTURES_DIR = fileURLToPath(FIXTURES_DIR)

/**
 * The most `--max-sessions` may be. Each session costs about 2 KB and 64 bytes per start-up run before it
 * holds anything (its journal, rows and fault rules come out of bounds shared by all sessions), so at
 * this bound the sessions themselves take at most ~25 MB with the bundled runs.
 */
export const MAX_SESSIONS_BOUND = 10_000

export const DEFAULTS: Config = {
  port: 8000,
  host: '127.0.0.1',
  apiKey: 'test-api-key',
  secretKey: 'test-secret-key',
  accessToken: null,
  seed: 1,
  contract: 'docs',
  fixturesDir: DEFAULT_FIXTURES_DIR,
  runs: '',
  logLevel: 'info',
  publicUrl: null,
  cors: true,
  adminOrigins: [],
  admin: true,
  adminToken: null,
  maxSessions: 1000,
  journalSize: 1000,
  latency: null,
  rateLimit: null,
  clock: 'frozen',
  slowBodyRate: 1024
}

/** Where a raw value came from: a command-line flag, an environment variable or a programmatic option. */
export type SettingOrigin = 'flag' | 'env' | 'option'

/** A setting that cannot be used; the message names the flag, variable or option it came from and why. */
export class ConfigError extends Error {
  readonly origin: SettingOrigin
  constructor (message: string, origin: SettingOrigin) {
    super(message)
    this.name = 'ConfigError'
    this.origin = origin
  }
}

/** Thrown by the parsers below; `resolveConfig` adds the origin, which the parsers do not know. */
class InvalidValue extends Error {}

function integer (name: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidValue(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`)
  }
  return value
}

function nonEmpty (name: string, raw: string): string {
  if (raw.length === 0) throw new InvalidValue(`${name}: must not be empty`)
  return raw
}

function oneOf<T extends string> (name: string, raw: string, allowed: readonly T[]): T {
  const found = allowed.find((value) => value === raw)
  if (found === undefined) {
    throw new InvalidValue(`${name}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`)
  }
  return found
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on']
const FALSE_WORDS = ['0', 'false', 'no', 'off']

function boolean (name: string, raw: string): boolean {
  const word = raw.trim().toLowerCase()
  if (TRUE_WORDS.includes(word)) return true
  if (FALSE_WORDS.includes(word)) return false
  throw new InvalidValue(`${name}: expected true or false (or 1/0, yes/no, on/off), got ${JSON.stringify(raw)}`)
}

function accessToken (name: string, raw: string): string | null {
  // The platform strips "Bearer" and spaces before reading a token, so a token containing either could never match.
  if (raw === '') return null
  if (/\s|Bearer/.test(raw)) throw new InvalidValue(`${name}: must not contain spaces or the word "Bearer"`)
  return raw
}

function adminToken (name: string, raw: string): string | null {
  if (raw === '') return null
  // Sent as `Authorization: Bearer <token>`, which a space or a control character would break.
  if (!/^[\x21-\x7e]+$/.test(raw)) throw new InvalidValue(`${name}: must be printable ASCII without spaces`)
  return raw
}

function latency (name: string, raw: string): LatencySpec | null {
  if (raw.trim() === '' || raw.trim() === '0') return null
  const spec = parseLatencySpec(raw)
  if (typeof spec === 'string') throw new InvalidValue(`${name}: ${spec}, got ${JSON.stringify(raw)}`)
  return spec
}

function rateLimit (name: string, raw: string): RateLimit | null {
  if (raw.trim() === '') return null
  const limit = parseRateLimit(raw)
  if (typeof limit === 'string') throw new InvalidValue(`${name}: ${limit}, got ${JSON.stringify(raw)}`)
  return limit
}

/** Comma-separated origins (`http://localhost:5173`), or `*`; each kept as the URL standard writes an origin. */
function origins (name: string, raw: string): string[] {
  const list: string[] = []
  for (const item of raw.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    if (item === '*') {
      list.push(item)
      continue
    }
    const url = absoluteUrl(item)
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === 'null' ||
        url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      throw new InvalidValue(`${name}: expected origins such as http://localhost:5173 (scheme, host and port, no path), separated by commas, or *, got ${JSON.stringify(item)}`)
    }
    list.push(url.origin)
  }
  return list
}

function directory (name: string, raw: string): string {
  nonEmpty(name, raw)
  const path = resolve(raw)
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new InvalidValue(`${name}: no directory at ${JSON.stringify(raw)}`)
  }
  return path
}

function runs (name: string, raw: string): string {
  // The store parses the same text again; checking it here lets the message name the flag or variable.
  try {
    parseRunsSpec(raw)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new InvalidValue(`${name}: ${message.replace(/^MOCK_RUNS: /, '')}`)
  }
  return raw.trim()
}

/**
 * Links are built as this prefix plus the endpoint's path, so it keeps only what a link may start
 * with: no trailing slash, query, fragment or credentials.
 */
function absoluteUrl (raw: string): URL | null {
  try {
    return new URL(raw)
  } catch {
    return null
  }
}

function publicUrl (name: string, raw: string): string | null {
  if (raw === '') return null
  const url = absoluteUrl(raw)
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidValue(`${name}: expected an absolute http(s) URL such as https://mock.example.test/prefix, got ${JSON.stringify(raw)}`)
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new InvalidValue(`${name}: must not have a query, a fragment or credentials, got ${JSON.stringify(raw)}`)
  }
  return url.origin + url.pathname.replace(/\/+$/, '')
}

export type SettingKey = keyof Config

export interface Setting<K extends SettingKey = SettingKey> {
  key: K
  /** The long flag without its dashes; its camelCase form names the programmatic option. */
  flag: string
  env: string
  /** What the flag's value stands for in the help; empty for a switch. */
  placeholder: string
  help: string
  parse: (name: string, raw: string) => Config[K]
}

const setting = <K extends SettingKey>(key: K, rest: Omit<Setting<K>, 'key'>): Setting<K> => ({ key, ...rest })

/** Every setting, in the order the help lists them. */
export const SETTINGS: readonly Setting[] = [
  setting('port', {
    flag: 'port',
    env: 'PORT',
    placeholder: 'PORT',
    help: 'TCP port to listen on; 0 picks a free one',
    parse: (name, raw) => integer(name, raw, 0, 65535)
  }),
  setting('host', {
    flag: 'host',
    env: 'HOST',
    placeholder: 'HOST',
    help: 'address to listen on; 0.0.0.0 in a container',
    parse: nonEmpty
  }),
  setting('seed', {
    flag: 'seed',
    env: 'MOCK_SEED',
    placeholder: 'N',
    help: 'seed of the generated data: same seed, same answers',
    parse: (name, raw) => integer(name, raw, 0, 2 ** 32 - 1)
  }),
  setting('contract', {
    flag: 'contract',
    env: 'MOCK_CONTRACT',
    placeholder: 'NAME',
    help: `row shape served: ${CONTRACTS.join(' or ')}`,
    parse: (name, raw) => oneOf(name, raw, CONTRACTS)
  }),
  setting('fixturesDir', {
    flag: 'fixtures',
    env: 'MOCK_FIXTURES',
    placeholder: 'DIR',
    help: 'directory of fixture files (default: the bundled ones)',
    parse: directory
  }),
  setting('apiKey', {
    flag: 'api-key',
    env: 'FI_API_KEY',
    placeholder: 'KEY',
    help: 'accepted X-Api-Key',
    parse: nonEmpty
  }),
  setting('secretKey', {
    flag: 'secret-key',
    env: 'FI_SECRET_KEY',
    placeholder: 'KEY',
    help: 'accepted X-Secret-Key',
    parse: nonEmpty
  }),
  setting('accessToken', {
    flag: 'access-token',
    env: 'MOCK_ACCESS_TOKEN',
    placeholder: 'TOKEN',
    help: 'accepted bearer token in Authorization (default: none)',
    parse: accessToken
  }),
  setting('runs', {
    flag: 'runs',
    env: 'MOCK_RUNS',
    placeholder: 'SPEC',
    help: 'extra or resized runs: <uuid>:<rows>[:<profile>][,...]',
    parse: runs
  }),
  setting('publicUrl', {
    flag: 'public-url',
    env: 'MOCK_PUBLIC_URL',
    placeholder: 'URL',
    help: 'scheme, host and path prefix for next/previous links',
    parse: publicUrl
  }),
  setting('logLevel', {
    flag: 'log-level',
    env: 'LOG_LEVEL',
    placeholder: 'LEVEL',
    help: `log level: ${LOG_LEVELS.join(', ')}`,
    parse: (name, raw) => oneOf(name, raw, LOG_LEVELS)
  }),
  setting('cors', {
    flag: 'cors',
    env: 'MOCK_CORS',
    placeholder: '',
    help: 'answer browsers on other origins',
    parse: boolean
  }),
  setting('adminOrigins', {
    flag: 'admin-origin',
    env: 'MOCK_ADMIN_ORIGIN',
    placeholder: 'ORIGINS',
    help: 'web pages allowed on the control plane besides the mock\'s own: origins separated by commas, or * (default: none)',
    parse: origins
  }),
  setting('admin', {
    flag: 'admin',
    env: 'MOCK_ADMIN',
    placeholder: '',
    help: 'the control plane: /__mock/, /__admin/, sessions and their request journals',
    parse: boolean
  }),
  setting('adminToken', {
    flag: 'admin-token',
    env: 'MOCK_ADMIN_TOKEN',
    placeholder: 'TOKEN',
    help: 'require Authorization: Bearer TOKEN on the control plane (default: none)',
    parse: adminToken
  }),
  setting('maxSessions', {
    flag: 'max-sessions',
    env: 'MOCK_MAX_SESSIONS',
    placeholder: 'N',
    help: 'live sessions besides the default one; the one idle longest is dropped for a new one, unless used in the last 10 minutes',
    parse: (name, raw) => integer(name, raw, 1, MAX_SESSIONS_BOUND)
  }),
  setting('journalSize', {
    flag: 'journal-size',
    env: 'MOCK_JOURNAL_SIZE',
    placeholder: 'N',
    help: 'requests each session\'s journal keeps; 0 keeps none',
    parse: (name, raw) => integer(name, raw, 0, 1_000_000)
  }),
  setting('latency', {
    flag: 'latency',
    env: 'MOCK_LATENCY',
    placeholder: 'SPEC',
    help: 'delay of every platform answer: 120 (ms), 50-300 (uniform) or lognormal:median=80,p99=600 (default: none)',
    parse: latency
  }),
  setting('rateLimit', {
    flag: 'rate-limit',
    env: 'MOCK_RATE_LIMIT',
    placeholder: 'N/s',
    help: 'answer the platform\'s 429 beyond N requests a second per key pair (or token), every session together (default: no limit)',
    parse: rateLimit
  }),
  setting('clock', {
    flag: 'clock',
    env: 'MOCK_CLOCK',
    placeholder: 'MODE',
    help: `session clocks: ${CLOCK_MODES.join(' (at the reference instant) or ')} (from the reference instant when a session starts)`,
    parse: (name, raw) => oneOf(name, raw, CLOCK_MODES)
  }),
  setting('slowBodyRate', {
    flag: 'slow-body-rate',
    env: 'MOCK_SLOW_BODY_RATE',
    placeholder: 'BYTES',
    help: 'bytes a second of the slow-body fault',
    parse: (name, raw) => integer(name, raw, 1, 1_000_000_000)
  })
]

/** How a setting is named in messages: `--port`, `PORT` or `port`. */
export function settingName (entry: Setting, origin: SettingOrigin): string {
  if (origin === 'flag') return `--${entry.flag}`
  if (origin === 'env') return entry.env
  return entry.flag.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase())
}

type Env = Readonly<Record<string, string | undefined>>

/** Raw setting values keyed by setting; a missing key means "not given". */
export type RawSettings = Partial<Record<SettingKey, string>>

export interface ConfigSources {
  /** Command-line flags; they win over the environment. */
  flags?: RawSettings
  /** Programmatic options, for the in-process server; they also win over the environment. */
  options?: RawSettings
  env?: Env
}

function parseInto<K extends SettingKey> (config: Config, entry: Setting<K>, raw: string, origin: SettingOrigin): void {
  try {
    config[entry.key] = entry.parse(settingName(entry, origin), raw)
  } catch (error) {
    if (error instanceof InvalidValue) throw new ConfigError(error.message, origin)
    throw error
  }
}

/**
 * Builds the configuration from defaults, the environment, then flags or options on top. Flags and
 * options are validated before the environment, so a bad flag is reported even when a variable is
 * also bad; a variable overridden by a flag is not read at all. Throws `ConfigError` on the first
 * invalid value.
 */
export function resolveConfig (sources: ConfigSources): Config {
  const config: Config = { ...DEFAULTS }
  const given = new Set<SettingKey>()
  for (const origin of ['flag', 'option'] as const) {
    const values = origin === 'flag' ? sources.flags : sources.options
    for (const entry of SETTINGS) {
      const raw = values?.[entry.key]
      if (raw === undefined) continue
      parseInto(config, entry, raw, origin)
      given.add(entry.key)
    }
  }
  for (const entry of SETTINGS) {
    const raw = sources.env?.[entry.env]
    if (raw === undefined || given.has(entry.key)) continue
    parseInto(config, entry, raw, 'env')
  }
  return config
}
