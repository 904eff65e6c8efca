// The test files of test/kit/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./kit/', import.meta.url))
