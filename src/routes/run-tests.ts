// The read endpoints around the listing: run tests, one run test, its id by name, its status and executions, one execution's calls, one call.
//
// Each is the platform's pipeline in its order, as the listing's: URL match (HTML 404 for an id that is
// not a UUID), content negotiation, `Prefer: code=`, authentication, throttle, method; then the view,
// which asks the session's run test model (data/run-tests.ts) and formats. Nothing here counts calls.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Contract, Store } from '../data/model.js'
import {
  getCallExecution,
  getRunTest,
  getRunTestIdByName,
  getRunTestStatus,
  getTestExecution,
  listRunTestExecutions,
  listRunTests,
  type ReadView
} from '../data/read-views.js'
import { acceptsJson, formatIsServed } from '../domain/accept.js'
import { parseQuery } from '../domain/query.js'
import { isRunTestId } from '../domain/uuid.js'
import {
  type PlatformError,
  invalidApiKey,
  methodNotAllowed,
  notAcceptable,
  unknownFormat,
  viewError,
  workspaceDenied
} from '../errors.js'
import { acceptAny } from '../openapi/operations.js'
import { readOperationSchema, type ReadOperation } from '../openapi/read-operations.js'
import { createAuthenticator, type Credentials } from '../plugins/auth.js'
import { preferredStatus } from '../domain/prefer.js'
import { sendJson } from './call-executions.js'

export interface RunTestRoutesOptions extends Credentials {
  /** The store a request reads: the one of its session when the control plane is on. */
  storeOf: (request: FastifyRequest) => Store
  throttle?: ((request: FastifyRequest) => PlatformError | null) | null
  contract: Contract
  /** Scheme, host and path prefix of the page links; null uses `http://` and the request's Host. */
  publicUrl?: string | null
}

const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']
const SERVED = new Set(['GET', 'HEAD', 'OPTIONS'])
const ALLOW = 'GET, HEAD, OPTIONS'
const VARY = 'Accept'
const PARSES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']

type Params = Record<string, string>

function rawQueryOf (url: string): string {
  const mark = url.indexOf('?')
  return mark === -1 ? '' : url.slice(mark + 1)
}

function pathOf (url: string): string {
  const mark = url.indexOf('?')
  return mark === -1 ? url : url.slice(0, mark)
}

/** The forced answers of `Prefer: code=`, as the listing's: the errors this pipeline can give. */
const FORCED_ERRORS: Readonly<Record<number, (method: string) => PlatformError>> = {
  400: () => viewError(400, 'simulated failure requested with "Prefer: code=400"'),
  401: () => invalidApiKey(),
  403: () => workspaceDenied(),
  404: () => viewError(404, 'simulated failure requested with "Prefer: code=404"'),
  405: (method) => methodNotAllowed(method),
  406: () => notAcceptable(),
  500: () => viewError(500, 'simulated failure requested with "Prefer: code=500"')
}

