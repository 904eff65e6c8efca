// The options of @fastify/swagger for one contract: the document's header, and the steps that finish what the route schemas produce.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import type { OpenAPIV3_1 } from 'openapi-types'
import type { Contract } from '../data/model.js'
import { DOCUMENT_SERVER_URL, operationExamples, type OperationExamples } from './examples.js'
import { ACTIONS_TAG } from './action-operations.js'
import { API_KEY_SCHEME, RESPONSE_HEADERS, SECRET_KEY_SCHEME, TAG } from './operations.js'
import { CALL_EXECUTIONS_TAG, TEST_EXECUTIONS_TAG } from './read-operations.js'

/** 3.1: JSON Schema 2020-12, so the zod schemas keep `null` types, `const` and `examples` as they are. */
export const OPENAPI_VERSION = '3.1.0'

const CONTRACT_NOTES: Readonly<Record<Contract, string>> = {
  docs:
    'This document describes the `docs` contract: rows have the fields, order and descriptions of the public ' +
    'API reference (the platform\'s lowercase statuses and link format apply, as on the running platform).',
  platform:
    'This document describes the `platform` contract: rows are what the running platform actually serves ' +
    '(the scenario as a name, latency in milliseconds, 62-key live rows and 34-key snapshot rows).'
}

function description (contract: Contract): string {
  return [
    'A mock of Future AGI\'s `GET /simulate/run-tests/{run_test_id}/call-executions/`, with the platform\'s ' +
    'request semantics (authentication, pagination, links, filters and errors) and deterministic data.',
    '',
    CONTRACT_NOTES[contract],
    '',
    'Mock only: the `Prefer: code=NNN` header forces an error response.'
  ].join('\n')
}

type Document = OpenAPIV3_1.Document
type Operation = OpenAPIV3_1.OperationObject
type Response = OpenAPIV3_1.ResponseObject

/**
 * The routes answer every method (the platform's 405, its OPTIONS metadata), and @fastify/swagger
 * lists each method of a route as an operation with the same id. Only GET is an operation a client
 * calls; what the other methods get is described in its responses.
 */
function keepGetOnly (document: Document): void {
  const paths: OpenAPIV3_1.PathsObject = {}
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const kept: OpenAPIV3_1.PathItemObject = {}
    if (item?.get !== undefined) kept.get = item.get
    // The actions are documented under their own method; their routes answer no other.
    if (item?.post !== undefined && item.post.tags?.includes(ACTIONS_TAG.name) === true) kept.post = item.post
    if (item?.patch !== undefined && item.patch.tags?.includes(ACTIONS_TAG.name) === true) kept.patch = item.patch
    if (Object.keys(kept).length > 0) paths[path] = kept
  }
  document.paths = paths
}

function operations (document: Document): Operation[] {
  const found: Operation[] = []
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of [item?.get, item?.post, item?.patch]) if (operation !== undefined) found.push(operation as Operation)
  }
  return found
}

/** Adds the response headers and examples, which the route schemas cannot carry through the zod transform. */
function decorate (document: Document, examples: OperationExamples): void {
  for (const operation of operations(document)) {
    const id = operation.operationId ?? ''
    for (const [status, response] of Object.entries(operation.responses ?? {}) as Array<[string, Response]>) {
      const headers = RESPONSE_HEADERS[id]?.[status]
      if (headers !== undefined) response.headers = { ...headers }
      for (const [mediaType, media] of Object.entries(response.content ?? {})) {
        const named = examples[id]?.[status]?.[mediaType]
        if (named !== undefined) media.examples = named
      }
    }
  }
}

/** Every `$ref` target under `value`. */
function refsIn (value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, found)
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.add(child)
      else refsIn(child, found)
    }
  }
}

const SCHEMA_REF = '#/components/schemas/'

/**
 * The zod transform adds every schema registered with an id (both contracts' rows, fixtures, the
 * health check, and an `…Input` copy of each); a contract's document keeps those its operations use,
 * sorted by name so that the file's diff stays readable.
 */
function keepUsedSchemas (document: Document): void {
  const all = document.components?.schemas ?? {}
  const used = new Set<string>()
  const found = new Set<string>()
  refsIn(document.paths, found)
  const pending = [...found]
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    if (!ref.startsWith(SCHEMA_REF)) continue
    const name = ref.slice(SCHEMA_REF.length)
    if (used.has(name)) continue
    used.add(name)
    const more = new Set<string>()
    refsIn(all[name], more)
    pending.push(...more)
  }
  const kept: Record<string, OpenAPIV3_1.SchemaObject> = {}
  for (const name of [...used].sort()) {
    const schema = all[name]
    if (schema === undefined) throw new Error(`the document refers to a schema it does not define: ${name}`)
    kept[name] = schema
  }
  if (document.components !== undefined) document.components.schemas = kept
}

