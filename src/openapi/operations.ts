// The documented operations: the listing and its trailing-slash redirect, as route schemas @fastify/swagger turns into the OpenAPI document.
import type { FastifySchema, FastifySchemaCompiler } from 'fastify'
import { z } from 'zod'
import type { Contract } from '../data/model.js'
import { AdminErrorSchema } from '../schemas/admin.js'
import { DocsCallExecutionPageSchema, ErrorEnvelopeSchema, PlatformCallExecutionPageSchema } from '../schemas/envelope.js'
import { ListQuerySchema, PreferHeaderSchema, RunTestParamsSchema } from '../schemas/list-request.js'

export const LIST_OPERATION_ID = 'listRunTestCallExecutions'
export const REDIRECT_OPERATION_ID = 'redirectRunTestCallExecutions'

/** Only tagged routes are documented (`hideUntagged`), which keeps the mock's own routes out of the document. */
export const TAG = { name: 'Run tests', description: 'Test runs of simulated calls and what they produced.' }

export const API_KEY_SCHEME = 'ApiKey'
export const SECRET_KEY_SCHEME = 'SecretKey'

/**
 * The route schemas document the request; they must never validate it. The platform accepts any
 * query string (a malformed `limit` is its own 500, a repeated parameter is read as its last value),
 * and Fastify would otherwise answer with 400s, or turn a repeated parameter into an array first.
 */
export const acceptAny: FastifySchemaCompiler<unknown> = () => function accept (value: unknown) {
  return { value }
}

/** Django's pages are HTML strings; their exact text is in the examples. */
const HtmlPageSchema = z.string().meta({ description: "Django's plain HTML page." })

const json = (schema: z.ZodType) => ({ 'application/json': { schema } })

const pageSchemaFor = (contract: Contract) =>
  contract === 'docs' ? DocsCallExecutionPageSchema : PlatformCallExecutionPageSchema

const ROWS: Readonly<Record<Contract, string>> = {
  docs: 'Rows have the 18 fields of the public API reference.',
  platform:
    'Rows are those the running platform serves: live calls (62 keys; the `simulator_agent_*` and ' +
    '`agent_definition_used_*` pairs are left out when the run has none) and earlier attempts kept by a ' +
    '`call_and_eval` rerun (`is_snapshot: true`, 34 keys).'
}

function listDescription (contract: Contract): string {
  return [
    'Lists call executions for a test run.',
    '',
    'Rows come most recently updated first (snapshot rows by their snapshot time), `limit` at a time. ' + ROWS[contract],
    '',
    '`next` and `previous` are absolute URLs that keep the request\'s query parameters in their first-seen order, ' +
    'each with its last value, with `page` replaced in place or appended last; the link to page 1 drops `page` ' +
    'and can end in a bare `?`. Unknown query parameters are ignored but kept in the links.',
    '',
    'The trailing slash is part of the path: without it the answer is a 301 to this path (see ' +
    `\`${REDIRECT_OPERATION_ID}\`). Checks run in the platform's order: the URL (HTML 404), \`format\` (404) and ` +
    '`Accept` (406), authentication (401), the method (405), then the view (404 for an unknown run test, 500, or the page). ' +
    'An `Authorization` header is read before the keys: any value other than a platform access token is a 401 ' +
    'even when valid keys are sent.'
  ].join('\n')
}

