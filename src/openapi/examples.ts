// The document's examples, produced by the mock's own code: a real first page of the demo run and the exact error bodies.
import { DEFAULTS } from '../config.js'
import type { Contract } from '../data/model.js'
import { presentRow } from '../data/present.js'
import { WELL_KNOWN_RUNS } from '../data/runs.js'
import { createStore } from '../data/store.js'
import { buildPageLinks } from '../domain/links.js'
import { paginate, resolvePaging } from '../domain/pagination.js'
import { parseQuery, stripPython } from '../domain/query.js'
import {
  HTML_NOT_FOUND_PAGE,
  HTML_SERVER_ERROR_PAGE,
  PROXY_PAGES,
  type PlatformError,
  invalidAccessToken,
  invalidApiKey,
  methodNotAllowed,
  notAcceptable,
  notAuthenticated,
  runTestNotFound,
  serverError,
  throttled,
  unknownFormat,
  workspaceDenied
} from '../errors.js'
import { LIST_OPERATION_ID, REDIRECT_OPERATION_ID } from './operations.js'
import { readExamples } from './read-examples.js'

/** Where the document says the mock runs: the CLI's default address, so that examples and `servers` agree. */
export const DOCUMENT_SERVER_URL = `http://localhost:${DEFAULTS.port}`

/** The example pages are the same whatever seed the running mock was given, so the document is too. */
export const EXAMPLE_SEED = 1
export const EXAMPLE_RUN_ID = '11111111-1111-4111-8111-111111111111'
/** The page examples: the demo run's first rows, and its first completed calls (the first rows are still pending). */
export const EXAMPLE_QUERIES = { firstPage: 'limit=2', completedCalls: 'status=completed&limit=2' } as const

export interface Example {
  summary: string
  value: unknown
}

/** Examples by operation id, status code and media type. */
export type OperationExamples = Record<string, Record<string, Record<string, Record<string, Example>>>>

/**
 * What the listing answers to `GET {server}/simulate/run-tests/{demo run}/call-executions/?{rawQuery}`
 * with the example seed: the store, presenter, page arithmetic and link builder the route uses, on a
 * store holding only the demo run. A test checks it against the route's own answer.
 */
export function examplePage (contract: Contract, rawQuery: string): unknown {
  const run = WELL_KNOWN_RUNS.find((candidate) => candidate.id === EXAMPLE_RUN_ID)
  if (run === undefined) throw new Error(`the example run ${EXAMPLE_RUN_ID} is not a well-known run`)
  const store = createStore({ seed: EXAMPLE_SEED, runs: [run], fixtureRuns: new Map() })
  const query = parseQuery(rawQuery)
  const paging = resolvePaging(query.get('limit'), query.get('page'))
  if (typeof paging === 'string') throw new Error(`the example query fails: ${paging}`)
  const { limit, page, offset } = paging
  const result = store.page({
    runId: run.id,
    search: stripPython(query.get('search') ?? ''),
    status: stripPython(query.get('status') ?? ''),
    offset,
    limit
  })
  const pages = paginate(result.count, limit, page)
  const base = `${DOCUMENT_SERVER_URL}/simulate/run-tests/${run.id}/call-executions/`
  const links = buildPageLinks({ base, query, page, hasNext: pages.hasNext, hasPrevious: pages.hasPrevious })
  return {
    count: result.count,
    next: links.next,
    previous: links.previous,
    results: result.rows.map((row) => presentRow(contract, row)),
    total_pages: pages.totalPages,
    current_page: page
  }
}

const envelope = (summary: string, error: PlatformError): Example => ({ summary, value: JSON.parse(error.body()) })

/** The 500 the view answers for a `limit`/`page` pair, with the message the pagination code writes. */
function pagingFailure (summary: string, limit: string | undefined, page: string | undefined): Example {
  const failure = resolvePaging(limit, page)
  if (typeof failure !== 'string') throw new Error(`limit=${String(limit)}, page=${String(page)} does not fail`)
  return envelope(summary, serverError(failure))
}

const JSON_TYPE = 'application/json'
const HTML_TYPE = 'text/html'

