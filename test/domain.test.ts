// The test files of test/domain/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./domain/', import.meta.url))
