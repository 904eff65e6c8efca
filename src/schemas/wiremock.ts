// WireMock's admin JSON shapes for its request journal, as this mock's `/__admin/` answers them.
import { z } from 'zod'

const ValuePatternSchema = z
  .object({
    equalTo: z.string().optional(),
    caseInsensitive: z.boolean().optional(),
    contains: z.string().optional(),
    matches: z.string().optional(),
    doesNotMatch: z.string().optional(),
    absent: z.boolean().optional()
  })
  .meta({ id: 'WireMockValuePattern', description: 'Exactly one of `equalTo` (with `caseInsensitive`), `contains`, `matches`, `doesNotMatch`, `absent`.' })

export const RequestPatternSchema = z
  .object({
    method: z.string().optional().describe('`GET`, `POST`, …, or `ANY`.'),
    url: z.string().optional().describe('Path and query, exactly.'),
    urlPath: z.string().optional().describe('Path, exactly.'),
    urlPattern: z.string().optional().describe('A regular expression the whole path and query match.'),
    urlPathPattern: z.string().optional().describe('A regular expression the whole path matches.'),
    headers: z.record(z.string(), ValuePatternSchema).optional(),
    queryParameters: z.record(z.string(), ValuePatternSchema).optional()
  })
  .meta({ id: 'WireMockRequestPattern', description: 'The request-matching subset this journal supports; any other key or matcher is a 422 naming it.' })

export const LoggedRequestSchema = z
  .object({
    url: z.string(),
    absoluteUrl: z.string(),
    method: z.string(),
    clientIp: z.string(),
    headers: z.record(z.string(), z.string()),
    cookies: z.record(z.string(), z.string()),
    browserProxyRequest: z.boolean(),
    loggedDate: z.int().describe('Epoch milliseconds.'),
    loggedDateString: z.string(),
    body: z.string(),
    bodyAsBase64: z.string(),
    queryParams: z.record(z.string(), z.object({ key: z.string(), values: z.array(z.string()) }))
  })
  .meta({ id: 'WireMockLoggedRequest', description: 'A request as WireMock logs it; credential values are `<redacted>`.' })

export const ServeEventSchema = z
  .object({
    id: z.string(),
    request: LoggedRequestSchema,
    responseDefinition: z.object({ status: z.int() }),
    response: z.object({ status: z.int() }),
    wasMatched: z.boolean().describe('Whether the request reached a route of the platform\'s API (rather than the HTML 404).'),
    timing: z.object({ totalTime: z.int(), serveTime: z.int(), processTime: z.int(), responseSendTime: z.int(), addedDelay: z.int() })
  })
  .meta({ id: 'WireMockServeEvent', description: 'A request and how it was answered.' })

export const ServeEventsSchema = z
  .object({ requests: z.array(ServeEventSchema), meta: z.object({ total: z.int() }), requestJournalDisabled: z.boolean() })
  .meta({ id: 'WireMockServeEvents', description: 'The journal, newest first.' })

export const FindRequestsResultSchema = z
  .object({ requests: z.array(LoggedRequestSchema), requestJournalDisabled: z.boolean() })
  .meta({ id: 'WireMockFindResult', description: 'The requests a pattern matches, newest first.' })

export const CountResultSchema = z
  .object({ count: z.int(), requestJournalDisabled: z.boolean() })
  .meta({ id: 'WireMockCountResult', description: 'How many requests a pattern matches.' })

export const WireMockHealthSchema = z
  .object({ status: z.literal('healthy'), message: z.string(), version: z.string(), uptimeInSeconds: z.int(), timestamp: z.string() })
  .meta({ id: 'WireMockHealth', description: 'WireMock\'s health answer.' })

export const WireMockErrorsSchema = z
  .object({ errors: z.array(z.object({ code: z.int(), title: z.string() })) })
  .meta({ id: 'WireMockErrors', description: 'Why the request was refused.' })
