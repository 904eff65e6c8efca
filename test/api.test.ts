// The test files of test/api/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./api/', import.meta.url))
