// Rewrites the committed OpenAPI documents from the compiled code; `npm run openapi` builds first.
import { writeFileSync } from 'node:fs'
import process from 'node:process'
import { URL, fileURLToPath } from 'node:url'
import { OPENAPI_FILES, generateOpenapiDocument } from '../../dist/openapi/generate.js'

const root = new URL('../../', import.meta.url)
for (const [contract, file] of Object.entries(OPENAPI_FILES)) {
  writeFileSync(fileURLToPath(new URL(file, root)), await generateOpenapiDocument(contract))
  process.stdout.write(`wrote ${file}\n`)
}
