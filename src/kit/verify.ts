// The contract checks as a library: build the list for a server and a run test, run it, and read the results.
//
// ```ts
// import { contractChecks } from 'futureagi-mock/verify'
//
// for (const check of contractChecks({ target, runTestId, apiKey, secretKey, contract: 'platform' })) {
//   t.test(check.name, async (t) => {
//     const result = await check.run()
//     t.ok(result.status === 'pass' || result.status === 'skip', describeResult(result))
//   })
// }
// ```
import {
  CheckContext,
  Outcome,
  type CheckDefinition,
  type CheckFailure,
  type CheckResult,
  type CheckStatus,
  type KitContract,
  type KitSettings
} from './check-context.js'
import { ACCESS_CHECKS } from './checks/access.js'
import { ENVELOPE_CHECKS } from './checks/envelope.js'
import { FILTER_CHECKS } from './checks/filters.js'
import { PAGINATION_CHECKS } from './checks/pagination.js'
import { PARAM_CHECKS } from './checks/params.js'
import { READ_SIDE_CHECKS } from './checks/read-side.js'
import { ROW_CHECKS } from './checks/rows.js'
import { UnreachableError, createHttpClient, type HttpClient, type ShownRequest } from './http-client.js'
import { createPoliteness, type Clock } from './politeness.js'
import { createScrubber, scrubDeep } from './redact.js'
import {
  DEFAULT_MAX_REQUESTS,
  DEFAULT_MAX_RPS,
  checkKey,
  checkMaxRequests,
  checkMaxRps,
  parseContract,
  parseRunTestId,
  parseTarget
} from './settings.js'

export type { CheckFailure, CheckResult, CheckStatus, KitContract, ShownRequest }
export { UnreachableError }
export { platformRowProblems, docsRowProblems } from './row-invariants.js'

export interface VerifyOptions {
  /** Where the API is: scheme, host and optional path prefix, e.g. `https://api.futureagi.com` or a mock's `url`. */
  target: string
  /** The run test whose listing is checked: a lowercase hyphenated UUID. */
  runTestId: string
  /** Sent as `X-Api-Key`; never shown in a result. */
  apiKey: string
  /** Sent as `X-Secret-Key`; never shown in a result. */
  secretKey: string
  /**
   * The row shape to hold the server to. Without it, it is read off the first rows the server sends
   * (docs rows carry `created_at`, platform rows `timestamp`); give it against the real API, so that rows
   * in the wrong shape fail rather than switch the contract.
   */
  contract?: KitContract
  /** At most this many requests per second, shared by every check of the list (default 5). */
  maxRps?: number
  /** At most this many requests in all, shared by every check of the list (default 500). */
  maxRequests?: number
  /** Replaces the system clock for pacing, so that tests need not wait. */
  clock?: Clock
}

/** One check of a list: `run()` sends its requests and resolves with its result; it never rejects. */
export interface ContractCheck {
  /** Stable dotted name, e.g. `pagination.walk`: what reports, test titles and CI history key on. */
  readonly name: string
  /** What the check establishes, in one line. */
  readonly title: string
  run(): Promise<CheckResult>
}

export interface VerifySummary {
  total: number
  passed: number
  failed: number
  /** Checks that could not run (network, budget, unreadable first page); they fail the run too. */
  errors: number
  skipped: number
  /** Requests sent by the whole list. */
  requests: number
  durationMs: number
}

export interface VerifyReport {
  target: string
  runTestId: string
  contract: KitContract
  results: CheckResult[]
  summary: VerifySummary
  /** True when no check failed or errored. */
  ok: boolean
}

/** Every check, in the order they run: cheap single requests first, the walk and what builds on it last. */
const CHECKS: readonly CheckDefinition[] = [
  ...ACCESS_CHECKS,
  ...ENVELOPE_CHECKS,
  ...READ_SIDE_CHECKS,
  ...PAGINATION_CHECKS,
  ...PARAM_CHECKS,
  ...FILTER_CHECKS,
  ...ROW_CHECKS
]

/** The names of all checks, in run order. */
export const CHECK_NAMES: readonly string[] = CHECKS.map((check) => check.name)

/** Validates the options; a bad one throws a `KitUsageError` naming it. */
export function resolveVerifySettings (options: VerifyOptions): KitSettings {
  return {
    target: parseTarget(options.target, 'target'),
    runTestId: parseRunTestId(options.runTestId, 'runTestId'),
    contract: options.contract === undefined ? 'platform' : parseContract(options.contract, 'contract'),
    detectContract: options.contract === undefined,
    apiKey: checkKey(options.apiKey, 'apiKey', 'FI_API_KEY'),
    secretKey: checkKey(options.secretKey, 'secretKey', 'FI_SECRET_KEY'),
    maxRps: checkMaxRps(options.maxRps ?? DEFAULT_MAX_RPS, 'maxRps'),
    maxRequests: checkMaxRequests(options.maxRequests ?? DEFAULT_MAX_REQUESTS, 'maxRequests')
  }
}

