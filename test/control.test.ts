// The test files of test/control/, in one process (see run-folder.ts).
import { runFolder } from './run-folder.js'

await runFolder(new URL('./control/', import.meta.url))
