// The read views around the listing, as pure functions of (session store, contract, request target): what each answers.
//
// Each is one of the platform's views after its pipeline has let the request through (the route in
// routes/run-tests.ts runs the pipeline): it reads the query as the view does, asks the run test model
// (data/run-tests.ts) and formats. The OpenAPI examples and the tests call them as the routes do.
import type { Contract, Store } from './model.js'
import {
  presentCallDetail,
  presentExecutionRow,
  presentRunTest,
  presentRunTestName,
  presentStatus
} from './present-run-test.js'
import type { ExecutionView, RunTestModel } from './run-tests.js'
import { drfPage, drfPageLinks, drfPageSize, type DrfPage } from '../domain/drf-pagination.js'
import { pythonJson } from '../domain/python-float.js'
import { parsePythonInt } from '../domain/python-int.js'
import { parseQuery, stripPython, type ParsedQuery } from '../domain/query.js'
import { FieldErrors, type FieldError, viewError } from '../errors.js'

/** What a view is asked: the session's store, the served contract, and the request's target. */
export interface ReadRequest {
  store: Store
  contract: Contract
  /** Scheme, host and path prefix the page links start with. */
  origin: string
  /** The request's path (what the links repeat) and raw query string (without `?`). */
  path: string
  rawQuery: string
  params: Readonly<Record<string, string>>
}

/** A view's 200: its JSON text, and the run test it read (for the journal). */
export interface ReadAnswer {
  body: string
  runTestId: string | null
}

export type ReadView = (request: ReadRequest) => ReadAnswer

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


/** A DRF page's envelope around `results`, links built from the request's own target. */
function drfEnvelope (request: ReadRequest, count: number, page: DrfPage, results: unknown[]) {
  const links = drfPageLinks(request.origin + request.path, request.rawQuery, page)
  return { count, next: links.next, previous: links.previous, results, total_pages: page.totalPages, current_page: page.page }
}

/** A DRF page of `count` items, or the view's 500 for a page the paginator refuses. */
function pageOr500 (count: number, query: ParsedQuery, failure: string): DrfPage {
  const page = drfPage(count, query.get('page'), drfPageSize(query.get('limit')))
  if (typeof page === 'string') throw viewError(500, `${failure}: ${page}`)
  return page
}

/** GET /simulate/run-tests/: the organisation's run tests, newest first (`RunTestListView`). */
export function listRunTests (request: ReadRequest): ReadAnswer {
  const { store } = request
  const query = parseQuery(request.rawQuery)
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
  return { body: pythonJson(drfEnvelope(request, kept.length, page, results)), runTestId: null }
}

/** GET /simulate/run-tests/{id}/ (`RunTestDetailView`). */
export function getRunTest (request: ReadRequest): ReadAnswer {
  const model = request.store.runTest(request.params.run_test_id ?? '')
  if (model === null) throw viewError(404, 'Run test not found')
  return { body: pythonJson(presentRunTest(model.identity, null)), runTestId: model.identity.id }
}

/** GET /simulate/run-tests/get-id-by-name/{name}/ (`RunTestNameView`): an unknown name is its 400. */
export function getRunTestIdByName (request: ReadRequest): ReadAnswer {
  const name = request.params.run_test_name ?? ''
  const model = request.store.runTests().find((candidate) => candidate.identity.name === name)
  if (model === undefined) throw viewError(400, 'Run test not found')
  return { body: pythonJson(presentRunTestName(model.identity)), runTestId: model.identity.id }
}

/** GET /simulate/run-tests/{id}/status/ (`TestExecutionStatusView`). */
export function getRunTestStatus (request: ReadRequest): ReadAnswer {
  const runTestId = request.params.run_test_id ?? ''
  const model = request.store.runTest(runTestId)
  if (model === null) throw viewError(404, 'Run test not found')
  return { body: pythonJson(presentStatus(runTestId, model.executions(request.store.now())[0])), runTestId }
}

