// The suite's layout as docs/development.md describes it: every folder of test files has the entry that
// runs it under `npm test`, and a row in the page's table.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import t from 'tap'

const TEST = new URL('../', import.meta.url)

const folders = readdirSync(TEST, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(new URL(`${entry.name}/`, TEST)).some((name) => name.endsWith('.test.ts')))
  .map((entry) => entry.name)
  .sort()

t.test('every folder of test files has its test/<folder>.test.ts, and every such file a folder', async (t) => {
  t.ok(folders.length > 10, `${folders.length} folders`)
  t.same(folders.filter((folder) => !existsSync(new URL(`${folder}.test.ts`, TEST))), [], 'folders npm test would not run')
  const entries = readdirSync(TEST).filter((name) => name.endsWith('.test.ts')).map((name) => name.replace(/\.test\.ts$/, ''))
  t.same(entries.filter((entry) => !folders.includes(entry)), [], 'entries without a folder of tests')
})

t.test('docs/development.md names every folder of test files', async (t) => {
  const page = readFileSync(new URL('../../docs/development.md', import.meta.url), 'utf8')
  t.same(folders.filter((folder) => !page.includes(`\`test/${folder}/\``)), [])
})