export async function runTestRoutes (app: FastifyInstance, options: RunTestRoutesOptions): Promise<void> {
  const { storeOf, contract, throttle } = options
  const authenticate = createAuthenticator(options)
  const originOf = (request: FastifyRequest): string => options.publicUrl ?? `http://${request.headers.host ?? request.hostname}`

  for (const endpoint of READ_ENDPOINTS) {
    const optionsBody = Buffer.from(JSON.stringify({ name: endpoint.view.name, description: endpoint.view.description, renders: ['application/json'], parses: PARSES }))
    const elsewhere = endpoint.servedElsewhere ?? []
    // DRF's Allow lists the view's methods in its own order (get, post, put, patch, delete, head, options).
    const allow = elsewhere.length === 0 ? ALLOW : `GET, ${elsewhere.join(', ')}, HEAD, OPTIONS`
    app.route({
      method: ALL_METHODS.filter((method) => !elsewhere.includes(method)),
      url: endpoint.url,
      exposeHeadRoute: false,
      schema: readOperationSchema(endpoint.operation, contract),
      validatorCompiler: acceptAny,
      // Everything before the view, in the platform's order, as the listing's guard.
      onRequest: async function guardReadView (request, reply) {
        const params = request.params as Params
        for (const name of endpoint.uuidParams) if (!isRunTestId(params[name] ?? '')) return reply.callNotFound()
        reply.header('allow', allow)
        const vary = reply.getHeader('vary')
        reply.header('vary', vary === undefined ? VARY : `${String(vary)}, ${VARY}`)
        if (!formatIsServed(parseQuery(rawQueryOf(request.url)).get('format'))) throw unknownFormat()
        if (!acceptsJson(request.headers.accept)) throw notAcceptable()
        const forced = preferredStatus(request.headers.prefer as string | undefined)
        if (forced !== null && FORCED_ERRORS[forced] !== undefined) throw FORCED_ERRORS[forced](request.method)
        const failure = authenticate(request.headers)
        if (failure !== null) throw failure
        const throttled = throttle?.(request) ?? null
        if (throttled !== null) throw throttled
        if (!SERVED.has(request.method)) throw methodNotAllowed(request.method)
      },
      handler: async function readView (request, reply) {
        if (request.method === 'OPTIONS') return sendJson(reply, 200, optionsBody)
        const params = request.params as Params
        // Journaled with the run test the path names, or the one the view found.
        if (params.run_test_id !== undefined) request.mockRunTestId = params.run_test_id
        const answer = endpoint.answer({
          store: storeOf(request),
          contract,
          origin: originOf(request),
          path: pathOf(request.url),
          rawQuery: rawQueryOf(request.url),
          params
        })
        if (answer.runTestId !== null) request.mockRunTestId = answer.runTestId
        return sendJson(reply, 200, answer.body)
      }
    })
    // Django's APPEND_SLASH: the path without its trailing slash is redirected, query kept, before any authentication.
    app.route({
      method: ALL_METHODS,
      url: endpoint.url.slice(0, -1),
      exposeHeadRoute: false,
      schema: { hide: true },
      validatorCompiler: acceptAny,
      handler: async function appendSlash (request, reply) {
        const params = request.params as Params
        for (const name of endpoint.uuidParams) if (!isRunTestId(params[name] ?? '')) return reply.callNotFound()
        const mark = request.url.indexOf('?')
        const query = mark === -1 || mark === request.url.length - 1 ? '' : request.url.slice(mark)
        return reply.code(301).header('location', `${pathOf(request.url)}/${query}`).type('text/html; charset=utf-8').send('')
      }
    })
  }
}

/** A read endpoint: its path, the ids its URL must hold as UUIDs, what DRF's OPTIONS tells of its view, and the view. */
interface Endpoint {
  operation: ReadOperation
  url: string
  uuidParams: readonly string[]
  view: { name: string; description: string }
  /** Methods of the same view served by another route (the call's `PATCH`, in the chat loop's routes). */
  servedElsewhere?: readonly string[]
  answer: ReadView
}

export const READ_ENDPOINTS: readonly Endpoint[] = [
  {
    operation: 'listRunTests',
    url: '/simulate/run-tests/',
    uuidParams: [],
    view: { name: 'Run Test List', description: 'API View to list run tests for an organization with pagination and search' },
    answer: listRunTests
  },
  {
    operation: 'getRunTest',
    url: '/simulate/run-tests/:run_test_id/',
    uuidParams: ['run_test_id'],
    view: { name: 'Run Test Detail', description: 'API View to retrieve, update, or delete a specific RunTest' },
    answer: getRunTest
  },
  {
    operation: 'getRunTestIdByName',
    url: '/simulate/run-tests/get-id-by-name/:run_test_name/',
    uuidParams: [],
    view: { name: 'Run Test Name', description: 'API View to get the id of a run test by name' },
    answer: getRunTestIdByName
  },
  {
    operation: 'getRunTestStatus',
    url: '/simulate/run-tests/:run_test_id/status/',
    uuidParams: ['run_test_id'],
    view: { name: 'Test Execution Status', description: 'API View to get test execution status' },
    answer: getRunTestStatus
  },
  {
    operation: 'listRunTestExecutions',
    url: '/simulate/run-tests/:run_test_id/executions/',
    uuidParams: ['run_test_id'],
    view: { name: 'Run Test Executions', description: 'API View to get test execution data for a specific run test with search and pagination' },
    answer: listRunTestExecutions
  },
  {
    operation: 'getTestExecution',
    url: '/simulate/test-executions/:test_execution_id/',
    uuidParams: ['test_execution_id'],
    view: { name: 'Test Execution Detail', description: 'API View to retrieve a specific test execution with all its details and paginated call executions' },
    answer: getTestExecution
  },
  {
    operation: 'getCallExecution',
    url: '/simulate/call-executions/:call_execution_id/',
    uuidParams: ['call_execution_id'],
    view: { name: 'Call Execution Detail', description: 'API View to retrieve a specific call execution with all its details' },
    servedElsewhere: ['PATCH'],
    answer: getCallExecution
  }
]
