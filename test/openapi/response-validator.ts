// Checks a response against the committed OpenAPI document of its contract, with ajv on the document's own schemas (not the app's zod schemas).
import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { OpenAPIV3_1 } from 'openapi-types'
import type { Contract } from '../../src/data/model.js'
import { ADMIN_OPENAPI_FILE, OPENAPI_FILES } from '../../src/openapi/generate.js'

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

const ROOT = new URL('../../', import.meta.url)

export interface ExchangeUnderTest {
  method: string
  /** The request target: a path, with or without its query string. */
  path: string
  statusCode: number
  headers: Readonly<Record<string, string | string[] | number | undefined>>
  body: string
}

interface LoadedDocument {
  document: OpenAPIV3_1.Document
  ajv: Ajv2020
  id: string
  templates: Array<{ template: string; pattern: RegExp }>
  compiled: Map<string, ValidateFunction>
}

const loaded = new Map<string, LoadedDocument>()

/** The committed document, parsed as the file says. */
export function readCommittedDocument (contract: Contract): OpenAPIV3_1.Document {
  return readCommittedFile(OPENAPI_FILES[contract])
}

export function readCommittedFile (file: string): OpenAPIV3_1.Document {
  return JSON.parse(readFileSync(new URL(file, ROOT), 'utf8')) as OpenAPIV3_1.Document
}

/** A `{param}` template as a pattern matching one non-empty path segment per parameter. */
function templatePattern (template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`))
  return new RegExp(`^${escaped.replace(/\{[^}]+\}/g, '[^/]+')}$`)
}

function load (file: string): LoadedDocument {
  const existing = loaded.get(file)
  if (existing !== undefined) return existing
  const document = readCommittedFile(file)
  // The document is added whole under an id, so that the `#/components/schemas/...` references
  // inside any of its schemas resolve within it. Its OpenAPI keys are not JSON Schema keywords:
  // they are declared so that strict mode accepts them, and only schemas are ever compiled.
  const id = `https://futureagi-mock.test/${file}`
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true })
  addFormats(ajv)
  ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'security', 'webhooks', 'jsonSchemaDialect', 'externalDocs'])
  ajv.addSchema({ ...document, $id: id })
  const templates = Object.keys(document.paths ?? {}).map((template) => ({ template, pattern: templatePattern(template) }))
  const result = { document, ajv, id, templates, compiled: new Map() }
  loaded.set(file, result)
  return result
}

/** RFC 6901: a key as one step of a JSON pointer. */
const step = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1')

function validatorAt (doc: LoadedDocument, pointer: string): ValidateFunction {
  let validate = doc.compiled.get(pointer)
  if (validate === undefined) {
    validate = doc.ajv.compile({ $ref: `${doc.id}#${pointer}` })
    doc.compiled.set(pointer, validate)
  }
  return validate
}

function schemaErrors (validate: ValidateFunction, value: unknown, what: string): string[] {
  if (validate(value)) return []
  return (validate.errors ?? []).map((error) => `${what}${error.instancePath} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`)
}

function headerText (value: string | string[] | number | undefined): string | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value.join(', ') : String(value)
}

/**
 * The problems found in one exchange, none when it conforms; null when the document does not describe
 * it: a path outside the document (the mock's own routes, unknown URLs) or an OPTIONS answered without
 * an error (the view's metadata, a CORS preflight). Other methods go through the same checks as GET
 * (the document says so), so their answers are held to the GET operation's responses; HEAD's to its
 * status and headers only.
 */
export function validateResponse (contract: Contract, exchange: ExchangeUnderTest): string[] | null {
  const path = exchange.path.split('?', 1)[0] as string
  // The control plane has its own document, whichever contract is served, with an operation per method.
  const admin = path.startsWith('/__mock/') || path.startsWith('/__admin/')
  // Without the control plane (--no-admin) its paths are the platform's HTML 404, which no document describes.
  if (admin && exchange.statusCode === 404 && headerText(exchange.headers['content-type'])?.startsWith('text/html') === true) return null
  const doc = load(admin ? ADMIN_OPENAPI_FILE : OPENAPI_FILES[contract])
  const method = exchange.method.toUpperCase()
  const found = doc.templates.find(({ pattern }) => pattern.test(path))
  if (found === undefined) return null
  if (method === 'OPTIONS' && exchange.statusCode < 400) return null
  const label = `${method} ${path} ${exchange.statusCode}`
  const item = doc.document.paths?.[found.template]
  // An action is documented under its own method (POST, PATCH); any other method of it is held to its first operation.
  const own = method.toLowerCase() as 'get'
  const verb = admin || item?.[own] !== undefined ? own : item?.get === undefined ? (item?.post === undefined ? 'patch' : 'post') as 'get' : 'get'
  const operation = item?.[verb]
  if (operation === undefined) return admin ? null : [`${label}: ${found.template} has no GET operation`]
  const status = String(exchange.statusCode)
  const response = operation.responses?.[status] as OpenAPIV3_1.ResponseObject | undefined
  if (response === undefined) return [`${label}: status ${status} is not documented for ${operation.operationId ?? found.template}`]
  const pointer = `/paths/${step(found.template)}/${verb}/responses/${status}`
  const errors: string[] = []

  for (const [name, header] of Object.entries(response.headers ?? {}) as Array<[string, OpenAPIV3_1.HeaderObject]>) {
    const value = headerText(exchange.headers[name.toLowerCase()])
    if (value === undefined) {
      if (header.required === true) errors.push(`${label}: the required header ${name} is missing`)
      continue
    }
    if (header.schema !== undefined) {
      errors.push(...schemaErrors(validatorAt(doc, `${pointer}/headers/${step(name)}/schema`), value, `${label}: header ${name}`))
    }
  }

  const content = response.content
  if (content === undefined) {
    if (exchange.body !== '') errors.push(`${label}: the document describes no body, got ${exchange.body.length} bytes`)
    return errors
  }
  const mediaType = (headerText(exchange.headers['content-type']) ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? ''
  if (content[mediaType] === undefined) {
    errors.push(`${label}: content type ${JSON.stringify(mediaType)} is not documented (${Object.keys(content).join(', ')})`)
    return errors
  }
  if (method === 'HEAD') return errors
  let body: unknown = exchange.body
  if (mediaType === 'application/json') {
    try {
      body = JSON.parse(exchange.body)
    } catch {
      errors.push(`${label}: the body is not JSON`)
      return errors
    }
  }
  const validate = validatorAt(doc, `${pointer}/content/${step(mediaType)}/schema`)
  errors.push(...schemaErrors(validate, body, `${label}: body`))
  return errors
}
