// The test files of test/app/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./app/', import.meta.url))
