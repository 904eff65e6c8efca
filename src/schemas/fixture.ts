// Fixture files: hand-written run tests whose rows are given in the shape of one contract.
import { z } from 'zod'
import { UuidSchema } from './common.js'
import { DocsCallExecutionSchema } from './docs-row.js'
import { PlatformRowSchema } from './platform-row.js'

function runTestsOf<Row extends z.ZodType> (row: Row) {
  return z.array(z.strictObject({
    id: UuidSchema.describe('The run test id the rows are listed under.'),
    description: z.string().optional().describe('What the run is for; not served.'),
    rows: z.array(row).describe('Rows in any order; the listing sorts them newest first.')
  }))
}

export const FixtureFileSchema = z
  .discriminatedUnion('contract', [
    z.strictObject({ contract: z.literal('docs'), runTests: runTestsOf(DocsCallExecutionSchema) }),
    z.strictObject({ contract: z.literal('platform'), runTests: runTestsOf(PlatformRowSchema) })
  ])
  .meta({ id: 'FixtureFile', description: 'A fixture file: run tests whose rows follow the named contract.' })
export type FixtureFile = z.infer<typeof FixtureFileSchema>
