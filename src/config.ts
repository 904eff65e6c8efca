// The mock's settings: parsed and validated once from the environment, with defaults.
import { fileURLToPath } from 'node:url'
import { CONTRACTS, type Contract } from './data/model.js'

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
}

/** The fixtures that ship with the package, next to `dist/` and `src/`. */
export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url))

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
  logLevel: 'info'
}

/** A setting that cannot be used; the message names where it came from and why. */
export class ConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

type Env = Readonly<Record<string, string | undefined>>

function integer (name: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`)
  }
  return value
}

function nonEmpty (name: string, raw: string): string {
  if (raw.length === 0) throw new ConfigError(`${name}: must not be empty`)
  return raw
}

function oneOf<T extends string> (name: string, raw: string, allowed: readonly T[]): T {
  const found = allowed.find((value) => value === raw)
  if (found === undefined) {
    throw new ConfigError(`${name}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`)
  }
  return found
}

/** Reads every setting from environment variables; throws `ConfigError` on the first invalid one. */
export function configFromEnv (env: Env): Config {
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T): T => {
    const raw = env[name]
    return raw === undefined ? fallback : parse(raw)
  }
  return {
    port: read('PORT', DEFAULTS.port, (raw) => integer('PORT', raw, 0, 65535)),
    host: read('HOST', DEFAULTS.host, (raw) => nonEmpty('HOST', raw)),
    apiKey: read('FI_API_KEY', DEFAULTS.apiKey, (raw) => nonEmpty('FI_API_KEY', raw)),
    secretKey: read('FI_SECRET_KEY', DEFAULTS.secretKey, (raw) => nonEmpty('FI_SECRET_KEY', raw)),
    accessToken: read('MOCK_ACCESS_TOKEN', DEFAULTS.accessToken, (raw) => {
      // The platform strips "Bearer" and spaces before reading a token, so a token containing either could never match.
      if (raw === '') return null
      if (/\s|Bearer/.test(raw)) throw new ConfigError('MOCK_ACCESS_TOKEN: must not contain spaces or the word "Bearer"')
      return raw
    }),
    seed: read('MOCK_SEED', DEFAULTS.seed, (raw) => integer('MOCK_SEED', raw, 0, 2 ** 32 - 1)),
    contract: read('MOCK_CONTRACT', DEFAULTS.contract, (raw) => oneOf('MOCK_CONTRACT', raw, CONTRACTS)),
    fixturesDir: read('MOCK_FIXTURES', DEFAULTS.fixturesDir, (raw) => nonEmpty('MOCK_FIXTURES', raw)),
    runs: read('MOCK_RUNS', DEFAULTS.runs, (raw) => raw.trim()),
    logLevel: read('LOG_LEVEL', DEFAULTS.logLevel, (raw) => oneOf('LOG_LEVEL', raw, LOG_LEVELS))
  }
}