/** GET /simulate/run-tests/{id}/executions/ (`RunTestExecutionsView`): its query is not validated. */
export function listRunTestExecutions (request: ReadRequest): ReadAnswer {
  const model = request.store.runTest(request.params.run_test_id ?? '')
  if (model === null) throw viewError(404, 'Run test not found.')
  const query = parseQuery(request.rawQuery)
  const search = stripPython(query.get('search') ?? '').toLowerCase()
  const status = stripPython(query.get('status') ?? '')
  const names = new Map(model.identity.scenarios.map((scenario) => [scenario.id, scenario.name.toLowerCase()]))
  const kept = model.executions(request.store.now()).filter((view) => {
    if (status !== '' && view.status !== status) return false
    if (search === '') return true
    return view.status.includes(search) || view.scenarioIds.some((id) => names.get(id)?.includes(search) ?? false)
  })
  const page = pageOr500(kept.length, query, 'Failed to retrieve test executions')
  const results = kept.slice(page.offset, page.offset + page.size).map((view) => presentExecutionRow(model.identity, view))
  return { body: pythonJson(drfEnvelope(request, kept.length, page, results)), runTestId: model.identity.id }
}

/** GET /simulate/test-executions/{te}/ (`TestExecutionDetailView`): the execution's calls, a page at a time. */
export function getTestExecution (request: ReadRequest): ReadAnswer {
  const query = parseQuery(request.rawQuery)
  validateQuery(query, {
    search: () => null,
    filters: (raw) => jsonListError('filters', raw),
    row_groups: (raw) => jsonListError('row_groups', raw),
    group_keys: (raw) => jsonListError('group_keys', raw),
    page: (raw) => integerFieldError('page', raw),
    limit: (raw) => integerFieldError('limit', raw)
  })
  const { store, contract } = request
  const found = findExecution(store, request.params.test_execution_id ?? '')
  // The view's get_object_or_404 raises inside its try: the Http404 becomes its 500.
  if (found === null) throw viewError(500, 'Failed to retrieve test execution: No TestExecution matches the given query.')
  const { model, view } = found
  const now = store.now()
  const search = stripPython(query.get('search') ?? '')
  const total = model.executionCalls(view.id, { search, offset: 0, limit: 0 }, now)?.count ?? 0
  const columns = columnOrder(model)
  const page = drfPage(total, query.get('page'), drfPageSize(query.get('limit')))
  if (typeof page === 'string') {
    // A page the paginator refuses is an empty 200 here, its page count reckoned with a default of 30.
    const limit = parsePythonInt(query.get('limit') ?? '30') ?? 30
    const requested = parsePythonInt((query.get('page') ?? '1').replace(/\.0*\s*$/, '')) ?? 1
    return {
      body: pythonJson({
        count: total,
        next: null,
        previous: null,
        results: [],
        total_pages: total > 0 && limit > 0 ? Math.ceil(total / limit) : 0,
        current_page: requested,
        column_order: columns,
        error_messages: [],
        status: view.status
      }),
      runTestId: model.identity.id
    }
  }
  const calls = model.executionCalls(view.id, { search, offset: page.offset, limit: page.size }, now)?.rows ?? []
  const results = calls.map((record) => presentCallDetail(contract, record, model.snapshotsOf(record.id, now), true))
  return {
    body: pythonJson({
      ...drfEnvelope(request, total, page, results),
      column_order: columns,
      error_messages: [],
      status: view.status,
      provider: model.identity.agentDefinition === null ? 'prompt' : model.identity.provider,
      agent_type: model.identity.simulationType
    }),
    runTestId: model.identity.id
  }
}

/** GET /simulate/call-executions/{id}/ (`CallExecutionDetailView`): the listing's row and its (empty) reruns. */
export function getCallExecution (request: ReadRequest): ReadAnswer {
  const callId = request.params.call_execution_id ?? ''
  const now = request.store.now()
  for (const model of request.store.runTests()) {
    const record = model.findCall(callId, now)
    // A snapshot row lives in another table: its id is no call execution's.
    if (record === null || record.isSnapshot) continue
    // The view hands the serializer an empty snapshot map, so a call's own page lists no rerun.
    return { body: pythonJson(presentCallDetail(request.contract, record, [], false)), runTestId: model.identity.id }
  }
  throw viewError(404, 'Call execution not found')
}
