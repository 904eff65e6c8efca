// The committed OpenAPI documents: up to date with the code, valid OpenAPI, strict-mode JSON Schema, and saying what a client needs.
import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { OpenAPIV3_1 } from 'openapi-types'
import t from 'tap'
import { CONTRACTS, type Contract } from '../../src/data/model.js'
import { HTML_NOT_FOUND_PAGE, notAuthenticated, runTestNotFound } from '../../src/errors.js'
import { EXAMPLE_QUERIES, EXAMPLE_RUN_ID, EXAMPLE_SEED } from '../../src/openapi/examples.js'
import { ADMIN_OPENAPI_FILE, OPENAPI_FILES, generateAdminDocument, generateOpenapiDocument } from '../../src/openapi/generate.js'
import { LIST_OPERATION_ID, REDIRECT_OPERATION_ID } from '../../src/openapi/operations.js'
import { VERSION } from '../../src/version.js'
import { AUTH, build, listPath } from '../helper.js'
import { readCommittedDocument, readCommittedFile, validateResponse } from './response-validator.js'

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default
const ROOT = new URL('../../', import.meta.url)
const LIST_PATH = '/simulate/run-tests/{run_test_id}/call-executions/'
const REDIRECT_PATH = '/simulate/run-tests/{run_test_id}/call-executions'

function operation (document: OpenAPIV3_1.Document, path: string): OpenAPIV3_1.OperationObject {
  const found = document.paths?.[path]?.get
  if (found === undefined) throw new Error(`no GET ${path} in the document`)
  return found
}

const responseOf = (op: OpenAPIV3_1.OperationObject, status: string) => op.responses?.[status] as OpenAPIV3_1.ResponseObject

