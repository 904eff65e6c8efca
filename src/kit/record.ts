// Records a run test's listing from a server into a fixture file the mock serves unchanged, optionally anonymized.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FixtureError, loadFixtures } from '../data/fixtures.js'
import { WELL_KNOWN_RUNS } from '../data/runs.js'
import { FixtureFileSchema, type FixtureFile } from '../schemas/fixture.js'
import { anonymizeFixture } from './anonymize.js'
import type { KitContract } from './check-context.js'
import { RecordError } from './errors.js'
import { encodeQuery } from './expected-links.js'
import { createHttpClient, type HttpClient } from './http-client.js'
import { createPoliteness, type Clock } from './politeness.js'
import { createScrubber } from './redact.js'
import { isServedRow, idOf } from './row-fields.js'
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

/** Rows per request: a tenth of a megabyte or so of platform rows, and a 10,000-row run in 100 requests. */
export const RECORD_PAGE_SIZE = 100

export interface RecordOptions {
  /** Where the API is: scheme, host and optional path prefix. */
  target: string
  runTestId: string
  apiKey: string
  secretKey: string
  /** The contract the rows are in; detected from the rows when left out. */
  contract?: KitContract
  /** Replace personal data (see anonymize.ts); default false. */
  anonymize?: boolean
  /** Seed of the stand-ins when anonymizing (default 1). */
  seed?: number
  maxRps?: number
  maxRequests?: number
  clock?: Clock
  /** Called with a line of progress (pages read), for a terminal. */
  onProgress?: (line: string) => void
}

export interface Recording {
  fixture: FixtureFile
  /** The file's bytes: what `record` writes. */
  text: string
  rows: number
  requests: number
  /** What the caller should know although the file is valid (e.g. replay order). */
  warnings: string[]
}

/** Reads the keys the server's rows carry to tell the contract: only platform rows have `timestamp`. */
function contractOfRows (rows: readonly unknown[]): KitContract | null {
  const platform = rows.every((row) => isServedRow(row) && 'timestamp' in row && 'is_snapshot' in row)
  const docs = rows.every((row) => isServedRow(row) && 'created_at' in row && !('timestamp' in row))
  if (platform === docs) return null
  return platform ? 'platform' : 'docs'
}

async function readPage (client: HttpClient, url: string, headers: Record<string, string>, scrub: (text: string) => string): Promise<{ count: number; results: unknown[] }> {
  const res = await client.send('GET', url, headers)
  if (res.status !== 200) {
    throw new RecordError(`GET ${url} answered ${res.status}: ${scrub(res.body.slice(0, 400))}`)
  }
  let body: unknown
  try {
    body = JSON.parse(res.body)
  } catch {
    throw new RecordError(`GET ${url} answered 200 with a body that is not JSON`)
  }
  if (!isServedRow(body) || typeof body.count !== 'number' || !Array.isArray(body.results)) {
    throw new RecordError(`GET ${url} answered 200 without a count and a results array`)
  }
  return { count: body.count, results: body.results }
}

/**
 * Loads the file with the mock's own fixture loader, which also checks that every row comes back
 * unchanged from the mock (the round-trip rule). It reads folders, so the file goes into a private one.
 */
