// The test files of test/server/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./server/', import.meta.url))
