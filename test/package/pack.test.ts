// The published package: packed by npm, installed into an empty project, imported from ESM and compiled against with TypeScript.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { VERSION } from '../../src/version.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const SLOW = { timeout: 300_000 }

// Packing builds the package and installing it fetches its dependencies: minutes on a cold cache.
t.setTimeout(900_000)

const work = mkdtempSync(join(tmpdir(), 'futureagi-mock-pack-'))
const source = join(work, 'source')
const consumer = join(work, 'consumer')
t.teardown(() => rmSync(work, { recursive: true, force: true }))

/** npm variables of an outer `npm test` would point the inner commands at this repository. */
function childEnv (): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(package_|lifecycle_|config_local_prefix$)/.test(key)) env[key] = value
  }
  return env
}

function run (command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: childEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout)
      else reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`))
    })
  })
}

let tarball = ''
let packed: string[] = []

t.before(async () => {
  // Pack a copy, so that the clean build of `prepack` does not pull dist/ from under other test files.
  mkdirSync(source)
  for (const entry of ['package.json', 'tsconfig.json', 'src', 'fixtures', 'openapi', 'docs', 'README.md', 'LICENSE']) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(source, entry), { recursive: true })
  }
  symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'dir')
  const report = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', work], source)) as Array<{ filename: string; files: Array<{ path: string }> }>
  tarball = join(work, report[0]?.filename ?? '')
  packed = report[0]?.files.map((file) => file.path) ?? []

  mkdirSync(consumer)
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], consumer)
})

t.test('packs the compiled code, its types, the fixtures, the license and the documentation, and no sources or tests', async (t) => {
  for (const path of ['package.json', 'LICENSE', 'README.md', 'docs/README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/version.js', 'dist/inspector/index.html', 'dist/inspector/inspector.js', 'dist/inspector/inspector.css', 'fixtures/edge-cases.json']) {
    t.ok(packed.includes(path), path)
  }
  t.same(packed.filter((path) => path.startsWith('src/') || path.startsWith('test/')), [])
})

t.test('the packed license is the MIT license package.json names', async (t) => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string }
  t.equal(manifest.license, 'MIT')
  const license = readFileSync(join(consumer, 'node_modules', 'futureagi-mock', 'LICENSE'), 'utf8')
  t.match(license, /^MIT License\n\nCopyright \(c\) 2026 futureagi-mock contributors\n/)
  t.match(license, /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/)
})

t.test('every file the packed documentation links to is in the package', async (t) => {
  const installed = join(consumer, 'node_modules', 'futureagi-mock')
  const pages = packed.filter((path) => path.endsWith('.md'))
  const missing: string[] = []
  for (const page of pages) {
    for (const match of readFileSync(join(installed, page), 'utf8').matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)) {
      const target = match[1] ?? ''
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue
      const path = posix.normalize(posix.join(posix.dirname(page), target)).replace(/\/$/, '')
      if (!packed.some((file) => file === path || file.startsWith(`${path}/`))) missing.push(`${page}: ${target}`)
    }
  }
  t.ok(pages.length > 10, `${pages.length} pages`)
  t.same(missing, [])
})

t.test('installs a futureagi-mock command that runs', SLOW, async (t) => {
  const bin = join(consumer, 'node_modules', '.bin', 'futureagi-mock')
  t.equal(await run(bin, ['--version'], consumer), `${VERSION}\n`)
  t.match(readFileSync(join(consumer, 'node_modules', 'futureagi-mock', 'dist', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/)
})

t.test('serves the demo run through startMockServer imported from ESM', SLOW, async (t) => {
  writeFileSync(join(consumer, 'check.mjs'), [
    "import { startMockServer, DocsCallExecutionPageSchema } from 'futureagi-mock'",
    'const server = await startMockServer()',
    "const res = await fetch(`${server.url}/simulate/run-tests/11111111-1111-4111-8111-111111111111/call-executions/?limit=5`, { headers: { 'X-Api-Key': 'test-api-key', 'X-Secret-Key': 'test-secret-key' } })",
    'const page = DocsCallExecutionPageSchema.parse(await res.json())',
    'await server.close()',
    'console.log(JSON.stringify({ status: res.status, count: page.count, rows: page.results.length }))'
  ].join('\n'))
  t.same(JSON.parse(await run(process.execPath, ['check.mjs'], consumer)), { status: 200, count: 23, rows: 5 })
})

t.test('type-checks a TypeScript consumer against the package types', SLOW, async (t) => {
  writeFileSync(join(consumer, 'check.ts'), [
    "import { startMockServer, DocsCallExecutionPageSchema, type DocsCallExecutionPage, type MockServerOptions, type PlatformRow } from 'futureagi-mock'",
    "const options: MockServerOptions = { seed: 2, cors: false, runs: [{ id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', rows: 3, profile: 'failing' }] }",
    'const server = await startMockServer(options)',
    "const res = await fetch(`${server.url}/health`)",
    'const page: DocsCallExecutionPage = DocsCallExecutionPageSchema.parse(await res.json())',
    'const firstId: string | undefined = page.results[0]?.id',
    "const status: PlatformRow['status'] = 'completed'",
    'await server.close()',
    '// @ts-expect-error the contract is one of two names',
    "const wrong: MockServerOptions = { contract: 'v2' }",
    'export { firstId, status, wrong }'
  ].join('\n'))
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2023',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')]
    },
    files: ['check.ts']
  }))
  await t.resolves(run(process.execPath, [TSC, '-p', 'tsconfig.json'], consumer))
})

/** A code block exactly as a page of the documentation shows it: the `lang` block whose first line is `first`. */
function docsBlock (page: string, lang: string, first: string): string {
  const text = readFileSync(join(ROOT, page), 'utf8')
  const start = text.indexOf(`\`\`\`${lang}\n${first}\n`)
  if (start === -1) throw new Error(`${page} has no ${lang} block starting with "${first}"`)
  const body = text.slice(start + `\`\`\`${lang}\n`.length)
  return body.slice(0, body.indexOf('```'))
}

