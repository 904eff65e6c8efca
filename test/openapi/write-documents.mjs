// Rewrites the committed OpenAPI documents (both contracts' and the control plane's) from the compiled code; `npm run openapi` builds first.
import { writeFileSync } from 'node:fs'
import process from 'node:process'
import { URL, fileURLToPath } from 'node:url'
import { ADMIN_OPENAPI_FILE, OPENAPI_FILES, generateAdminDocument, generateOpenapiDocument } from '../../dist/openapi/generate.js'

const root = new URL('../../', import.meta.url)
for (const [contract, file] of Object.entries(OPENAPI_FILES)) {
  writeFileSync(fileURLToPath(new URL(file, root)), await generateOpenapiDocument(contract))
  process.stdout.write(`wrote ${file}\n`)
}
writeFileSync(fileURLToPath(new URL(ADMIN_OPENAPI_FILE, root)), await generateAdminDocument())
process.stdout.write(`wrote ${ADMIN_OPENAPI_FILE}\n`)