/** The listing: GET /simulate/run-tests/{run_test_id}/call-executions/. */
export function listOperationSchema (contract: Contract): FastifySchema {
  return {
    operationId: LIST_OPERATION_ID,
    tags: [TAG.name],
    summary: 'Get call executions for a test run',
    description: listDescription(contract),
    security: [{ [API_KEY_SCHEME]: [], [SECRET_KEY_SCHEME]: [] }],
    params: RunTestParamsSchema,
    querystring: ListQuerySchema,
    headers: PreferHeaderSchema,
    response: {
      200: {
        description: 'A page of call executions, with the total count and links to the neighbouring pages.',
        content: json(pageSchemaFor(contract))
      },
      401: {
        description:
          'Missing or invalid X-Api-Key or X-Secret-Key headers, or an `Authorization` header that is not a ' +
          'platform access token. Carries `WWW-Authenticate: ApiKey`.',
        content: json(ErrorEnvelopeSchema)
      },
      403: {
        description:
          'The workspace named by `X-Workspace-Id` is not accessible (platform). The mock answers it only when ' +
          'asked with `Prefer: code=403`.',
        content: json(ErrorEnvelopeSchema)
      },
      404: {
        description:
          'No test run found with the specified run_test_id (JSON envelope, also for a run test of another ' +
          'organisation or workspace); a `format` query parameter other than `json` (JSON envelope, ' +
          '`code: error`); or a run_test_id that is not a lowercase hyphenated UUID (Django\'s HTML page, ' +
          'before authentication).',
        content: { ...json(ErrorEnvelopeSchema), 'text/html': { schema: HtmlPageSchema } }
      },
      405: {
        description:
          'A method other than GET, HEAD and OPTIONS, with valid keys (without them the answer is the 401). ' +
          'The document lists GET only; the other methods go through the same checks.',
        content: json(ErrorEnvelopeSchema)
      },
      406: {
        description: 'An `Accept` header that excludes `application/json`; checked before authentication.',
        content: json(ErrorEnvelopeSchema)
      },
      409: {
        description:
          'Mock only: over one of the mock\'s bounds, named in `error`: a new `X-Mock-Session` when `--max-sessions` ' +
          'sessions were all used within the last 10 minutes, or a `hang` or `slow-body` fault while 256 connections are held by them.',
        content: json(AdminErrorSchema)
      },
      429: {
        description:
          'Mock only: a request over `--rate-limit` (a token bucket per key pair, or token, shared by every session, checked after ' +
          'authentication as the platform\'s framework checks throttles), `Prefer: fault=status=429` or a fault rule. ' +
          'The body is the envelope the platform renders for a throttled request; `Retry-After` gives the wait in seconds.',
        content: json(ErrorEnvelopeSchema)
      },
      500: {
        description:
          'Unexpected server error. Contact support if it persists. On this endpoint the view reports a malformed ' +
          '`limit` or `page`, a negative `limit`, or a negative offset this way (JSON envelope without `details`); ' +
          'an exception that escapes the view is Django\'s HTML page.',
        content: { ...json(ErrorEnvelopeSchema), 'text/html': { schema: HtmlPageSchema } }
      },
      502: proxyResponse('the server behind the proxy is down'),
      503: proxyResponse('the server is overloaded or restarting; `Retry-After` gives the wait in seconds'),
      504: proxyResponse('the server did not answer in time')
    }
  }
}

/** What the reverse proxy in front of the platform answers when its server cannot: HTML, not the envelope. */
function proxyResponse (when: string) {
  return {
    description:
      `Mock only (\`Prefer: fault=status=NNN\` or a fault rule): the reverse proxy's HTML page when ${when}. ` +
      'Not the platform\'s envelope: a client must cope with a body that is not JSON.',
    content: { 'text/html': { schema: HtmlPageSchema } }
  }
}

export interface HeaderDoc {
  description: string
  required: boolean
  schema: { type: 'string', const?: string }
  example?: string
}

/**
 * Response headers by operation id and status. The zod transform keeps only a response's description
 * and content, so document.ts adds these to the finished document.
 */
export const RESPONSE_HEADERS: Readonly<Record<string, Record<string, Record<string, HeaderDoc>>>> = {
  [LIST_OPERATION_ID]: {
    401: {
      'WWW-Authenticate': { description: 'The scheme the platform asks for.', required: true, schema: { type: 'string', const: 'ApiKey' } }
    },
    429: {
      'Retry-After': { description: 'Seconds until a request would be let through.', required: true, schema: { type: 'string' }, example: '1' }
    },
    503: {
      'Retry-After': { description: 'Seconds to wait before trying again.', required: true, schema: { type: 'string' }, example: '1' }
    }
  },
  [REDIRECT_OPERATION_ID]: {
    301: {
      Location: {
        description: 'The path with the trailing slash, followed by the original query string (a relative URL).',
        required: true,
        schema: { type: 'string' },
        example: '/simulate/run-tests/11111111-1111-4111-8111-111111111111/call-executions/?limit=2'
      }
    }
  }
}

/** The listing's path without its trailing slash, which the platform redirects (Django's APPEND_SLASH). */
export const redirectOperationSchema: FastifySchema = {
  operationId: REDIRECT_OPERATION_ID,
  tags: [TAG.name],
  summary: 'Redirect to the listing\'s path with its trailing slash',
  description:
    'The listing\'s path without the trailing slash, for any method. Answered before authentication: 301 with ' +
    '`Location` set to the path with the slash and the original query string, and an empty body.',
  security: [],
  params: RunTestParamsSchema,
  response: {
    301: {
      description: 'Moved permanently to the path with the trailing slash; the body is empty.',
      content: { 'text/html': { schema: z.string().max(0) } }
    },
    404: {
      description: 'A run_test_id that is not a lowercase hyphenated UUID: Django\'s HTML page instead of a redirect.',
      content: { 'text/html': { schema: HtmlPageSchema } }
    }
  }
}