function checkLoads (text: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'futureagi-mock-record-'))
  try {
    writeFileSync(join(dir, 'recording.json'), text)
    loadFixtures(dir)
  } catch (error) {
    if (error instanceof FixtureError) {
      throw new RecordError(`the mock would not load the recording: ${error.path === '' ? '' : `${error.path}: `}${error.reason}`)
    }
    throw error
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Walks every page of the run (paced and within the request budget), checks that the run did not
 * change meanwhile, anonymizes if asked, and proves the result loads in the mock. Throws a
 * `RecordError` saying why when any of that fails, or an `UnreachableError` when the target answers
 * nothing; nothing is written here.
 */
export async function recordRun (options: RecordOptions): Promise<Recording> {
  const target = parseTarget(options.target, 'target')
  const runTestId = parseRunTestId(options.runTestId, 'runTestId')
  const apiKey = checkKey(options.apiKey, 'apiKey', 'FI_API_KEY')
  const secretKey = checkKey(options.secretKey, 'secretKey', 'FI_SECRET_KEY')
  const wanted = options.contract === undefined ? undefined : parseContract(options.contract, 'contract')
  const politeness = createPoliteness({
    maxRps: checkMaxRps(options.maxRps ?? DEFAULT_MAX_RPS, 'maxRps'),
    maxRequests: checkMaxRequests(options.maxRequests ?? DEFAULT_MAX_REQUESTS, 'maxRequests'),
    clock: options.clock
  })
  const scrub = createScrubber([apiKey, secretKey])
  const client = createHttpClient(politeness)
  const headers = { Accept: 'application/json', 'X-Api-Key': apiKey, 'X-Secret-Key': secretKey }
  const urlOf = (page: number): string =>
    `${target}/simulate/run-tests/${runTestId}/call-executions/?${encodeQuery([['limit', String(RECORD_PAGE_SIZE)], ['page', String(page)]])}`
  const warnings: string[] = []
  let rows: unknown[]
  try {
    const first = await readPage(client, urlOf(1), headers, scrub).catch((error: unknown) => {
      throw client.unreachable() ?? error
    })
    const pages = Math.max(1, Math.ceil(first.count / RECORD_PAGE_SIZE))
    if (pages > politeness.maxRequests) {
      throw new RecordError(`the run has ${first.count} rows: reading them ${RECORD_PAGE_SIZE} a page takes ${pages} requests, more than --max-requests (${politeness.maxRequests})`)
    }
    rows = [...first.results]
    for (let page = 2; page <= pages; page++) {
      options.onProgress?.(`page ${page} of ${pages}`)
      const next = await readPage(client, urlOf(page), headers, scrub)
      if (next.count !== first.count) {
        throw new RecordError(`the run changed while it was being recorded (count went from ${first.count} to ${next.count}); record it once it has finished`)
      }
      rows.push(...next.results)
    }
    const ids = rows.map(idOf)
    if (rows.length !== first.count || new Set(ids).size !== ids.length) {
      throw new RecordError(`the pages held ${rows.length} rows (${new Set(ids).size} distinct) for a count of ${first.count}: ` +
        'rows moved between pages while they were read (the listing is ordered by last update); record the run once it has finished')
    }
  } finally {
    client.close()
  }

  const detected = contractOfRows(rows)
  let contract: KitContract
  if (rows.length === 0) {
    contract = wanted ?? 'platform'
    if (wanted === undefined) warnings.push('the run has no rows, so its contract cannot be told; recorded as platform (choose with --contract)')
  } else if (detected === null) {
    throw new RecordError('the rows are in neither contract\'s shape (platform rows have timestamp and is_snapshot, docs rows created_at)')
  } else if (wanted !== undefined && wanted !== detected) {
    throw new RecordError(`the rows are in the ${detected} contract's shape, not the ${wanted} contract's`)
  } else {
    contract = detected
  }

  const recorded = { contract, runTests: [{ id: runTestId, description: `Recorded from the listing of run test ${runTestId}: ${rows.length} rows.`, rows }] }
  // Checked before anonymizing, which relies on the rows' shape; a bad row is named by its place.
  const parsed = FixtureFileSchema.safeParse(recorded)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RecordError(`the mock would not load the recording: ${issue === undefined ? 'invalid' : `${issue.path.map(String).join('.')}: ${issue.message}`}`)
  }
  // The schema's output would reorder keys; the file keeps the server's rows as they were sent.
  let fixture = recorded as FixtureFile
  if (options.anonymize === true) fixture = anonymizeFixture(fixture, options.seed ?? 1)
  const text = JSON.stringify(fixture, null, 2) + '\n'
  if (scrub(text) !== text) {
    throw new RecordError('the recording contains the API key or the secret key; nothing was written')
  }
  checkLoads(text)
  if (WELL_KNOWN_RUNS.some((run) => run.id === runTestId)) {
    warnings.push(`run test ${runTestId} is one of the mock's generated runs; a mock serving this file alongside them refuses to start`)
  }
  return { fixture, text, rows: rows.length, requests: politeness.used(), warnings }
}