for (const contract of CONTRACTS) {
  const file = OPENAPI_FILES[contract]

  t.test(`${file} is what the code generates`, async (t) => {
    const generated = await generateOpenapiDocument(contract)
    const committed = readFileSync(new URL(file, ROOT), 'utf8')
    t.ok(committed === generated, `${file} differs from the document the code generates: run \`npm run openapi\` and commit the result`)
    t.ok(generated.endsWith('}\n'), 'pretty JSON with a trailing newline')
  })

  t.test(`generating ${file} twice gives the same bytes`, async (t) => {
    t.equal(await generateOpenapiDocument(contract), await generateOpenapiDocument(contract))
  })

  t.test(`${file} is a valid OpenAPI 3.1 document whose references all resolve`, async (t) => {
    // The validator switches ajv's strict mode off for the OpenAPI meta-schemas (its README says why);
    // the next test compiles the document's own schemas strictly.
    const validator = new Validator()
    const result = await validator.validate(readCommittedDocument(contract))
    t.same(result.errors ?? [], [], 'no validation errors')
    t.equal(result.valid, true)
    t.equal(validator.version, '3.1')
    t.doesNotThrow(() => validator.resolveRefs(), 'every $ref resolves')
  })

  t.test(`every schema in ${file} compiles under ajv's strict mode`, async (t) => {
    const document = readCommittedDocument(contract)
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true })
    addFormats(ajv)
    ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'security'])
    const id = `https://futureagi-mock.test/${file}`
    ajv.addSchema({ ...document, $id: id })
    for (const name of Object.keys(document.components?.schemas ?? {})) {
      t.doesNotThrow(() => ajv.compile({ $ref: `${id}#/components/schemas/${name}` }), name)
    }
  })

  t.test(`${file} describes the listing as a client needs it`, async (t) => {
    const document = readCommittedDocument(contract)
    t.equal(document.openapi, '3.1.0')
    t.equal(document.info.version, VERSION)
    t.match(document.info.title, contract)
    t.same(document.servers, [{ url: 'http://localhost:8000', description: 'The mock on its default port' }])
    t.same(Object.keys(document.paths ?? {}).sort(), [
      '/simulate/call-executions/{call_execution_id}/',
      '/simulate/call-executions/{call_execution_id}/chat/send-message/',
      '/simulate/run-tests/',
      '/simulate/run-tests/get-id-by-name/{run_test_name}/',
      REDIRECT_PATH,
      LIST_PATH,
      '/simulate/run-tests/{run_test_id}/',
      '/simulate/run-tests/{run_test_id}/chat-execute/',
      '/simulate/run-tests/{run_test_id}/execute/',
      '/simulate/run-tests/{run_test_id}/executions/',
      '/simulate/run-tests/{run_test_id}/status/',
      '/simulate/test-executions/{test_execution_id}/',
      '/simulate/test-executions/{test_execution_id}/cancel/',
      '/simulate/test-executions/{test_execution_id}/chat/call-executions/batch/',
      '/simulate/test-executions/{test_execution_id}/rerun-calls/'
    ].sort(), 'only the platform\'s paths: /health, /openapi.* and /docs are hidden')

    const list = operation(document, LIST_PATH)
    t.equal(list.operationId, LIST_OPERATION_ID)
    t.equal(list.summary, 'Get call executions for a test run')
    t.match(list.description, /^Lists call executions for a test run\./)
    t.same(list.security, [{ ApiKey: [], SecretKey: [] }], 'both keys in one requirement: they are needed together')
    t.match(document.components?.securitySchemes, {
      ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      SecretKey: { type: 'apiKey', in: 'header', name: 'X-Secret-Key' }
    })

    const parameters = (list.parameters ?? []) as OpenAPIV3_1.ParameterObject[]
    const byName = Object.fromEntries(parameters.map((parameter) => [`${parameter.in}:${parameter.name}`, parameter]))
    t.same(Object.keys(byName).sort(), ['header:Prefer', 'path:run_test_id', 'query:limit', 'query:page', 'query:search', 'query:status'])
    t.match(byName['path:run_test_id'], { required: true, schema: { type: 'string', format: 'uuid', pattern: /a-f/ } })
    t.match(byName['query:limit'], { required: false, schema: { type: 'integer', default: 10, minimum: 0 } })
    t.match(byName['query:page'], { required: false, schema: { type: 'integer', default: 1 } })
    t.match(byName['query:limit']?.description, /no maximum.*`0`.*500.*LIMIT must not be negative.*invalid literal for int\(\).*last value wins/s)
    t.match(byName['query:page']?.description, /OFFSET must not be negative.*last value wins/s)
    t.match(byName['query:search']?.description, /`\+` decodes to a space.*last value wins/s)
    t.match(byName['query:search']?.description, /`%` and `_`/)
    t.match(byName['header:Prefer'], { required: false, schema: { type: 'string' } })
    t.match(byName['header:Prefer']?.description, /401, 403, 404, 405, 406, 500/)

    t.same(Object.keys(list.responses ?? {}), ['200', '401', '403', '404', '405', '406', '409', '429', '500', '502', '503', '504'])
    const rowSchema = contract === 'docs' ? 'DocsCallExecutionPage' : 'PlatformCallExecutionPage'
    t.same(responseOf(list, '200').content?.['application/json']?.schema, { $ref: `#/components/schemas/${rowSchema}` })
    const page = document.components?.schemas?.[rowSchema]
    t.same(page?.required, ['count', 'next', 'previous', 'results', 'total_pages', 'current_page'])
    t.same(Object.keys(responseOf(list, '404').content ?? {}), ['application/json', 'text/html'], 'JSON for an unknown run test, HTML for a malformed id')
    for (const status of ['401', '403', '404', '405', '406', '429', '500']) {
      t.same(responseOf(list, status).content?.['application/json']?.schema, { $ref: '#/components/schemas/ErrorEnvelope' }, status)
    }
    t.same(document.components?.schemas?.ErrorEnvelope?.required, ['status', 'type', 'code', 'detail', 'message', 'error', 'result'])
    t.match(responseOf(list, '401').headers, { 'WWW-Authenticate': { required: true, schema: { const: 'ApiKey' } } })
    t.match(responseOf(list, '429').headers, { 'Retry-After': { required: true } })
    for (const status of ['502', '503', '504']) t.same(Object.keys(responseOf(list, status).content ?? {}), ['text/html'], `${status}: the proxy's page`)

    const redirect = operation(document, REDIRECT_PATH)
    t.equal(redirect.operationId, REDIRECT_OPERATION_ID)
    t.same(redirect.security, [], 'answered before authentication')
    t.match(responseOf(redirect, '301').headers, { Location: { required: true } })
  })

  t.test(`the examples of ${file} are the mock's own bodies`, async (t) => {
    const document = readCommittedDocument(contract)
    const list = operation(document, LIST_PATH)
    const json = (status: string, name: string) => responseOf(list, status).content?.['application/json']?.examples?.[name] as OpenAPIV3_1.ExampleObject
    t.same(json('401', 'missingKeys').value, JSON.parse(notAuthenticated().body()))
    t.same(json('404', 'runTestNotFound').value, JSON.parse(runTestNotFound().body()))
    t.equal((responseOf(list, '404').content?.['text/html']?.examples?.notFoundPage as OpenAPIV3_1.ExampleObject).value, HTML_NOT_FOUND_PAGE)

    // The 200 examples are what a default mock answers for the same requests.
    const app = build(t, { contract, seed: EXAMPLE_SEED })
    for (const [name, query] of Object.entries(EXAMPLE_QUERIES)) {
      const res = await app.inject({ url: listPath(EXAMPLE_RUN_ID, `?${query}`), headers: { ...AUTH, host: 'localhost:8000' } })
      t.equal(res.statusCode, 200)
      const example = json('200', name).value as { results: Array<{ status: string }> }
      t.same(example, res.json(), `${name} is the answer to ?${query}`)
      t.equal(example.results.length, 2)
    }
    t.ok((json('200', 'completedCalls').value as { results: Array<{ status: string }> }).results.every((row) => row.status === 'completed'))
  })

  t.test(`every example in ${file} validates against its own response`, async (t) => {
    const document = readCommittedDocument(contract)
    let seen = 0
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [status, response] of Object.entries(item?.get?.responses ?? {}) as Array<[string, OpenAPIV3_1.ResponseObject]>) {
        const headers: Record<string, string> = {}
        for (const [name, header] of Object.entries(response.headers ?? {}) as Array<[string, OpenAPIV3_1.HeaderObject]>) {
          headers[name.toLowerCase()] = String(header.example ?? (header.schema as { const?: string } | undefined)?.const ?? '')
        }
        for (const [mediaType, media] of Object.entries(response.content ?? {})) {
          const examples = Object.entries(media.examples ?? {}) as Array<[string, OpenAPIV3_1.ExampleObject]>
          t.ok(examples.length > 0, `${path} ${status} ${mediaType} has an example`)
          for (const [name, example] of examples) {
            const body = typeof example.value === 'string' ? example.value : JSON.stringify(example.value)
            const url = path.replace('{run_test_id}', EXAMPLE_RUN_ID)
            const errors = validateResponse(contract as Contract, {
              method: 'GET',
              path: url,
              statusCode: Number(status),
              headers: { ...headers, 'content-type': mediaType },
              body
            })
            t.same(errors, [], `${path} ${status} ${mediaType} ${name}`)
            seen++
          }
        }
      }
    }
    t.ok(seen >= 14, `${seen} examples checked`)
  })
}

