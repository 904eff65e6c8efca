// The read endpoints around the listing: run tests, one run test, its id by name, its status and executions, one execution's calls, one call.
//
// Each is the platform's pipeline in its order, as the listing's: URL match (HTML 404 for an id that is
// not a UUID), content negotiation, `Prefer: code=`, authentication, throttle, method; then the view,
// which asks the session's run test model (data/run-tests.ts) and formats. Nothing here counts calls.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Contract, Store } from '../data/model.js'
import {
  presentCallDetail,
  presentExecutionRow,
  presentRunTest,
  presentRunTestName,
  presentStatus
} from '../data/present-run-test.js'
import type { ExecutionView, RunTestModel } from '../data/run-tests.js'
import { acceptsJson, formatIsServed } from '../domain/accept.js'
import { drfPage, drfPageLinks, drfPageSize, type DrfPage } from '../domain/drf-pagination.js'
import { pythonJson } from '../domain/python-float.js'
import { parsePythonInt } from '../domain/python-int.js'
import { parseQuery, stripPython, type ParsedQuery } from '../domain/query.js'
import { isRunTestId } from '../domain/uuid.js'
import {
  FieldErrors,
  type FieldError,
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

/** A read endpoint: its path, the ids its URL must hold as UUIDs, and what DRF's OPTIONS tells of its view. */
interface Endpoint {
  operation: ReadOperation
  url: string
  uuidParams: readonly string[]
  view: { name: string; description: string }
  /** Methods of the same view served by another route (the call's `PATCH`, in the chat loop's routes). */
  servedElsewhere?: readonly string[]
  handler: (request: FastifyRequest, reply: FastifyReply, store: Store, query: ParsedQuery) => FastifyReply
}

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

/** A DRF `IntegerField(min_value=1)`'s errors for a query value (the serializer strips a trailing `.0`). */
function integerFieldError (field: string, raw: string | undefined): FieldError | null {
  if (raw === undefined) return null
  if (raw.length > 1000) return { field, messages: ['String value too large.'], code: 'max_string_length' }
  const value = parsePythonInt(raw.replace(/\.0*\s*$/, ''))
  if (value === null) return { field, messages: ['A valid integer is required.'], code: 'invalid' }
  if (value < 1) return { field, messages: ['Ensure this value is greater than or equal to 1.'], code: 'min_value' }
  return null
}

/**
 * A strict query serializer (`reject_unknown_fields=True`): each declared field's errors, in declaration
 * order, then every unknown key (sorted) as "Unknown field.". Throws the platform's 400 when any.
 */
function validateQuery (query: ParsedQuery, fields: Readonly<Record<string, (raw: string | undefined) => FieldError | null>>): void {
  const errors: FieldError[] = []
  for (const [name, check] of Object.entries(fields)) {
    const error = check(query.get(name))
    if (error !== null) errors.push(error)
  }
  const unknown = [...query.params.keys()].filter((key) => !(key in fields)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  for (const key of unknown) errors.push({ field: key, messages: ['Unknown field.'], code: null })
  if (errors.length > 0) throw new FieldErrors(errors)
}

const UUID_FIELD = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/

/** `JsonArrayQueryParamField`: a JSON list, or blank. */
function jsonListError (field: string, raw: string | undefined): FieldError | null {
  if (raw === undefined || raw === '') return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { field, messages: ['Value must be valid JSON.'], code: 'invalid' }
  }
  return Array.isArray(value) ? null : { field, messages: ['Value must be a list.'], code: 'invalid' }
}

/** The default columns of a test execution's grid (`DEFAULT_VOICE_SIM_COL`, `DEFAULT_CHAT_SIM_COL`), then one per eval. */
function columnOrder (model: RunTestModel) {
  const voice = model.identity.simulationType === 'voice' && model.identity.sourceType === 'agent_definition'
  const base = voice
    ? [
        { column_name: 'Timestamp', id: 'timestamp', visible: true },
        { column_name: 'Call Details', id: 'call_details', visible: true },
        { column_name: 'Overall Score', id: 'overall_score', visible: false },
        { column_name: 'Agent interruption', id: 'ai_interruption_count', visible: false },
        { column_name: 'Simulator interruption', id: 'user_interruption_count', visible: false },
        { column_name: 'Turn Count', id: 'turn_count', visible: true },
        { column_name: 'Agent Talk (%)', id: 'agent_talk_percentage', visible: true },
        { column_name: 'Latency', id: 'latency', visible: false },
        { column_name: 'Provider Call ID', id: 'service_provider_call_id', visible: false }
      ]
    : [
        { column_name: 'Chat Details', id: 'call_details', visible: true },
        { column_name: 'Overall Score', id: 'overall_score', visible: false },
        { column_name: 'Total Tokens', id: 'total_tokens', visible: false },
        { column_name: 'Input Tokens', id: 'input_tokens', visible: false },
        { column_name: 'Output Tokens', id: 'output_tokens', visible: false },
        { column_name: 'Average Latency (ms)', id: 'avg_latency_ms', visible: false },
        { column_name: 'Turn Count', id: 'turn_count', visible: false }
      ]
  return [
    ...base,
    ...model.identity.evalConfigs.map((config) => ({ column_name: config.name, id: config.id, eval_config: {}, visible: true, type: 'evaluation' }))
  ]
}

/** The run test and execution of a test execution id, among the session's run tests. */
function findExecution (store: Store, executionId: string): { model: RunTestModel; view: ExecutionView } | null {
  const now = store.now()
  for (const model of store.runTests()) {
    const view = model.executions(now).find((candidate) => candidate.id === executionId)
    if (view !== undefined) return { model, view }
  }
  return null
}

export async function runTestRoutes (app: FastifyInstance, options: RunTestRoutesOptions): Promise<void> {
  const { storeOf, contract, throttle } = options
  const authenticate = createAuthenticator(options)
  const originOf = (request: FastifyRequest): string => options.publicUrl ?? `http://${request.headers.host ?? request.hostname}`

  /** A DRF page's envelope around `results`, links built from the request's own target. */
  function drfEnvelope (request: FastifyRequest, count: number, page: DrfPage, results: unknown[]) {
    const links = drfPageLinks(originOf(request) + pathOf(request.url), rawQueryOf(request.url), page)
    return { count, next: links.next, previous: links.previous, results, total_pages: page.totalPages, current_page: page.page }
  }

  /** A DRF page of `count` items, or the view's 500 for a page the paginator refuses. */
  function pageOr500 (count: number, query: ParsedQuery, failure: string): DrfPage {
    const page = drfPage(count, query.get('page'), drfPageSize(query.get('limit')))
    if (typeof page === 'string') throw viewError(500, `${failure}: ${page}`)
    return page
  }

  const endpoints: Endpoint[] = [
    {
      operation: 'listRunTests',
      url: '/simulate/run-tests/',
      uuidParams: [],
      view: { name: 'Run Test List', description: 'API View to list run tests for an organization with pagination and search' },
      handler (request, reply, store, query) {
        validateQuery(query, {
          search: () => null,
          simulation_type: (raw) => raw === undefined || raw === '' || raw === 'agent_definition' || raw === 'prompt'
            ? null
            : { field: 'simulation_type', messages: [`"${raw}" is not a valid choice.`], code: 'invalid_choice' },
          prompt_template_id: (raw) => raw === undefined || UUID_FIELD.test(raw) ? null : { field: 'prompt_template_id', messages: ['Must be a valid UUID.'], code: 'invalid' },
          page: (raw) => integerFieldError('page', raw),
          limit: (raw) => integerFieldError('limit', raw)
        })
        const search = stripPython(query.get('search') ?? '').toLowerCase()
        const type = stripPython(query.get('simulation_type') ?? '')
        const template = query.get('prompt_template_id')
        const now = store.now()
        const kept = store.runTests().filter(({ identity }) => {
          if (type !== '' && identity.sourceType !== type) return false
          if (type === 'prompt' && template !== undefined && template !== '' && identity.promptTemplate?.id !== template.toLowerCase()) return false
          return search === '' || identity.name.toLowerCase().includes(search) || (identity.agentDefinition?.name.toLowerCase().includes(search) ?? false)
        })
        kept.sort((a, b) => b.identity.createdAt - a.identity.createdAt)
        const page = pageOr500(kept.length, query, 'Failed to retrieve run tests')
        const results = kept.slice(page.offset, page.offset + page.size).map((model) => {
          const newest = model.executions(now)[0]
          return presentRunTest(model.identity, newest === undefined ? null : newest.createdAt)
        })
        return sendJson(reply, 200, pythonJson(drfEnvelope(request, kept.length, page, results)))
      }
    },
    {
      operation: 'getRunTest',
      url: '/simulate/run-tests/:run_test_id/',
      uuidParams: ['run_test_id'],
      view: { name: 'Run Test Detail', description: 'API View to retrieve, update, or delete a specific RunTest' },
      handler (request, reply, store) {
        const model = store.runTest((request.params as Params).run_test_id as string)
        if (model === null) throw viewError(404, 'Run test not found')
        return sendJson(reply, 200, pythonJson(presentRunTest(model.identity, null)))
      }
    },
    {
      operation: 'getRunTestIdByName',
      url: '/simulate/run-tests/get-id-by-name/:run_test_name/',
      uuidParams: [],
      view: { name: 'Run Test Name', description: 'API View to get the id of a run test by name' },
      handler (request, reply, store) {
        const name = (request.params as Params).run_test_name as string
        const model = store.runTests().find((candidate) => candidate.identity.name === name)
        if (model === undefined) throw viewError(400, 'Run test not found')
        request.mockRunTestId = model.identity.id
        return sendJson(reply, 200, pythonJson(presentRunTestName(model.identity)))
      }
    },
    {
      operation: 'getRunTestStatus',
      url: '/simulate/run-tests/:run_test_id/status/',
      uuidParams: ['run_test_id'],
      view: { name: 'Test Execution Status', description: 'API View to get test execution status' },
      handler (request, reply, store) {
        const runTestId = (request.params as Params).run_test_id as string
        const model = store.runTest(runTestId)
        if (model === null) throw viewError(404, 'Run test not found')
        return sendJson(reply, 200, pythonJson(presentStatus(runTestId, model.executions(store.now())[0])))
      }
    },
    {
      operation: 'listRunTestExecutions',
      url: '/simulate/run-tests/:run_test_id/executions/',
      uuidParams: ['run_test_id'],
      view: { name: 'Run Test Executions', description: 'API View to get test execution data for a specific run test with search and pagination' },
      handler (request, reply, store, query) {
        const model = store.runTest((request.params as Params).run_test_id as string)
        if (model === null) throw viewError(404, 'Run test not found.')
        const search = stripPython(query.get('search') ?? '').toLowerCase()
        const status = stripPython(query.get('status') ?? '')
        const names = new Map(model.identity.scenarios.map((scenario) => [scenario.id, scenario.name.toLowerCase()]))
        const kept = model.executions(store.now()).filter((view) => {
          if (status !== '' && view.status !== status) return false
          if (search === '') return true
          return view.status.includes(search) || view.scenarioIds.some((id) => names.get(id)?.includes(search) ?? false)
        })
        const page = pageOr500(kept.length, query, 'Failed to retrieve test executions')
        const results = kept.slice(page.offset, page.offset + page.size).map((view) => presentExecutionRow(model.identity, view))
        return sendJson(reply, 200, pythonJson(drfEnvelope(request, kept.length, page, results)))
      }
    },
    {
      operation: 'getTestExecution',
      url: '/simulate/test-executions/:test_execution_id/',
      uuidParams: ['test_execution_id'],
      view: { name: 'Test Execution Detail', description: 'API View to retrieve a specific test execution with all its details and paginated call executions' },
      handler (request, reply, store, query) {
        validateQuery(query, {
          search: () => null,
          filters: (raw) => jsonListError('filters', raw),
          row_groups: (raw) => jsonListError('row_groups', raw),
          group_keys: (raw) => jsonListError('group_keys', raw),
          page: (raw) => integerFieldError('page', raw),
          limit: (raw) => integerFieldError('limit', raw)
        })
        const found = findExecution(store, (request.params as Params).test_execution_id as string)
        // The view's get_object_or_404 raises inside its try: the Http404 becomes its 500.
        if (found === null) throw viewError(500, 'Failed to retrieve test execution: No TestExecution matches the given query.')
        const { model, view } = found
        request.mockRunTestId = model.identity.id
        const now = store.now()
        const search = stripPython(query.get('search') ?? '')
        const size = drfPageSize(query.get('limit'))
        const total = model.executionCalls(view.id, { search, offset: 0, limit: 0 }, now)?.count ?? 0
        const columns = columnOrder(model)
        const page = drfPage(total, query.get('page'), size)
        if (typeof page === 'string') {
          // A page the paginator refuses is an empty 200 here, its page count reckoned with a default of 30.
          const limit = parsePythonInt(query.get('limit') ?? '30') ?? 30
          const requested = parsePythonInt((query.get('page') ?? '1').replace(/\.0*\s*$/, '')) ?? 1
          return sendJson(reply, 200, pythonJson({
            count: total,
            next: null,
            previous: null,
            results: [],
            total_pages: total > 0 && limit > 0 ? Math.ceil(total / limit) : 0,
            current_page: requested,
            column_order: columns,
            error_messages: [],
            status: view.status
          }))
        }
        const calls = model.executionCalls(view.id, { search, offset: page.offset, limit: page.size }, now)?.rows ?? []
        const results = calls.map((record) => presentCallDetail(contract, record, model.snapshotsOf(record.id, now), true))
        return sendJson(reply, 200, pythonJson({
          ...drfEnvelope(request, total, page, results),
          column_order: columns,
          error_messages: [],
          status: view.status,
          provider: model.identity.agentDefinition === null ? 'prompt' : model.identity.provider,
          agent_type: model.identity.simulationType
        }))
      }
    },
    {
      operation: 'getCallExecution',
      url: '/simulate/call-executions/:call_execution_id/',
      uuidParams: ['call_execution_id'],
      view: { name: 'Call Execution Detail', description: 'API View to retrieve a specific call execution with all its details' },
      servedElsewhere: ['PATCH'],
      handler (request, reply, store) {
        const callId = (request.params as Params).call_execution_id as string
        const now = store.now()
        for (const model of store.runTests()) {
          const record = model.findCall(callId, now)
          // A snapshot row lives in another table: its id is no call execution's.
          if (record === null || record.isSnapshot) continue
          request.mockRunTestId = model.identity.id
          // The view hands the serializer an empty snapshot map, so a call's own page lists no rerun.
          return sendJson(reply, 200, pythonJson(presentCallDetail(contract, record, [], false)))
        }
        throw viewError(404, 'Call execution not found')
      }
    }
  ]

  for (const endpoint of endpoints) {
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
        const store = storeOf(request)
        const params = request.params as Params
        if (params.run_test_id !== undefined) request.mockRunTestId = params.run_test_id
        return endpoint.handler(request, reply, store, parseQuery(rawQueryOf(request.url)))
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

