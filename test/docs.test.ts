// The test files of test/docs/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./docs/', import.meta.url))
