// The test files of test/openapi/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./openapi/', import.meta.url))
