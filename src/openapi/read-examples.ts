// The read endpoints' examples, produced by the views themselves over the well-known runs (seed 1).
import type { Contract } from '../data/model.js'
import {
  getCallExecution,
  getRunTest,
  getRunTestIdByName,
  getRunTestStatus,
  getTestExecution,
  listRunTestExecutions,
  listRunTests,
  type ReadRequest
} from '../data/read-views.js'
import { WELL_KNOWN_RUNS } from '../data/runs.js'
import { createStore } from '../data/store.js'
import { HTML_NOT_FOUND_PAGE, type MockError, invalidApiKey, methodNotAllowed, notAcceptable, notAuthenticated, viewError } from '../errors.js'
import type { Example, OperationExamples } from './examples.js'
import { DOCUMENT_SERVER_URL, EXAMPLE_RUN_ID, EXAMPLE_SEED } from './examples.js'

const JSON_TYPE = 'application/json'
const HTML_TYPE = 'text/html'
const EMPTY_RUN_ID = '22222222-2222-4222-8222-222222222222'

const envelope = (summary: string, error: MockError): Example => ({ summary, value: JSON.parse(error.body()) })

/** What a view answers over the well-known runs, as JSON. */
function answer (view: (request: ReadRequest) => { body: string }, request: Omit<ReadRequest, 'origin'>): unknown {
  return JSON.parse(view({ ...request, origin: DOCUMENT_SERVER_URL }).body)
}

/** The view's error for a request, as an example. */
function failure (summary: string, view: (request: ReadRequest) => unknown, request: Omit<ReadRequest, 'origin'>): Example {
  try {
    view({ ...request, origin: DOCUMENT_SERVER_URL })
  } catch (error) {
    return envelope(summary, error as MockError)
  }
  throw new Error(`the example "${summary}" does not fail`)
}

export function readExamples (contract: Contract): OperationExamples {
  const store = createStore({ seed: EXAMPLE_SEED, runs: WELL_KNOWN_RUNS, fixtureRuns: new Map() })
  const demo = store.runTest(EXAMPLE_RUN_ID)
  const execution = demo?.executions(store.now())[0]
  const call = execution === undefined ? undefined : demo?.executionCalls(execution.id, { search: '', offset: 0, limit: 1 }, store.now())?.rows[0]
  if (demo === null || demo === undefined || execution === undefined || call === undefined) throw new Error('the example run has no execution')
  const at = (path: string, rawQuery: string, params: Record<string, string>) => ({ store, contract, path, rawQuery, params })
  const runPath = `/simulate/run-tests/${EXAMPLE_RUN_ID}/`
  const common = (notFound: Example | null, server: Example) => ({
    401: { [JSON_TYPE]: { missingKeys: envelope('X-Api-Key or X-Secret-Key missing or empty', notAuthenticated()), wrongKeys: envelope('A key pair that does not match', invalidApiKey()) } },
    404: {
      [JSON_TYPE]: { notFound: notFound ?? envelope('Prefer: code=404', viewError(404, 'simulated failure requested with "Prefer: code=404"')) },
      [HTML_TYPE]: { notFoundPage: { summary: 'An id that is not a lowercase hyphenated UUID', value: HTML_NOT_FOUND_PAGE } }
    },
    405: { [JSON_TYPE]: { methodNotAllowed: envelope('POST with valid keys', methodNotAllowed('POST')) } },
    406: { [JSON_TYPE]: { notAcceptable: envelope('Accept: text/html', notAcceptable()) } },
    500: { [JSON_TYPE]: { serverError: server } }
  })
  const unknownRun = failure('An unknown run test', getRunTest, at('/simulate/run-tests/99999999-9999-4999-8999-999999999999/', '', { run_test_id: '99999999-9999-4999-8999-999999999999' }))
  const forced = (summary: string) => envelope(summary, viewError(500, 'simulated failure requested with "Prefer: code=500"'))
  return {
    listRunTests: {
      200: { [JSON_TYPE]: { firstPage: { summary: 'The first two run tests (`?limit=2`)', value: answer(listRunTests, at('/simulate/run-tests/', 'limit=2', {})) } } },
      400: { [JSON_TYPE]: { unknownParameter: failure('An unknown query parameter', listRunTests, at('/simulate/run-tests/', 'status=completed', {})) } },
      ...common({ summary: 'Prefer: code=404', value: JSON.parse(viewError(404, 'simulated failure requested with "Prefer: code=404"').body()) },
        failure('A page past the end', listRunTests, at('/simulate/run-tests/', 'page=9', {})))
    },
    getRunTest: {
      200: { [JSON_TYPE]: { demoRun: { summary: 'The demo run\'s run test', value: answer(getRunTest, at(runPath, '', { run_test_id: EXAMPLE_RUN_ID })) } } },
      ...common(unknownRun, forced('Prefer: code=500'))
    },
    getRunTestIdByName: {
      200: { [JSON_TYPE]: { found: { summary: `\`${demo.identity.name}\``, value: answer(getRunTestIdByName, at('', '', { run_test_name: demo.identity.name })) } } },
      400: { [JSON_TYPE]: { unknownName: failure('A name no run test has', getRunTestIdByName, at('', '', { run_test_name: 'No such run' })) } },
      ...common(null, envelope('Any exception in the view', viewError(500, 'Failed to get run test id by name')))
    },
    getRunTestStatus: {
      200: {
        [JSON_TYPE]: {
          demoRun: { summary: 'The demo run\'s newest execution', value: answer(getRunTestStatus, at(`${runPath}status/`, '', { run_test_id: EXAMPLE_RUN_ID })) },
          neverRun: { summary: 'A run test never run', value: answer(getRunTestStatus, at(`/simulate/run-tests/${EMPTY_RUN_ID}/status/`, '', { run_test_id: EMPTY_RUN_ID })) }
        }
      },
      ...common(unknownRun, forced('Prefer: code=500'))
    },
    listRunTestExecutions: {
      200: { [JSON_TYPE]: { demoRun: { summary: 'The demo run\'s executions', value: answer(listRunTestExecutions, at(`${runPath}executions/`, '', { run_test_id: EXAMPLE_RUN_ID })) } } },
      ...common(failure('An unknown run test', listRunTestExecutions, at('', '', { run_test_id: '99999999-9999-4999-8999-999999999999' })),
        failure('A page past the end', listRunTestExecutions, at(`${runPath}executions/`, 'page=9', { run_test_id: EXAMPLE_RUN_ID })))
    },
    getTestExecution: {
      200: {
        [JSON_TYPE]: {
          firstCalls: {
            summary: 'The demo run\'s newest execution, two calls a page (`?limit=2`)',
            value: answer(getTestExecution, at(`/simulate/test-executions/${execution.id}/`, 'limit=2', { test_execution_id: execution.id }))
          }
        }
      },
      400: { [JSON_TYPE]: { unknownParameter: failure('An unknown query parameter', getTestExecution, at('', 'status=completed', { test_execution_id: execution.id })) } },
      ...common(null, failure('An unknown test execution', getTestExecution, at('', '', { test_execution_id: '99999999-9999-4999-8999-999999999999' })))
    },
    getCallExecution: {
      200: { [JSON_TYPE]: { call: { summary: 'A call of the demo run', value: answer(getCallExecution, at('', '', { call_execution_id: call.id })) } } },
      ...common(failure('An unknown call, or a snapshot row\'s id', getCallExecution, at('', '', { call_execution_id: '99999999-9999-4999-8999-999999999999' })), forced('Prefer: code=500'))
    }
  }
}
