// What the checks of one list share: the settings, the paced client and its budget, the first page, the walk, and every row seen.
import type { z } from 'zod'
import { DocsCallExecutionSchema } from '../schemas/docs-row.js'
import { PlatformRowSchema } from '../schemas/platform-row.js'
import type { DocsCallExecution } from '../schemas/docs-row.js'
import type { PlatformRow } from '../schemas/platform-row.js'
import { encodeQuery, type QueryPairs } from './expected-links.js'
import type { HttpClient, KitResponse, ReadMethod, ShownRequest } from './http-client.js'
import type { Politeness } from './politeness.js'
import { docsRowProblems, platformRowProblems } from './row-invariants.js'
import { idOf, sortKeyOf } from './row-fields.js'
import { planWalk, type WalkPlan } from './walk-plan.js'

export type KitContract = 'platform' | 'docs'

export interface KitSettings {
  /** Scheme, host and optional path prefix, without a trailing slash. */
  target: string
  runTestId: string
  /** The row shape expected; when `detectContract` is set, what the first rows the server sends show. */
  contract: KitContract
  /** True when no contract was given: it is read off the first page's rows (`created_at` is the docs contract's). */
  detectContract: boolean
  apiKey: string
  secretKey: string
  maxRps: number
  maxRequests: number
}

export type CheckStatus = 'pass' | 'fail' | 'error' | 'skip'

/** One thing a check found wrong: the request that showed it, what the contract expects and what came back. */
export interface CheckFailure {
  message: string
  request?: ShownRequest
  expected?: string
  seen?: string
}

export interface CheckResult {
  /** Stable, dotted name, e.g. `envelope.links`. */
  name: string
  /** What the check establishes, in one line. */
  title: string
  /** `error`: the check could not run (network, budget, an unreadable first page); it counts as failed. */
  status: CheckStatus
  failures: CheckFailure[]
  /** What was checked and what was not (a partial walk, a filter with nothing to match, a skip reason). */
  notes: string[]
  requests: number
  durationMs: number
}

/** Beyond this a check's failures are summarised: a drifted server would otherwise fill the report with one fault. */
const MAX_FAILURES_SHOWN = 25

const MAX_SEEN_CHARS = 600

/**
 * Requests kept aside, when the walk is planned, for the checks that run after it: at most 19 (the
 * last page, limit=0, past the end, four parameter errors, a dozen filtered listings), with room to spare.
 */
const RESERVED_REQUESTS = 30

/** Filtered listings are read in one page of this size; the comparison allows for a truncated one. */
export const FILTER_PAGE_SIZE = 500

/** A check as the lists are built from: what it is called, what it establishes, and how. */
export interface CheckDefinition {
  name: string
  title: string
  run(ctx: CheckContext, outcome: Outcome): Promise<void>
}

/** A check's findings as it runs. */
export class Outcome {
  readonly failures: CheckFailure[] = []
  readonly notes: string[] = []
  skipReason: string | null = null
  private hidden = 0

  fail (message: string, detail: Omit<CheckFailure, 'message'> = {}): void {
    if (this.failures.length >= MAX_FAILURES_SHOWN) {
      this.hidden++
      return
    }
    this.failures.push({ message, ...detail })
  }

  note (text: string): void {
    this.notes.push(text)
  }

  skip (reason: string): void {
    this.skipReason = reason
  }

  /** Failures past the ones shown, as a note, once the check is done. */
  finish (): void {
    if (this.hidden > 0) this.notes.push(`${this.hidden} more failures not shown`)
  }

  /** Records a failure unless the answer has `expected` status; returns whether it had. */
  expectStatus (res: KitResponse, expected: number, what: string): boolean {
    if (res.status === expected) return true
    this.fail(`${what}: status ${res.status}, expected ${expected}`, { request: res.request, expected: String(expected), seen: describeAnswer(res) })
    return false
  }

