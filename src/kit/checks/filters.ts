// Checks of the search and status filters, against the rows the walk saw: what must match, what must not, and the counts.
//
// A filtered listing is the unfiltered one with rows left out, in the same order. So the walked rows
// that match a filter are a prefix of the filtered listing (all of it when the walk was complete), and
// the first page of the filtered listing is a prefix too: the shorter of the two must be the start of
// the longer. Search terms are taken from the walked rows, so the checks work on any run.
import type { CheckContext, CheckDefinition, Outcome, WalkResult } from '../check-context.js'
import { describeAnswer } from '../check-context.js'
import type { QueryPairs } from '../expected-links.js'
import { idOf, scenarioNameOf, searchedPhoneOf, statusOf } from '../row-fields.js'

/** Whether a row should be listed: undefined when the rows seen cannot tell (a snapshot whose call was not seen). */
type RowFilter = (row: unknown) => boolean | undefined

const MAX_ROWS_NAMED = 5

function describePairs (pairs: QueryPairs): string {
  return pairs.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(' ')
}

/** Fetches the filtered listing and compares it with what the walked rows say it must hold. */
async function expectFiltered (ctx: CheckContext, outcome: Outcome, walk: WalkResult, pairs: QueryPairs, keep: RowFilter): Promise<void> {
  const what = describePairs(pairs)
  const answer = await ctx.filtered(pairs)
  const { envelope, response } = answer
  if (envelope === null) {
    outcome.fail(`${what}: the page could not be read (${answer.problem ?? ''})`, { request: response.request, seen: describeAnswer(response) })
    return
  }
  const listed = envelope.results
  const wrong = listed.filter((row) => keep(row) === false)
  if (wrong.length > 0) {
    outcome.fail(`${what}: ${wrong.length} listed rows do not match the filter`, {
      request: response.request,
      seen: wrong.slice(0, MAX_ROWS_NAMED).map((row) => `${idOf(row) ?? '?'} (status ${JSON.stringify(statusOf(row))}, scenario ${JSON.stringify(scenarioNameOf(row))})`).join('; ')
    })
  }
  const matching = walk.rows.filter((row) => keep(row) === true).map((row) => idOf(row) ?? '')
  const unknown = walk.rows.filter((row) => keep(row) === undefined).length
  if (walk.plan.complete && unknown === 0 && envelope.count !== matching.length) {
    outcome.fail(`${what}: count is not the number of matching rows in the run`, { request: response.request, expected: String(matching.length), seen: String(envelope.count) })
  } else if (envelope.count < matching.length) {
    outcome.fail(`${what}: count is below the number of matching rows already seen`, { request: response.request, expected: `at least ${matching.length}`, seen: String(envelope.count) })
  }
  if (unknown > 0) return
  const listedIds = listed.map((row) => idOf(row) ?? '')
  // The shorter prefix must be the start of the longer one (taken as sets: ties may swap at the edge).
  const [shorter, longer] = matching.length <= listedIds.length
    ? [matching, new Set(listedIds)]
    : [listedIds, new Set(matching.slice(0, listedIds.length))]
  const missing = shorter.filter((id) => !longer.has(id))
  if (missing.length > 0) {
    outcome.fail(`${what}: ${missing.length} matching rows are missing from the filtered listing, or it holds others`, {
      request: response.request,
      seen: missing.slice(0, MAX_ROWS_NAMED).join(', ')
    })
  }
}

