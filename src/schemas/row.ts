// The row schema each contract serves.
import type { Contract } from '../data/model.js'
import { DocsCallExecutionSchema } from './docs-row.js'
import { PlatformRowSchema } from './platform-row.js'

export function rowSchemaFor (contract: Contract): typeof DocsCallExecutionSchema | typeof PlatformRowSchema {
  return contract === 'docs' ? DocsCallExecutionSchema : PlatformRowSchema
}
