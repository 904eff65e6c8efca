// The test files the docs show (`// test/<name>` blocks), run as written against this checkout: the
// package imports itself by name, so `futureagi-mock` is the built dist/.
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { requireFreshBuild } from '../cli/helper.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** tap's TypeScript loader, the one `npx tap` runs test files with. */
const TS_LOADER = join(ROOT, 'node_modules', '@tapjs', 'typescript', 'dist', 'esm', 'import.mjs')

t.setTimeout(180_000)
t.before(requireFreshBuild)

function docsTest (page: string, name: string): string {
  const text = readFileSync(join(ROOT, page), 'utf8')
  const start = text.indexOf(`\`\`\`ts\n// test/${name}\n`)
  if (start === -1) throw new Error(`${page} has no ts block starting with "// test/${name}"`)
  const body = text.slice(start + '```ts\n'.length)
  return body.slice(0, body.indexOf('```'))
}

const EXAMPLES: Array<[string, string, RegExp]> = [
  ['docs/ci.md', 'inject.test.ts', /^ok 1 - answers a request without keys with the platform's 401, in memory/m],
  ['docs/journal.md', 'wiremock.test.ts', /^ok 1 - the client read the first two pages of the demo run/m]
]

for (const [page, name, passed] of EXAMPLES) {
  t.test(`${page}'s test/${name} passes as written`, async (t) => {
    // Inside the checkout (tap's fixture folder), so that the package's own name resolves to it.
    const file = join(t.testdir({}), name)
    writeFileSync(file, docsTest(page, name))
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(process.execPath, [`--import=${TS_LOADER}`, file], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, timeout: 150_000 }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, output: stdout + stderr })
      })
    })
    t.equal(result.code, 0, result.output)
    t.match(result.output, passed)
    t.notMatch(result.output, /^not ok/m)
  })
}