t.test('runs the in-process recipes of the documentation in a project made with npm init -y, as CommonJS and as an ES module', SLOW, async (t) => {
  const scratch = join(work, 'scratch')
  mkdirSync(join(scratch, 'test'), { recursive: true })
  await run('npm', ['init', '-y'], scratch)
  // The install command of docs/ci.md, with the tarball packed above.
  await run('npm', ['install', '--save-dev', 'tap', tarball, '--no-audit', '--no-fund', '--prefer-offline'], scratch)
  const recipes: Array<[string, string, RegExp]> = [
    ['docs/ci.md', 'contract.test.ts', /ok 1 - lists the demo run five calls at a time/],
    ['docs/control-plane.md', 'journal.test.ts', /ok 1 - the client asks for failed calls only, page after page/],
    ['docs/time-and-failure.md', 'polling.test.ts', /ok 1 - polls the live run until no call is still running/]
  ]
  for (const [page, name] of recipes) writeFileSync(join(scratch, 'test', name), docsBlock(page, 'ts', `// test/${name}`))
  for (const type of ['commonjs', 'module']) {
    await run('npm', ['pkg', 'set', `type=${type}`], scratch)
    for (const [, name, passed] of recipes) {
      const output = await run('npx', ['tap', '--disable-coverage', `test/${name}`], scratch)
      t.match(output, passed, `${name}, "type": "${type}"`)
      t.notMatch(output, /not ok/, `${name}, "type": "${type}"`)
    }
  }
  writeFileSync(join(scratch, 'check.cjs'), [
    "const { startMockServer } = require('futureagi-mock')",
    'startMockServer().then(async (server) => {',
    "  const res = await fetch(`${server.url}/health`)",
    '  await server.close()',
    '  console.log(res.status)',
    '})'
  ].join('\n'))
  t.equal(await run(process.execPath, ['check.cjs'], scratch), '200\n', 'require() from plain CommonJS')
})

t.test('runs the README\'s in-process sketch as an ES module', SLOW, async (t) => {
  const sketch = docsBlock('README.md', 'js', '// start.mjs')
  writeFileSync(join(consumer, 'start.mjs'), `${sketch}console.log(process.env.FI_BASE_URL)\n`)
  t.match(await run(process.execPath, ['start.mjs'], consumer), /^http:\/\/127\.0\.0\.1:\d+\n$/)
})