function toContractCheck (definition: CheckDefinition, ctx: CheckContext, scrub: (text: string) => string): ContractCheck {
  return {
    name: definition.name,
    title: definition.title,
    async run () {
      const started = performance.now()
      const before = ctx.politeness.used()
      const outcome = new Outcome()
      let status: CheckStatus
      try {
        await definition.run(ctx, outcome)
        outcome.finish()
        status = outcome.failures.length > 0 ? 'fail' : outcome.skipReason !== null ? 'skip' : 'pass'
        if (status === 'skip') outcome.notes.unshift(`skipped: ${outcome.skipReason ?? ''}`)
      } catch (error) {
        outcome.finish()
        status = 'error'
        outcome.failures.unshift({ message: `could not run: ${error instanceof Error ? error.message : String(error)}` })
      }
      const result: CheckResult = {
        name: definition.name,
        title: definition.title,
        status,
        failures: outcome.failures,
        notes: outcome.notes,
        requests: ctx.politeness.used() - before,
        durationMs: Math.round(performance.now() - started)
      }
      return scrubDeep(result, scrub)
    }
  }
}

function buildList (options: VerifyOptions): { settings: KitSettings; checks: ContractCheck[]; ctx: CheckContext; client: HttpClient } {
  const settings = resolveVerifySettings(options)
  const politeness = createPoliteness({ maxRps: settings.maxRps, maxRequests: settings.maxRequests, clock: options.clock })
  const client = createHttpClient(politeness)
  const ctx = new CheckContext(settings, client, politeness)
  const scrub = createScrubber([settings.apiKey, settings.secretKey])
  return { settings, ctx, client, checks: CHECKS.map((definition) => toContractCheck(definition, ctx, scrub)) }
}

/**
 * The contract checks for one server and run test. The checks share one request budget and one pace
 * (`maxRps`, `maxRequests`), one read of page 1 and one pagination walk, so run them in the order given
 * (each still runs alone: a check that needs the walk starts it). Only GET and HEAD are sent.
 * Throws a `KitUsageError` naming a bad option.
 */
export function contractChecks (options: VerifyOptions): ContractCheck[] {
  return buildList(options).checks
}

/** Runs checks one after the other, reporting each result as it comes. */
export async function runContractChecks (
  checks: readonly ContractCheck[],
  hooks: { onResult?: (result: CheckResult) => void } = {}
): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  for (const check of checks) {
    const result = await check.run()
    results.push(result)
    hooks.onResult?.(result)
  }
  return results
}

export function summarize (results: readonly CheckResult[], durationMs: number): VerifySummary {
  const count = (status: CheckStatus): number => results.filter((result) => result.status === status).length
  return {
    total: results.length,
    passed: count('pass'),
    failed: count('fail'),
    errors: count('error'),
    skipped: count('skip'),
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    durationMs
  }
}

/**
 * Builds the list, runs every check and returns the report: what `futureagi-mock verify` does. Rejects
 * with an `UnreachableError` when the target answers none of the first check's requests.
 */
export async function verifyContract (
  options: VerifyOptions,
  hooks: { onResult?: (result: CheckResult) => void } = {}
): Promise<VerifyReport> {
  const started = performance.now()
  const { settings, checks, client } = buildList(options)
  try {
    // A target that answers nothing would fail every check the same way: the first check tells, and
    // the run stops there with that one reason.
    const results = await runContractChecks(checks, {
      onResult: (result) => {
        const unreachable = client.unreachable()
        if (unreachable !== null) throw unreachable
        hooks.onResult?.(result)
      }
    })
    const summary = summarize(results, Math.round(performance.now() - started))
    return {
      target: settings.target,
      runTestId: settings.runTestId,
      contract: settings.contract,
      results,
      summary,
      ok: summary.failed === 0 && summary.errors === 0
    }
  } finally {
    client.close()
  }
}

/** A result's failures and notes as text, for a test assertion's message. */
export function describeResult (result: CheckResult): string {
  const lines = [`${result.name}: ${result.status}`]
  for (const failure of result.failures) {
    lines.push(`- ${failure.message}`)
    if (failure.request !== undefined) lines.push(`  ${failure.request.method} ${failure.request.url}`)
    if (failure.expected !== undefined) lines.push(`  expected: ${failure.expected}`)
    if (failure.seen !== undefined) lines.push(`  seen: ${failure.seen}`)
  }
  for (const note of result.notes) lines.push(`note: ${note}`)
  return lines.join('\n')
}
