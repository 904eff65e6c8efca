// The test files the docs show (`// test/<name>` blocks) that need more than the package, run as
// written against this checkout: the package imports itself by name, so `futureagi-mock` is the built
// dist/. The package's test runs the others in a fresh project; every block is one or the other.
import { execFile } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { requireFreshBuild } from '../cli/helper.js'
import { exactEnv } from '../exact-env.js'
import { CHECKOUT_RECIPES, PACKAGE_RECIPES, docsBlock } from './recipes.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** tap's TypeScript loader, the one `npx tap` runs test files with. */
const TS_LOADER = join(ROOT, 'node_modules', '@tapjs', 'typescript', 'dist', 'esm', 'import.mjs')

t.setTimeout(180_000)
t.before(requireFreshBuild)

t.test('every test file the documentation shows is run as written by the suite', async (t) => {
  const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]
  const shown = pages.flatMap((page) => [...readFileSync(join(ROOT, page), 'utf8').matchAll(/^```ts\n\/\/ test\/(\S+)\n/gm)].map((match) => `${page} ${match[1] ?? ''}`))
  const run = [...PACKAGE_RECIPES, ...CHECKOUT_RECIPES].map(([page, name]) => `${page} ${name}`)
  t.ok(shown.length >= run.length, `${shown.length} test files shown`)
  t.same(shown.sort(), run.sort())
})

for (const [page, name, passed] of CHECKOUT_RECIPES) {
  t.test(`${page}'s test/${name} passes as written`, async (t) => {
    // Inside the checkout (tap's fixture folder), so that the package's own name resolves to it.
    const file = join(t.testdir({}), name)
    writeFileSync(file, docsBlock(page, 'ts', `// test/${name}`))
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(...exactEnv(process.execPath, [`--import=${TS_LOADER}`, file], { PATH: process.env.PATH ?? '' }), { cwd: ROOT, timeout: 150_000 }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, output: stdout + stderr })
      })
    })
    t.equal(result.code, 0, result.output)
    t.match(result.output, passed)
    t.notMatch(result.output, /^not ok/m)
  })
}
