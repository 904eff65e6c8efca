// What a listing request carries (path, query, headers), as the OpenAPI document describes it; nothing here validates.
//
// The platform reads its query with `int()` and `.strip()` and answers a bad value with its own 500,
// so these schemas must never reject a request: the routes pass them through a compiler that accepts
// anything (`acceptAny` in openapi/operations.ts), and the parsing lives in domain/query.ts and domain/pagination.ts.
import { z } from 'zod'
import { CALL_STATUSES } from '../data/model.js'
import { DEFAULT_LIMIT, DEFAULT_PAGE } from '../domain/pagination.js'
import { UuidSchema } from './common.js'

/** The codes `Prefer: code=NNN` can force on the listing. */
export const FORCEABLE_STATUSES = [401, 403, 404, 405, 406, 500] as const

export const RunTestParamsSchema = z.object({
  run_test_id: UuidSchema.meta({
    format: 'uuid',
    description:
      'UUID of the test run whose call executions to retrieve. Only the canonical lowercase, hyphenated form ' +
      'matches the route: anything else (uppercase hex, no hyphens, braces) is answered with the `text/html` 404 page.',
    examples: ['11111111-1111-4111-8111-111111111111']
  })
})

const LIMIT_AND_PAGE_ERRORS =
  'The value is read with Python\'s `int()`: surrounding whitespace is allowed, anything else that is not a whole ' +
  'number (`abc`, empty, `1.5`, `1e3`) is answered with a 500 whose detail is ' +
  '`Failed to retrieve call executions: invalid literal for int() with base 10: \'<value>\'`.'

export const ListQuerySchema = z.object({
  search: z.string().optional().meta({
    description:
      'Case-insensitive partial match on phone number or scenario name (for snapshot rows, those of the call they ' +
      'were taken from). Surrounding whitespace is trimmed; whitespace only means no filter. `%` and `_` are not ' +
      'escaped: they act as SQL LIKE wildcards (`\\` escapes them). In a raw query string `+` decodes to a space, so ' +
      'search a phone number as `%2B1415…`. Repeated: the last value wins.',
    examples: ['billing']
  }),
  status: z.string().optional().meta({
    description:
      `Filter by call status: exact and case-sensitive after trimming. The platform's statuses are ${CALL_STATUSES.map((s) => `\`${s}\``).join(', ')}; ` +
      'any other value (`COMPLETED`, `completed,failed`) is not rejected, it simply matches nothing (200 with `count: 0`). ' +
      'Repeated: the last value wins.',
    examples: ['completed']
  }),
  limit: z.int().min(0).default(DEFAULT_LIMIT).meta({
    description:
      `Number of records per page. Defaults to ${DEFAULT_LIMIT}; there is no maximum. \`0\` answers 200 with empty ` +
      '`results`, `total_pages: 1` and a `next` link whenever anything matches (a client following `next` would ' +
      'never stop). A negative value is answered with a 500 (`… LIMIT must not be negative`). ' +
      LIMIT_AND_PAGE_ERRORS + ' Repeated: the last value wins.',
    examples: [DEFAULT_LIMIT]
  }),
  page: z.int().min(1).default(DEFAULT_PAGE).meta({
    description:
      `Page number to retrieve. Defaults to ${DEFAULT_PAGE}. A page past the end answers 200 with empty \`results\`, ` +
      '`next: null` and `current_page` echoing the request. `0` or a negative page is answered with a 500 ' +
      '(`… OFFSET must not be negative`), except with `limit=0`. ' + LIMIT_AND_PAGE_ERRORS +
      ' Repeated: the last value wins.',
    examples: [2]
  })
})

export const PreferHeaderSchema = z.object({
  Prefer: z.string().optional().meta({
    description:
      'Mock only, ignored by the platform: `code=NNN` makes the mock answer with that error instead of the page, ' +
      `for ${FORCEABLE_STATUSES.join(', ')}, after the URL and \`Accept\` checks and before authentication ` +
      '(other codes are ignored); `delay=MS` holds the answer that long (at most 60000); `fault=NAME` answers with a ' +
      'fault instead: `status=429`, `status=500`, `status=502`, `status=503`, `status=504`, `reset`, `truncate`, ' +
      '`hang`, `slow-body` or `malformed` (quoted or not). Preferences combine: `delay=200, fault=truncate`. The answer\'s ' +
      '`Preference-Applied` header (RFC 7240) names the ones applied; the mock\'s journal lists the ones left aside.',
    examples: ['code=404', 'delay=250', 'fault="status=503"']
  })
})
