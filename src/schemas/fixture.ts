// Fixture files: hand-written run tests whose rows are given in the shape of one contract.
import { z } from 'zod'
import { DateTimeSchema, UuidSchema } from './common.js'
import { DocsCallExecutionSchema } from './docs-row.js'
import { PlatformRowSchema } from './platform-row.js'

function runTestsOf<Row extends z.ZodType> (row: Row) {
  return z.array(z.strictObject({
    id: UuidSchema.describe('The run test id the rows are listed under.'),
    name: z.string().min(1).max(255)
      .refine((name) => name.trim() !== '' && !name.includes('/'), 'must not be blank and must not contain "/" (the platform\'s URL of a name cannot hold one)')
      .optional().describe('The run test\'s name, unique among the run tests served (`Run test <first 8 characters of the id>` when absent).'),
    description: z.string().max(4096).optional().describe('The run test\'s description (what the run is for), served by the run test endpoints.'),
    simulation_type: z.enum(['voice', 'text']).optional().describe('Voice calls or chats; what the rows show when absent.'),
    created_at: DateTimeSchema.optional().describe('When the run test was created; a day before its oldest row when absent.'),
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
