// The test files of test/cli/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./cli/', import.meta.url))
