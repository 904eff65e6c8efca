// Checks of the platform's 500s for limit and page values Python's int() or PostgreSQL refuse, with their exact bodies.
import type { CheckDefinition } from '../check-context.js'
import type { QueryPairs } from '../expected-links.js'
import { invalidIntBody, serverErrorBody } from '../platform-answers.js'

/** One request whose answer is a fixed 500 body. */
function serverErrorCheck (name: string, title: string, pairs: QueryPairs, body: string): CheckDefinition {
  return {
    name,
    title,
    async run (ctx, outcome) {
      const what = pairs.map(([key, value]) => `${key}=${value}`).join('&')
      const res = await ctx.send('GET', ctx.listingUrl(ctx.settings.runTestId, pairs), ctx.keys())
      if (!outcome.expectStatus(res, 500, what)) return
      outcome.expectJsonType(res, what)
      outcome.expectBody(res, body, what)
    }
  }
}

export const PARAM_CHECKS: readonly CheckDefinition[] = [
  serverErrorCheck('params.limit-malformed', 'limit=abc: 500 "… invalid literal for int() with base 10: \'abc\'"', [['limit', 'abc']], invalidIntBody('abc')),
  serverErrorCheck('params.page-malformed', 'page=abc: 500 "… invalid literal for int() with base 10: \'abc\'"', [['page', 'abc']], invalidIntBody('abc')),
  serverErrorCheck('params.limit-negative', 'limit=-1: 500 "… LIMIT must not be negative"', [['limit', '-1']], serverErrorBody('LIMIT must not be negative')),
  serverErrorCheck('params.page-zero', 'page=0: 500 "… OFFSET must not be negative"', [['page', '0']], serverErrorBody('OFFSET must not be negative'))
]
