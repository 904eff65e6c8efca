// The package's programmatic API: start a mock inside a test process, plus the schemas and types of what it serves.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { FastifyServerOptions } from 'fastify'
import { ConfigError, SETTINGS, resolveConfig, settingName, type Config, type RawSettings, type SettingKey } from './config.js'
import { FixtureError } from './data/fixtures.js'
import type { Contract } from './data/model.js'
import type { SourcedStore } from './data/store.js'
import type { RunSpec } from './data/runs.js'
import { createStoreFromConfig } from './data/setup.js'
import type { FixtureFile } from './schemas/fixture.js'
import { startServer } from './server.js'
import { sessionHandle, type MockSession } from './control/handles.js'
import { DEFAULT_SESSION } from './control/sessions.js'

/** A generated run test to add, or a new size (and profile) for a well-known one. */
export type MockRun = Pick<RunSpec, 'id' | 'rows'> & Partial<Pick<RunSpec, 'profile'>>

export interface MockServerOptions {
  /** Default 0: the system picks a free port, so parallel test files never collide. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Seed of the generated data (default 1): the same seed gives the same rows. */
  seed?: number
  /** Row shape served (default `docs`). */
  contract?: Contract
  /** Extra or resized runs: `MOCK_RUNS` text (`<uuid>:<rows>[:<profile>],...`) or a list. */
  runs?: string | readonly MockRun[]
  /** Default `test-api-key`. */
  apiKey?: string
  /** Default `test-secret-key`. */
  secretKey?: string
  /** A bearer token to accept in `Authorization`; none by default. */
  accessToken?: string | null
  /**
   * A directory of fixture files, or the files' contents (each in the fixture file format, see
   * `FixtureFileSchema`). Either replaces the bundled fixtures.
   */
  fixtures?: string | readonly FixtureFile[]
  /** Scheme, host and path prefix of `next`/`previous` links; by default `http://` and the request's Host. */
  publicUrl?: string | null
  /** Answer browsers on other origins (default true). */
  cors?: boolean
  /** Fastify's logger option; off by default so that test output stays quiet. */
  logger?: FastifyServerOptions['logger']
  /** The control plane (`/__mock/`, `/__admin/`, sessions and journals); on by default. */
  admin?: boolean
  /** A bearer token the control plane's routes require; none by default (the handles below never need it). */
  adminToken?: string | null
  /** Live sessions besides the default one (default 1000). */
  maxSessions?: number
  /** Requests each session's journal keeps (default 1000; 0 keeps none). */
  journalSize?: number
  /** The delay of every answer: `120`, `50-300` or `lognormal:median=80,p99=600` (default none). */
  latency?: string
  /** `N/s`: the platform's 429 beyond N requests a second per key pair and session (default no limit). */
  rateLimit?: string
  /** `frozen` (default: session clocks stand at the reference instant) or `realtime`. */
  clock?: 'frozen' | 'realtime'
  /** Bytes a second of the slow-body fault (default 1024). */
  slowBodyRate?: number
}

/**
 * A running mock. The control-plane methods act on the default session, as `/__mock/` does without an
 * `X-Mock-Session` header; `session(name)` gives the same methods for another session.
 */
export interface MockServer extends MockSession {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string
  /** Stops accepting connections and resolves once the requests in flight have been answered. */
  close(): Promise<void>
  /** The session of that name (the `X-Mock-Session` a client sends), made on first use. */
  session(name: string): MockSession
}

/** The option's value as the text a flag or variable would carry, so that one parser checks all three. */
function optionText (name: string, value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new ConfigError(`${name}: expected a string, a number or a boolean, got ${typeof value}`, 'option')
}

function runsText (runs: readonly MockRun[]): string {
  return runs
    .map((run, index) => {
      // The text form separates entries with "," and fields with ":"; an id holding either would be split.
      if (typeof run.id !== 'string' || /[,:]/.test(run.id)) {
        throw new ConfigError(`runs[${index}].id: must be a lowercase hyphenated UUID`, 'option')
      }
      const fields = [run.id, optionText(`runs[${index}].rows`, run.rows)]
      if (run.profile !== undefined) fields.push(optionText(`runs[${index}].profile`, run.profile))
      return fields.join(':')
    })
    .join(',')
}

/** Every option `startMockServer` takes: as a record of the interface's keys, the compiler checks it lists them all. */
const OPTION_NAMES: Readonly<Record<keyof MockServerOptions, true>> = {
  port: true,
  host: true,
  seed: true,
  contract: true,
  runs: true,
  apiKey: true,
  secretKey: true,
  accessToken: true,
  fixtures: true,
  publicUrl: true,
  cors: true,
  logger: true,
  admin: true,
  adminToken: true,
  maxSessions: true,
  journalSize: true,
  latency: true,
  rateLimit: true,
  clock: true,
  slowBodyRate: true
}

/** An option that does not exist is a mistake (a typo, or an option of another version), never ignored. */
function checkOptionNames (options: object): void {
  const unknown = Object.keys(options).filter((name) => !Object.hasOwn(OPTION_NAMES, name))
  if (unknown.length > 0) {
    const names = Object.keys(OPTION_NAMES).join(', ')
    throw new ConfigError(`${unknown.join(', ')}: unknown option${unknown.length > 1 ? 's' : ''} (the options are ${names})`, 'option')
  }
}

