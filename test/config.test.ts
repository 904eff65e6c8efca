// The test files of test/config/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./config/', import.meta.url))