/**
 * The examples depend on the contract alone, so each is built once per process, however many apps
 * serve documents: the read endpoints' examples count the calls of every well-known run, a scan of the
 * million-call run that is about half the time the first document takes.
 */
const builtExamples = new Map<Contract, OperationExamples>()

export function operationExamples (contract: Contract): OperationExamples {
  let examples = builtExamples.get(contract)
  if (examples === undefined) {
    examples = buildExamples(contract)
    builtExamples.set(contract, examples)
  }
  return examples
}

function buildExamples (contract: Contract): OperationExamples {
  const htmlNotFound: Example = { summary: 'A run_test_id that is not a lowercase hyphenated UUID', value: HTML_NOT_FOUND_PAGE }
  return {
    ...readExamples(contract),
    [LIST_OPERATION_ID]: {
      200: {
        [JSON_TYPE]: {
          firstPage: {
            summary: `The demo run's first rows (\`?${EXAMPLE_QUERIES.firstPage}\`, seed ${EXAMPLE_SEED})`,
            value: examplePage(contract, EXAMPLE_QUERIES.firstPage)
          },
          completedCalls: {
            summary: `The demo run's first completed calls (\`?${EXAMPLE_QUERIES.completedCalls}\`, seed ${EXAMPLE_SEED})`,
            value: examplePage(contract, EXAMPLE_QUERIES.completedCalls)
          }
        }
      },
      401: {
        [JSON_TYPE]: {
          missingKeys: envelope('X-Api-Key or X-Secret-Key missing or empty', notAuthenticated()),
          wrongKeys: envelope('A key pair that does not match', invalidApiKey()),
          invalidToken: envelope('An Authorization header that is not a platform access token', invalidAccessToken())
        }
      },
      403: {
        [JSON_TYPE]: { workspaceDenied: envelope('An inaccessible X-Workspace-Id', workspaceDenied()) }
      },
      404: {
        [JSON_TYPE]: {
          runTestNotFound: envelope('Unknown, deleted or out-of-scope run test', runTestNotFound()),
          unknownFormat: envelope('A `format` query parameter other than `json`', unknownFormat())
        },
        [HTML_TYPE]: { notFoundPage: htmlNotFound }
      },
      405: {
        [JSON_TYPE]: { methodNotAllowed: envelope('POST with valid keys', methodNotAllowed('POST')) }
      },
      406: {
        [JSON_TYPE]: { notAcceptable: envelope('Accept: text/html', notAcceptable()) }
      },
      409: {
        [JSON_TYPE]: {
          sessionBound: {
            summary: 'A new X-Mock-Session when every session was used within the last 10 minutes',
            value: { error: 'the mock already holds 1000 sessions (its bound, --max-sessions), each used within the last 10 minutes: reuse a session name, or raise --max-sessions' }
          }
        }
      },
      429: {
        [JSON_TYPE]: { throttled: envelope('Over the rate limit, or Prefer: fault=status=429', throttled(1)) }
      },
      500: {
        [JSON_TYPE]: {
          malformedLimit: pagingFailure('`limit=abc`', 'abc', undefined),
          negativeLimit: pagingFailure('`limit=-1`', '-1', undefined),
          negativeOffset: pagingFailure('`page=0`', undefined, '0')
        },
        [HTML_TYPE]: { serverErrorPage: { summary: 'An exception that escaped the view', value: HTML_SERVER_ERROR_PAGE } }
      },
      502: { [HTML_TYPE]: { proxyPage: { summary: 'Prefer: fault=status=502', value: PROXY_PAGES[502] } } },
      503: { [HTML_TYPE]: { proxyPage: { summary: 'Prefer: fault=status=503', value: PROXY_PAGES[503] } } },
      504: { [HTML_TYPE]: { proxyPage: { summary: 'Prefer: fault=status=504', value: PROXY_PAGES[504] } } }
    },
    [REDIRECT_OPERATION_ID]: {
      301: { [HTML_TYPE]: { emptyBody: { summary: 'The redirect has an empty body', value: '' } } },
      404: { [HTML_TYPE]: { notFoundPage: htmlNotFound } }
    }
  }
}
