// The test files of test/browser/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./browser/', import.meta.url))
