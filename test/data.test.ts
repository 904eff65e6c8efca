// The test files of test/data/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./data/', import.meta.url))
