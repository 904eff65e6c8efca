// Checks of every row the list has seen: valid against the contract's row schema, and true to the platform's cross-field rules.
import type { CheckDefinition, CheckContext, Outcome, RowFinding } from '../check-context.js'

/** Rows are checked as they arrive; these checks make sure the walk ran, then report what was found. */
async function seenRows (ctx: CheckContext, outcome: Outcome): Promise<void> {
  const walk = await ctx.walk()
  outcome.note(`${ctx.rows.size} distinct rows checked (${walk.summary}, plus the filtered and other pages)`)
}

function report (outcome: Outcome, findings: readonly RowFinding[], what: string): void {
  for (const finding of findings) {
    outcome.fail(`row ${finding.id}: ${finding.problems.join('; ')}`, { request: finding.request, expected: what })
  }
}

export const ROW_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'rows.schema',
    title: 'every row seen is valid against the contract\'s row schema',
    async run (ctx, outcome) {
      await seenRows(ctx, outcome)
      const schema = ctx.settings.contract === 'docs' ? 'DocsCallExecutionSchema' : 'PlatformRowSchema'
      report(outcome, ctx.schemaFindings, `a row valid against ${schema}`)
    }
  },
  {
    name: 'rows.invariants',
    title: 'every valid row follows the cross-field rules: key order, status and fields, units, derived values',
    async run (ctx, outcome) {
      await seenRows(ctx, outcome)
      if (ctx.schemaFindings.length > 0) outcome.note(`${ctx.schemaFindings.length} rows that failed the schema were not checked here`)
      report(outcome, ctx.invariantFindings, 'no broken rule')
    }
  }
]