/** The top-level keys in the order the specification lists them, rather than the order they were added in. */
function inReadingOrder (document: Document): Document {
  const { openapi, info, servers, tags, paths, components, ...rest } = document
  return { openapi, info, servers, tags, paths, components, ...rest } as Document
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0]

/** The zod transform for the routes tagged with one of `tags`; every other route is left out of the document. */
function onlyTagged (tags: readonly string[]) {
  return function transform (input: TransformInput) {
    const routeTags = (input.schema as { tags?: string[] } | undefined)?.tags ?? []
    if (!routeTags.some((tag) => tags.includes(tag))) return { schema: { ...input.schema, hide: true }, url: input.url }
    return jsonSchemaTransform(input)
  }
}

/** Options for @fastify/swagger; register them before any route, since it collects routes as they are added. */
export function swaggerOptions (contract: Contract, version: string): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: OPENAPI_VERSION,
      info: {
        title: `Future AGI call executions mock (${contract} contract)`,
        version,
        description: description(contract),
        license: { name: 'MIT', identifier: 'MIT' }
      },
      servers: [{ url: DOCUMENT_SERVER_URL, description: 'The mock on its default port' }],
      tags: [TAG, TEST_EXECUTIONS_TAG, CALL_EXECUTIONS_TAG, ACTIONS_TAG],
      components: {
        securitySchemes: {
          [API_KEY_SCHEME]: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Api-Key',
            description:
              'Your Future AGI API key used to authenticate requests. You can find and manage your API keys in the ' +
              'Dashboard under Settings. The mock accepts the key it was started with (`test-api-key` by default).'
          },
          [SECRET_KEY_SCHEME]: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Secret-Key',
            description:
              'Your Future AGI secret key, used alongside the API key for request authentication. This is generated ' +
              'when you create an API key in the Dashboard. The mock accepts the one it was started with ' +
              '(`test-secret-key` by default).'
          }
        }
      }
    },
    hideUntagged: true,
    // The control plane has a document of its own (adminSwaggerOptions).
    transform: onlyTagged([TAG.name, TEST_EXECUTIONS_TAG.name, CALL_EXECUTIONS_TAG.name, ACTIONS_TAG.name]),
    transformObject: (input) => {
      const document = jsonSchemaTransformObject(input) as Document
      keepGetOnly(document)
      decorate(document, operationExamples(contract))
      keepUsedSchemas(document)
      return inReadingOrder(document)
    }
  }
}

/** The decorator of the control plane's document: `app.adminSwagger()`. */
export const ADMIN_DOCUMENT_DECORATOR = 'adminSwagger'

/**
 * Options for the control plane's own document (`/__mock/`, `/__admin/`): a second @fastify/swagger
 * registration that keeps only the routes with the control plane's tags.
 */
export function adminSwaggerOptions (version: string, tags: ReadonlyArray<{ name: string; description: string }>): FastifyDynamicSwaggerOptions {
  return {
    decorator: ADMIN_DOCUMENT_DECORATOR,
    openapi: {
      openapi: OPENAPI_VERSION,
      info: {
        title: 'futureagi-mock control plane',
        version,
        description: [
          'The mock\'s own API, next to the platform\'s: a test creates and deletes run tests, resets its session and reads ' +
          'the requests its client made (`/__mock/`), or reads them through WireMock\'s journal API (`/__admin/`).',
          '',
          'Every operation acts on the session named by `X-Mock-Session` (the default session without it). ' +
          'When the mock is started with `--admin-token`, every operation needs `Authorization: Bearer <token>`. ' +
          'With `--no-admin` none of these paths exist.'
        ].join('\n'),
        license: { name: 'MIT', identifier: 'MIT' }
      },
      servers: [{ url: DOCUMENT_SERVER_URL, description: 'The mock on its default port' }],
      tags: [...tags],
      // Either no credential (the default) or the admin token, when the mock is started with one.
      security: [{}, { AdminToken: [] }],
      components: {
        securitySchemes: {
          AdminToken: { type: 'http', scheme: 'bearer', description: 'Only when the mock is started with `--admin-token`.' }
        }
      }
    },
    hideUntagged: true,
    transform: onlyTagged(tags.map((tag) => tag.name)),
    transformObject: (input) => {
      const document = jsonSchemaTransformObject(input) as Document
      keepUsedSchemas(document)
      return inReadingOrder(document)
    }
  }
}
