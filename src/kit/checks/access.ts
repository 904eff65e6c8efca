// Checks of who may read the listing and which URLs reach it: the 401s, the 404s and the trailing-slash redirect.
import { randomBytes, randomUUID } from 'node:crypto'
import type { CheckDefinition } from '../check-context.js'
import { describeAnswer } from '../check-context.js'
import {
  HTML_NOT_FOUND_MARK,
  INVALID_TOKEN_BODY,
  NOT_AUTHENTICATED_BODY,
  RUN_NOT_FOUND_BODY,
  WRONG_KEYS_BODY,
  WWW_AUTHENTICATE
} from '../platform-answers.js'

/** Values that cannot be anybody's keys or token: random, and new on every run. */
function bogus (prefix: string): string {
  return `${prefix}-${randomBytes(12).toString('hex')}`
}

export const ACCESS_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'auth.missing-keys',
    title: 'no keys, or only one of them: 401 with the platform\'s body and WWW-Authenticate: ApiKey',
    async run (ctx, outcome) {
      const cases: Array<[string, Record<string, string>]> = [
        ['no keys', {}],
        ['only X-Api-Key', { 'X-Api-Key': ctx.settings.apiKey }],
        ['an empty X-Secret-Key', { ...ctx.keys(), 'X-Secret-Key': '' }]
      ]
      for (const [what, headers] of cases) {
        const res = await ctx.send('GET', ctx.endpoint, headers)
        if (!outcome.expectStatus(res, 401, what)) continue
        outcome.expectHeader(res, 'WWW-Authenticate', WWW_AUTHENTICATE, what)
        outcome.expectBody(res, NOT_AUTHENTICATED_BODY, what)
      }
    }
  },
  {
    name: 'auth.wrong-keys',
    title: 'keys that match no API key: 401 "Invalid API key or secret key"',
    async run (ctx, outcome) {
      const res = await ctx.send('GET', ctx.endpoint, { 'X-Api-Key': bogus('wrong-api-key'), 'X-Secret-Key': bogus('wrong-secret-key') })
      if (!outcome.expectStatus(res, 401, 'wrong keys')) return
      outcome.expectHeader(res, 'WWW-Authenticate', WWW_AUTHENTICATE, 'wrong keys')
      outcome.expectBody(res, WRONG_KEYS_BODY, 'wrong keys')
    }
  },
  {
    name: 'auth.invalid-token',
    title: 'a bearer token that is not the platform\'s, even beside valid keys: 401 "Invalid Token parsed: …"',
    async run (ctx, outcome) {
      const res = await ctx.send('GET', ctx.endpoint, { ...ctx.keys(), Authorization: `Bearer ${bogus('not-a-token')}` })
      if (!outcome.expectStatus(res, 401, 'invalid bearer token')) return
      outcome.expectHeader(res, 'WWW-Authenticate', WWW_AUTHENTICATE, 'invalid bearer token')
      outcome.expectBody(res, INVALID_TOKEN_BODY, 'invalid bearer token')
    }
  },
  {
    name: 'routing.unknown-run',
    title: 'a run test id that does not exist: 404 "Run test not found"',
    async run (ctx, outcome) {
      const res = await ctx.send('GET', ctx.listingUrl(randomUUID()), ctx.keys())
      if (!outcome.expectStatus(res, 404, 'a random run test id')) return
      outcome.expectJsonType(res, 'a random run test id')
      outcome.expectBody(res, RUN_NOT_FOUND_BODY, 'a random run test id')
    }
  },
  {
    name: 'routing.malformed-id',
    title: 'an id that is not a lowercase hyphenated UUID: Django\'s HTML 404 page',
    async run (ctx, outcome) {
      const id = ctx.settings.runTestId
      // Django's uuid converter takes only lowercase hex, so the same id in capitals matches no route.
      const ids = ['not-a-uuid', id.toUpperCase() === id ? id.replaceAll('-', '') : id.toUpperCase()]
      for (const malformed of ids) {
        const what = `run test id ${JSON.stringify(malformed)}`
        const res = await ctx.send('GET', ctx.listingUrl(malformed), ctx.keys())
        if (!outcome.expectStatus(res, 404, what)) continue
        const type = res.headers['content-type'] ?? ''
        if (!type.startsWith('text/html')) {
          outcome.fail(`${what}: Content-Type is ${JSON.stringify(type)}`, { request: res.request, expected: 'text/html', seen: type })
        }
        if (!res.body.includes(HTML_NOT_FOUND_MARK)) {
          outcome.fail(`${what}: not Django's "Not Found" page`, { request: res.request, expected: `an HTML page with ${HTML_NOT_FOUND_MARK}`, seen: describeAnswer(res) })
        }
      }
    }
  },
  {
    name: 'routing.trailing-slash',
    title: 'the path without its trailing slash: 301 to the slashed path with the query kept, before authentication',
    async run (ctx, outcome) {
      const query = 'limit=2&search=a+b&x=%2B1'
      const url = ctx.listingUrl(ctx.settings.runTestId, query, false)
      // No keys: APPEND_SLASH answers before authentication runs.
      const res = await ctx.send('GET', url)
      if (!outcome.expectStatus(res, 301, 'no trailing slash')) return
      const location = res.headers.location
      const expected = ctx.listingUrl(ctx.settings.runTestId, query)
      // The platform sends a relative Location; what matters is where it leads.
      const resolved = location === undefined ? undefined : new URL(location, url)
      const wanted = new URL(expected)
      if (resolved === undefined || resolved.origin !== wanted.origin || resolved.pathname + resolved.search !== wanted.pathname + wanted.search) {
        outcome.fail('no trailing slash: the redirect does not lead to the slashed path with the same query', {
          request: res.request,
          expected: `Location: ${wanted.pathname}${wanted.search}`,
          seen: location === undefined ? '(no Location header)' : `Location: ${location}`
        })
      }
    }
  }
]