t.test(`${ADMIN_OPENAPI_FILE} is what the code generates, and what /__mock/openapi.json serves`, async (t) => {
  const generated = await generateAdminDocument()
  const committed = readFileSync(new URL(ADMIN_OPENAPI_FILE, ROOT), 'utf8')
  t.ok(committed === generated, `${ADMIN_OPENAPI_FILE} differs from the document the code generates: run \`npm run openapi\` and commit the result`)
  const app = build(t, { contract: 'platform' })
  const served = (await app.inject({ url: '/__mock/openapi.json', headers: { host: 'localhost:8000' } })).body
  t.equal(served, committed, 'the same whichever contract is served, at the default address')
})

t.test(`${ADMIN_OPENAPI_FILE} is valid OpenAPI 3.1 whose schemas compile strictly, describing every control-plane route`, async (t) => {
  const document = readCommittedFile(ADMIN_OPENAPI_FILE)
  const validator = new Validator()
  const result = await validator.validate(document)
  t.same(result.errors ?? [], [])
  // Checked by hand: the validator's resolveRefs() recurses without end on this document's cycles.
  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1] as string)
  t.same(refs.filter((name) => document.components?.schemas?.[name] === undefined), [], 'every $ref names a schema of the document')
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true })
  addFormats(ajv)
  ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'security'])
  const id = `https://futureagi-mock.test/${ADMIN_OPENAPI_FILE}`
  ajv.addSchema({ ...document, $id: id })
  for (const name of Object.keys(document.components?.schemas ?? {})) {
    t.doesNotThrow(() => ajv.compile({ $ref: `${id}#/components/schemas/${name}` }), name)
  }
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`))
  t.same(operations.sort(), [
    'DELETE /__admin/requests', 'DELETE /__mock/faults', 'DELETE /__mock/requests', 'DELETE /__mock/runs/{id}',
    'GET /__admin/health', 'GET /__admin/requests', 'GET /__admin/requests/unmatched', 'GET /__admin/requests/{id}',
    'GET /__mock/', 'GET /__mock/behaviour', 'GET /__mock/clock', 'GET /__mock/faults', 'GET /__mock/requests', 'GET /__mock/requests/stream',
    'GET /__mock/runs', 'GET /__mock/sessions',
    'POST /__admin/requests/count', 'POST /__admin/requests/find', 'POST /__admin/requests/reset', 'POST /__admin/reset',
    'POST /__mock/clock', 'POST /__mock/faults', 'POST /__mock/reset', 'POST /__mock/runs', 'PUT /__mock/behaviour'
  ].sort())
  t.notOk(Object.keys(readCommittedDocument('docs').paths ?? {}).some((path) => path.startsWith('/__')), 'the platform\'s documents leave the control plane out')
})
