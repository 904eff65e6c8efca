// The listing's page envelope, generic over the row schema, and the platform's error envelope.
import { z } from 'zod'
import { DocsCallExecutionSchema } from './docs-row.js'
import { PlatformRowSchema } from './platform-row.js'

/** The page the listing answers with; the key order is the platform's. */
export function CallExecutionPageSchema<Row extends z.ZodType> (row: Row) {
  return z.strictObject({
    count: z.int().min(0).describe('Rows matching the filters, on every page.'),
    next: z.string().nullable().describe('URL of the next page with the request\'s other query parameters, or null.'),
    previous: z.string().nullable().describe('URL of the previous page, or null; page 2 links to a URL without `page`.'),
    results: z.array(row),
    total_pages: z.int().min(0).describe('`ceil(count / limit)`; 0 when nothing matches, 1 when `limit` is 0.'),
    current_page: z.int().describe('The `page` asked for, even past the end.')
  })
}

/** A page of rows typed by their row type. */
export type CallExecutionPage<Row> = Omit<z.infer<ReturnType<typeof CallExecutionPageSchema>>, 'results'> & { results: Row[] }

export const DocsCallExecutionPageSchema = CallExecutionPageSchema(DocsCallExecutionSchema)
  .meta({ id: 'DocsCallExecutionPage', description: 'A page of the listing in the documented row shape.' })
export type DocsCallExecutionPage = z.infer<typeof DocsCallExecutionPageSchema>

export const PlatformCallExecutionPageSchema = CallExecutionPageSchema(PlatformRowSchema)
  .meta({ id: 'PlatformCallExecutionPage', description: 'A page of the listing in the platform\'s row shape.' })
export type PlatformCallExecutionPage = z.infer<typeof PlatformCallExecutionPageSchema>

/**
 * Every error the platform answers with JSON. The message is repeated under four keys; framework
 * errors (authentication, method, negotiation) add `details`, the view's own errors do not.
 */
export const ErrorEnvelopeSchema = z
  .strictObject({
    status: z.literal(false),
    type: z.string().describe('Derived from the status code: `authentication_error`, `not_found`, `server_error`, ...'),
    code: z.string().describe('e.g. `not_authenticated`, `authentication_failed`, `not_found`, `server_error`.'),
    detail: z.string(),
    message: z.string(),
    error: z.string(),
    result: z.string(),
    details: z.strictObject({ detail: z.array(z.string()) }).optional()
  })
  .meta({ id: 'ErrorEnvelope', description: 'The platform\'s error body.' })
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>