/** Statuses of the walked rows, most frequent first. */
function statusesOf (rows: readonly unknown[]): string[] {
  const counts = new Map<string, number>()
  for (const row of rows) {
    const status = statusOf(row)
    if (status !== null) counts.set(status, (counts.get(status) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([status]) => status)
}

/**
 * A few letters from inside a word of the commonest scenario name: a substring rather than a word, and
 * letters only, so that LIKE's `%` and `_` play no part and no phone number can match.
 */
function searchTermOf (rows: readonly unknown[]): string | null {
  const counts = new Map<string, number>()
  for (const row of rows) {
    const name = scenarioNameOf(row)
    if (name !== null) counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  for (const [name] of [...counts].sort((a, b) => b[1] - a[1])) {
    const word = (name.match(/[A-Za-z]{4,}/g) ?? []).sort((a, b) => b.length - a.length)[0]
    if (word !== undefined) return word.slice(1, 6)
  }
  return null
}

/** A run of digits from an agent's phone number, as a client searching for it would type it. */
function phoneTermOf (rows: readonly unknown[]): string | null {
  for (const row of rows) {
    const phone = searchedPhoneOf(row, new Map())
    const digits = typeof phone === 'string' ? (phone.match(/\d{4,}/g) ?? []).sort((a, b) => b.length - a.length)[0] : undefined
    if (digits !== undefined) return digits.slice(-6)
  }
  return null
}

function swapCase (text: string): string {
  return [...text].map((char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase())).join('')
}

function scenarioContains (row: unknown, term: string): boolean {
  return scenarioNameOf(row)?.toLowerCase().includes(term.toLowerCase()) === true
}

export const FILTER_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'filters.status-exact',
    title: 'status=<s> lists exactly the rows with that status (value trimmed)',
    async run (ctx, outcome) {
      const walk = await ctx.walk()
      const statuses = statusesOf(walk.rows).slice(0, 3)
      if (statuses.length === 0) outcome.note('no rows were walked: only checked that status=completed matches nothing')
      const chosen = statuses.length === 0 ? ['completed'] : statuses
      for (const status of chosen) {
        await expectFiltered(ctx, outcome, walk, [['status', status]], (row) => statusOf(row) === status)
      }
      const first = chosen[0] as string
      await expectFiltered(ctx, outcome, walk, [['status', ` ${first} `]], (row) => statusOf(row) === first)
    }
  },
  {
    name: 'filters.status-case-sensitive',
    title: 'status is compared case-sensitively: a status in capitals matches nothing',
    async run (ctx, outcome) {
      const walk = await ctx.walk()
      const status = statusesOf(walk.rows)[0] ?? 'completed'
      for (const variant of [status.toUpperCase(), status.charAt(0).toUpperCase() + status.slice(1)]) {
        await expectFiltered(ctx, outcome, walk, [['status', variant]], () => false)
      }
    }
  },
  {
    name: 'filters.search-case-insensitive',
    title: 'search is a case-insensitive substring of the scenario name (value trimmed)',
    async run (ctx, outcome) {
      const walk = await ctx.walk()
      const term = searchTermOf(walk.rows)
      if (term === null) {
        outcome.skip('no walked row has a scenario name to search for')
        return
      }
      for (const variant of [term.toLowerCase(), term.toUpperCase(), swapCase(term), ` ${term} `]) {
        await expectFiltered(ctx, outcome, walk, [['search', variant]], (row) => scenarioContains(row, term))
      }
    }
  },
  {
    name: 'filters.search-phone',
    title: 'search matches a substring of the agent\'s phone number (a snapshot matches on its call\'s)',
    async run (ctx, outcome) {
      if (ctx.settings.contract === 'docs') {
        outcome.skip('the docs contract does not expose phone numbers, so a phone search cannot be checked')
        return
      }
      const walk = await ctx.walk()
      const term = phoneTermOf(walk.rows)
      if (term === null) {
        outcome.skip('no walked row has a phone number to search for')
        return
      }
      const rowsById = new Map([...ctx.rows].map(([id, seen]) => [id, seen.row]))
      await expectFiltered(ctx, outcome, walk, [['search', term]], (row) => {
        if (scenarioContains(row, term)) return true
        const phone = searchedPhoneOf(row, rowsById)
        return phone === undefined ? undefined : phone !== null && phone.includes(term)
      })
    }
  },
  {
    name: 'filters.combined',
    title: 'status and search together list the rows that match both',
    async run (ctx, outcome) {
      const walk = await ctx.walk()
      const term = searchTermOf(walk.rows)
      const status = statusesOf(walk.rows)[0]
      if (term === null || status === undefined) {
        outcome.skip('no walked row has both a status and a scenario name to filter on')
        return
      }
      await expectFiltered(ctx, outcome, walk, [['status', status], ['search', term.toUpperCase()]],
        (row) => statusOf(row) === status && scenarioContains(row, term))
    }
  }
]