  expectHeader (res: KitResponse, name: string, expected: string, what: string): boolean {
    const seen = res.headers[name.toLowerCase()]
    if (seen === expected) return true
    this.fail(`${what}: header ${name} is ${seen === undefined ? 'missing' : JSON.stringify(seen)}`, {
      request: res.request,
      expected: `${name}: ${expected}`,
      seen: seen === undefined ? '(no such header)' : `${name}: ${seen}`
    })
    return false
  }

  /** The body byte for byte: the platform's error envelopes are fixed strings (contract §6). */
  expectBody (res: KitResponse, expected: string, what: string): boolean {
    if (res.body === expected) return true
    this.fail(`${what}: the body differs from the platform's`, { request: res.request, expected, seen: clip(res.body) })
    return false
  }

  expectJsonType (res: KitResponse, what: string): boolean {
    const type = res.headers['content-type'] ?? ''
    if (/^application\/json\b/.test(type)) return true
    this.fail(`${what}: Content-Type is ${JSON.stringify(type)}`, { request: res.request, expected: 'application/json', seen: type })
    return false
  }
}

export function clip (text: string, max = MAX_SEEN_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`
}

export function describeAnswer (res: KitResponse): string {
  const type = res.headers['content-type']
  return `${res.status}${type === undefined ? '' : ` (${type})`} ${clip(res.body)}`.trimEnd()
}

/** The envelope's fields as far as they can be read; the exact keys and types are `envelope.keys`'s business. */
export interface Envelope {
  count: number
  next: string | null
  previous: string | null
  results: unknown[]
  total_pages: unknown
  current_page: unknown
}

export interface PageAnswer {
  response: KitResponse
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown
  envelope: Envelope | null
  /** Why `envelope` is null. */
  problem: string | null
}

function readEnvelope (json: unknown): Envelope | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'the body is not a JSON object'
  const body = json as Record<string, unknown>
  if (typeof body.count !== 'number') return 'no numeric count'
  if (!Array.isArray(body.results)) return 'no results array'
  if (body.next !== null && typeof body.next !== 'string') return 'next is neither a string nor null'
  if (body.previous !== null && typeof body.previous !== 'string') return 'previous is neither a string nor null'
  return {
    count: body.count,
    next: body.next as string | null,
    previous: body.previous as string | null,
    results: body.results,
    total_pages: body.total_pages,
    current_page: body.current_page
  }
}

export interface SeenRow {
  row: unknown
  request: ShownRequest
}

export interface RowFinding {
  id: string
  request: ShownRequest
  problems: string[]
}

/** One walk of the listing at one page size. */
export interface WalkSequence {
  limit: number
  ids: string[]
  /** The platform's sort key per row (epoch µs), null when the row has none. */
  keys: Array<number | null>
}

export interface WalkResult {
  plan: WalkPlan
  /** `count` as the first page said it. */
  count: number
  sequences: WalkSequence[]
  /** The rows of the first walk, in listing order. */
  rows: unknown[]
  /** Everything the walk found wrong about pages: sizes, counts, totals, duplicates. */
  failures: CheckFailure[]
  /** One line saying what was walked. */
  summary: string
}

function schemaIssue (error: z.ZodError): string {
  return error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.')
    return `${path === '' ? '(row)' : path}: ${issue.message}`
  }).join('; ')
}

export class CheckContext {
  readonly settings: KitSettings
  readonly client: HttpClient
  readonly politeness: Politeness
  /** The listing's URL, with its trailing slash and no query. */
  readonly endpoint: string
  /** Every row seen on a 200 page, by id, with the request that first served it. */
  readonly rows = new Map<string, SeenRow>()
  readonly schemaFindings: RowFinding[] = []
  readonly invariantFindings: RowFinding[] = []
  private firstPageAnswer: Promise<PageAnswer> | undefined
  private walkAnswer: Promise<WalkResult> | undefined

  constructor (settings: KitSettings, client: HttpClient, politeness: Politeness) {
    this.settings = settings
    this.client = client
    this.politeness = politeness
    this.endpoint = this.listingUrl(settings.runTestId)
  }

  /** The listing URL of `runId` (any text: malformed ids are checks too), with or without the slash. */
  listingUrl (runId: string, query: QueryPairs | string = '', slash = true): string {
    const raw = typeof query === 'string' ? query : encodeQuery(query)
    return `${this.settings.target}/simulate/run-tests/${runId}/call-executions${slash ? '/' : ''}${raw === '' ? '' : `?${raw}`}`
  }

  keys (): Record<string, string> {
    return { 'X-Api-Key': this.settings.apiKey, 'X-Secret-Key': this.settings.secretKey }
  }

  send (method: ReadMethod, url: string, headers: Record<string, string> = {}): Promise<KitResponse> {
    return this.client.send(method, url, { Accept: 'application/json', ...headers })
  }

  /** GETs the listing with the keys and `pairs`, reads the envelope, and takes note of every row. */
  async page (pairs: QueryPairs): Promise<PageAnswer> {
    const response = await this.send('GET', this.listingUrl(this.settings.runTestId, pairs), this.keys())
    let json: unknown
    try {
      json = JSON.parse(response.body)
    } catch {
      return { response, json: undefined, envelope: null, problem: `status ${response.status}, not JSON` }
    }
    if (response.status !== 200) return { response, json, envelope: null, problem: `status ${response.status}` }
    const envelope = readEnvelope(json)
    if (typeof envelope === 'string') return { response, json, envelope: null, problem: envelope }
    if (this.settings.detectContract) this.detectContract(envelope.results)
    this.takeRows(envelope.results, response.request)
    return { response, json, envelope, problem: null }
  }

  /**
   * Settles the contract from the first rows seen: the docs contract's rows carry `created_at`, the
   * platform's `timestamp`. A run with no rows leaves the platform contract, whose envelope is the same.
   */
  private detectContract (rows: readonly unknown[]): void {
    const [row] = rows
    if (typeof row !== 'object' || row === null) return
    this.settings.contract = 'created_at' in row && !('timestamp' in row) ? 'docs' : 'platform'
    this.settings.detectContract = false
  }

  /** Page 1 with no query: the answer most checks start from. Read once per list. */
  firstPage (): Promise<PageAnswer> {
    this.firstPageAnswer ??= this.page([])
    return this.firstPageAnswer
  }

  /** The count of the unfiltered run, or an error saying why it could not be read. */
  async count (): Promise<number> {
    const first = await this.firstPage()
    if (first.envelope === null) {
      throw new Error(`could not read page 1 (${first.problem ?? 'unknown problem'}): ${describeAnswer(first.response)}`)
    }
    return first.envelope.count
  }

  /** The pagination walk, run once per list and shared by every check that needs the run's rows. */
  walk (): Promise<WalkResult> {
    this.walkAnswer ??= this.runWalk()
    return this.walkAnswer
  }

  private async runWalk (): Promise<WalkResult> {
    const count = await this.count()
    const budget = this.settings.maxRequests - this.politeness.used() - RESERVED_REQUESTS
    const plan = planWalk(count, budget)
    if (plan === null) {
      throw new Error(`${budget} requests are left for the walk of ${count} rows, too few for one page at each limit; raise --max-requests`)
    }
    const failures: CheckFailure[] = []
    const sequences: WalkSequence[] = []
    let firstRows: unknown[] = []
    for (const limit of plan.limits) {
      const sequence: WalkSequence = { limit, ids: [], keys: [] }
      const rows: unknown[] = []
      const pages = Math.max(1, Math.ceil(plan.rows / limit))
      for (let page = 1; page <= pages; page++) {
        const answer = await this.page([['limit', String(limit)], ['page', String(page)]])
        const { envelope, response } = answer
        if (envelope === null) {
          failures.push({ message: `limit ${limit}, page ${page}: ${answer.problem ?? ''}`, request: response.request, seen: describeAnswer(response) })
          break
        }
        const expectedSize = Math.max(0, Math.min(limit, count - (page - 1) * limit))
        const totalPages = count === 0 ? 0 : Math.ceil(count / limit)
        const pageProblems = [
          envelope.count === count ? null : `count is ${envelope.count}, page 1 said ${count}`,
          envelope.results.length === expectedSize ? null : `${envelope.results.length} rows, expected ${expectedSize}`,
          envelope.total_pages === totalPages ? null : `total_pages is ${JSON.stringify(envelope.total_pages)}, expected ${totalPages}`,
          envelope.current_page === page ? null : `current_page is ${JSON.stringify(envelope.current_page)}, expected ${page}`
        ].filter((problem): problem is string => problem !== null)
        for (const problem of pageProblems) {
          failures.push({ message: `limit ${limit}, page ${page}: ${problem}`, request: response.request })
        }
        for (const row of envelope.results) {
          rows.push(row)
          sequence.ids.push(idOf(row) ?? '')
          sequence.keys.push(sortKeyOf(row))
        }
      }
      // A partial walk reads whole pages; only the planned prefix is compared.
      sequence.ids = sequence.ids.slice(0, plan.rows)
      sequence.keys = sequence.keys.slice(0, plan.rows)
      const distinct = new Set(sequence.ids)
      if (distinct.size !== sequence.ids.length) {
        const repeated = sequence.ids.filter((id, index) => sequence.ids.indexOf(id) !== index)
        failures.push({ message: `limit ${limit}: ${sequence.ids.length - distinct.size} rows appear twice (${repeated.slice(0, 3).join(', ')})` })
      }
      if (sequence.ids.length !== plan.rows) {
        failures.push({
          message: `limit ${limit}: the walk yielded ${sequence.ids.length} rows, expected ${plan.rows}${plan.complete ? ' (count)' : ''}`,
          expected: String(plan.rows),
          seen: String(sequence.ids.length)
        })
      }
      sequences.push(sequence)
      if (firstRows.length === 0) firstRows = rows.slice(0, plan.rows)
    }
    const limits = plan.limits.join(', ')
    const summary = plan.complete
      ? `walked all ${count} rows at limits ${limits} (${plan.requests} requests)`
      : `walked the first ${plan.rows} of ${count} rows at limits ${limits} (${plan.requests} requests): ` +
        'the rest of the run was not walked within the request budget'
    return { plan, count, sequences, rows: firstRows, failures, summary }
  }

  /** Page 1 of a filtered listing, in one large page. */
  filtered (pairs: QueryPairs): Promise<PageAnswer> {
    return this.page([...pairs, ['limit', String(FILTER_PAGE_SIZE)]])
  }

  private takeRows (results: readonly unknown[], request: ShownRequest): void {
    results.forEach((row, index) => {
      const id = idOf(row)
      if (id === null) {
        this.schemaFindings.push({ id: `results[${index}]`, request, problems: ['a row without a string id'] })
        return
      }
      if (this.rows.has(id)) return
      this.rows.set(id, { row, request })
      if (this.settings.contract === 'docs') {
        const parsed = DocsCallExecutionSchema.safeParse(row)
        if (!parsed.success) this.schemaFindings.push({ id, request, problems: [schemaIssue(parsed.error)] })
        else this.noteInvariants(id, request, docsRowProblems(row as DocsCallExecution))
      } else {
        const parsed = PlatformRowSchema.safeParse(row)
        if (!parsed.success) this.schemaFindings.push({ id, request, problems: [schemaIssue(parsed.error)] })
        else this.noteInvariants(id, request, platformRowProblems(row as PlatformRow))
      }
    })
  }

  private noteInvariants (id: string, request: ShownRequest, problems: string[]): void {
    if (problems.length > 0) this.invariantFindings.push({ id, request, problems })
  }
}