function rawOptions (options: MockServerOptions): RawSettings {
  checkOptionNames(options)
  const given: Partial<Record<SettingKey, unknown>> = {
    port: options.port ?? 0,
    host: options.host,
    seed: options.seed,
    contract: options.contract,
    runs: Array.isArray(options.runs) ? runsText(options.runs) : options.runs,
    apiKey: options.apiKey,
    secretKey: options.secretKey,
    accessToken: options.accessToken,
    fixturesDir: typeof options.fixtures === 'string' ? options.fixtures : undefined,
    publicUrl: options.publicUrl,
    cors: options.cors,
    admin: options.admin,
    adminToken: options.adminToken,
    maxSessions: options.maxSessions,
    journalSize: options.journalSize,
    latency: options.latency,
    rateLimit: options.rateLimit,
    clock: options.clock,
    slowBodyRate: options.slowBodyRate
  }
  const raw: RawSettings = {}
  for (const entry of SETTINGS) {
    const value = given[entry.key]
    // null means "none" for the settings that allow it, which is also their default.
    if (value !== undefined && value !== null) raw[entry.key] = optionText(settingName(entry, 'option'), value)
  }
  return raw
}

/**
 * Fixture contents go through the same loader as fixture files, so they are validated and read
 * exactly as files would be: they are written to a private temporary folder, loaded, and the folder
 * is removed before the server starts. Errors name `fixtures[i]` instead of the temporary file.
 */
function storeWithFixtures (config: Config, files: readonly FixtureFile[]): SourcedStore {
  const dir = mkdtempSync(join(tmpdir(), 'futureagi-mock-fixtures-'))
  const indexOf = new Map<string, number>()
  try {
    files.forEach((file, index) => {
      // Zero-padded, so that the loader's name order is the list's order.
      const path = join(dir, `${String(index).padStart(6, '0')}.json`)
      let text: string
      try {
        text = JSON.stringify(file)
      } catch (error) {
        throw new ConfigError(`fixtures[${index}]: not JSON: ${(error as Error).message}`, 'option')
      }
      writeFileSync(path, text)
      indexOf.set(basename(path), index)
    })
    return createStoreFromConfig({ ...config, fixturesDir: dir })
  } catch (error) {
    if (error instanceof FixtureError) {
      const where = `fixtures[${indexOf.get(basename(error.file)) ?? '?'}]${error.path === '' ? '' : `.${error.path}`}`
      throw new ConfigError(`${where}: ${error.reason}`, 'option')
    }
    throw error
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Starts a mock server in this process and resolves once it listens. Options are checked like the
 * command line's flags (a `ConfigError` names the bad option); the environment is not read.
 */
export async function startMockServer (options: MockServerOptions = {}): Promise<MockServer> {
  const config = resolveConfig({ options: rawOptions(options) })
  const store = Array.isArray(options.fixtures) ? storeWithFixtures(config, options.fixtures) : undefined
  const { app, url, control } = await startServer(config, {
    logger: options.logger ?? false,
    store,
    warn: (message) => process.emitWarning(message, 'FutureagiMockWarning')
  })
  const origin = config.publicUrl ?? url
  return {
    ...sessionHandle(control, DEFAULT_SESSION, origin),
    url,
    close: async () => {
      await app.close()
    },
    session: (name) => sessionHandle(control, name, origin)
  }
}

export { buildApp, createAppControlPlane, type AppOptions } from './app.js'
export { ConfigError, type Config } from './config.js'
export type { ConversationMessage, CreateRunInput, FaultRuleInput, MockSession, RequestFilterInput } from './control/handles.js'
export type { BehaviourView, ClockView, FaultRuleView } from './control/control-plane.js'
export { FAULTS, type Fault } from './domain/faults.js'
export { AdminError } from './errors.js'
export type { CreatedRun, JournalEntryView } from './schemas/admin.js'
export type { RunInfo } from './data/model.js'
export { createStoreFromConfig } from './data/setup.js'
export { FixtureError } from './data/fixtures.js'
export type { CallStatus, Contract, Store } from './data/model.js'
export { RUN_PROFILES, WELL_KNOWN_RUNS, type RunProfile, type RunSpec, type WellKnownRun } from './data/runs.js'
export { CallStatusSchema, EvalOutputSchema, EvalOutputsSchema, type EvalOutput, type EvalOutputs } from './schemas/common.js'
export { DocsCallExecutionSchema, type DocsCallExecution } from './schemas/docs-row.js'
export {
  CallExecutionPageSchema,
  DocsCallExecutionPageSchema,
  ErrorEnvelopeSchema,
  PlatformCallExecutionPageSchema,
  type CallExecutionPage,
  type DocsCallExecutionPage,
  type ErrorEnvelope,
  type PlatformCallExecutionPage
} from './schemas/envelope.js'
export { FixtureFileSchema, type FixtureFile } from './schemas/fixture.js'
export { HealthSchema, type Health } from './schemas/health.js'
export {
  PlatformCallExecutionSchema,
  PlatformRowSchema,
  PlatformSnapshotRowSchema,
  type PlatformCallExecution,
  type PlatformRow,
  type PlatformSnapshotRow
} from './schemas/platform-row.js'
export { VERSION } from './version.js'
