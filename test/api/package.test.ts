// The published package: packed by npm, installed into a project made with npm init -y, imported from ESM and compiled against with TypeScript.
// The longest file of the suite (a minute and a half on two cores): tap starts the folders' processes
// in the order of their names, and test/api.test.ts, which runs this one, comes first, so that it runs
// beside the others rather than after them.
import { execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { VERSION } from '../../src/version.js'
import { PACKAGE_RECIPES, docsBlock } from '../docs/recipes.js'
import { exactEnv } from '../exact-env.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const SLOW = { timeout: 300_000 }

// Packing builds the package and installing it fetches its dependencies: minutes on a cold cache.
t.setTimeout(900_000)

const work = mkdtempSync(join(tmpdir(), 'futureagi-mock-pack-'))
const source = join(work, 'source')
const consumer = join(work, 'consumer')
t.teardown(() => rmSync(work, { recursive: true, force: true }))

/**
 * npm variables of an outer `npm test` would point the inner commands at this repository (or, from
 * `npm test --ignore-scripts`, skip the build `npm pack` runs), the outer tap's TAP_* settings would
 * configure the consumer's tap, and its preload (NODE_OPTIONS, _TAPJS_*) would run in every command.
 */
function childEnv (): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_(package_|lifecycle_|config_local_prefix$|config_ignore_scripts$)|TAP(_|$)|_TAPJS_|NODE_OPTIONS$|NODE_V8_COVERAGE$)/i.test(key)) env[key] = value
  }
  // The recipes' own tap runs compile TypeScript in a fresh project: on a loaded machine that can take
  // longer than tap's 30 s per file.
  env.TAP_TIMEOUT ??= '300'
  return env
}

/** Runs a command to its end; rejects, with its output, unless it exits 0. */
function runBoth (command: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(...exactEnv(command, args, childEnv()), { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve({ stdout, stderr })
      else reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`))
    })
  })
}

const run = async (command: string, args: string[], cwd: string): Promise<string> => (await runBoth(command, args, cwd)).stdout

/** The Node lines package.json's engines field admits: 22 from 22.13 (the lowest any dependency asks for), and 24 on. */
const ENGINES = '^22.13.0 || >=24'
function supportedNode (version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  return (major === 22 && minor >= 13) || major >= 24
}

let tarball = ''
let packed: string[] = []
/** What `npm install` printed, warnings included, when the consumer project installed the tarball. */
let installOutput = ''

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

  // One consumer serves every test below: a project made with npm init -y, where the install command
  // of docs/ci.md (with the tarball packed above) brings tap and the package. It is an ES module
  // project until the recipes' test tries both kinds.
  mkdirSync(join(consumer, 'test'), { recursive: true })
  await run('npm', ['init', '-y'], consumer)
  const install = await runBoth('npm', ['install', '--save-dev', 'tap', tarball, '--no-audit', '--no-fund', '--prefer-offline'], consumer)
  installOutput = `${install.stdout}${install.stderr}`
  await run('npm', ['pkg', 'set', 'type=module'], consumer)
})

t.test('installs into a fresh project without an engine warning, on every supported Node line', {
  skip: supportedNode(process.version) ? false : `Node ${process.version} is not a line the package supports (${ENGINES}); CI runs this on 22, 24 and 26`
}, async (t) => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; overrides?: unknown }
  t.equal(manifest.engines.node, ENGINES, 'the lines this test knows')
  t.equal(manifest.overrides, undefined, 'no overrides: a consumer installs the tree the suite ran on')
  t.same(installOutput.split('\n').filter((line) => /EBADENGINE/.test(line)), [], 'no EBADENGINE line')
})

t.test('names the same supported lines in engines, the docs, the Dockerfile and CI', async (t) => {
  t.match(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'), /^LINES=\(22 24 26\)$/m)
  t.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /Node\.js 22\.13 or later on the 22 line, or 24 and later \(the test suite runs on the 22, 24 and 26 lines\)/)
  t.match(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'), /supports Node 22 \(from 22\.13\), 24 and 26/)
})

t.test('packs the compiled code, its types, the fixtures, the license and the documentation, and no sources or tests', async (t) => {
  for (const path of ['package.json', 'LICENSE', 'README.md', 'docs/README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/futureagi-mock.js', 'dist/kit/command.js', 'dist/control/journal-search-worker.js', 'dist/version.js', 'dist/inspector/index.html', 'dist/inspector/inspector.js', 'dist/inspector/inspector.css', 'fixtures/edge-cases.json']) {
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
  t.same(missing, [], 'links to files the package leaves out (package.json "files")')
})

t.test('installs a futureagi-mock command that runs', SLOW, async (t) => {
  const bin = join(consumer, 'node_modules', '.bin', 'futureagi-mock')
  t.equal(await run(bin, ['--version'], consumer), `${VERSION}\n`)
  t.match(readFileSync(join(consumer, 'node_modules', 'futureagi-mock', 'dist', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/)
})

t.test('the installed command serves the demo page, and the documents from the packages its single-file build leaves out', SLOW, async (t) => {
  const bin = join(consumer, 'node_modules', '.bin', 'futureagi-mock')
  const child = spawn(...exactEnv(bin, ['--port', '0', '--host', '127.0.0.1', '--log-level', 'warn'], childEnv()), { cwd: consumer })
  t.teardown(() => { child.kill('SIGKILL') })
  let stderr = ''
  const origin = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      const match = /listening on (http:\/\/\S+) /.exec(stderr)
      if (match !== null) resolve(match[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`exited with ${String(code)}: ${stderr}`)))
  })
  const page = await fetch(`${origin}/simulate/run-tests/11111111-1111-4111-8111-111111111111/call-executions/?limit=5`, { headers: { 'X-Api-Key': 'test-api-key', 'X-Secret-Key': 'test-secret-key' } })
  t.equal(page.status, 200)
  t.equal(((await page.json()) as { count: number }).count, 23)
  for (const [path, type] of [['/openapi.json', /json/], ['/openapi.yaml', /yaml/], ['/docs/', /html/]] as const) {
    const answer = await fetch(`${origin}${path}`)
    t.equal(answer.status, 200, path)
    t.match(answer.headers.get('content-type') ?? '', type, path)
    await answer.arrayBuffer()
  }
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
  // The recipes below run in a project without a tsconfig.json, as a new user's is.
  t.teardown(() => rmSync(join(consumer, 'tsconfig.json'), { force: true }))
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

t.test('runs the in-process recipes of the documentation in a project made with npm init -y, as CommonJS and as an ES module', SLOW, async (t) => {
  // The CommonJS project is a twin of the consumer: its own package.json and tests, the consumer's
  // node_modules, so that both kinds run at once.
  const twin = join(work, 'consumer-commonjs')
  mkdirSync(join(twin, 'test'), { recursive: true })
  cpSync(join(consumer, 'package.json'), join(twin, 'package.json'))
  symlinkSync(join(consumer, 'node_modules'), join(twin, 'node_modules'), 'dir')
  const projects: Array<[string, string]> = [['commonjs', twin], ['module', consumer]]
  for (const [type, project] of projects) {
    await run('npm', ['pkg', 'set', `type=${type}`], project)
    for (const [page, name] of PACKAGE_RECIPES) writeFileSync(join(project, 'test', name), docsBlock(page, 'ts', `// test/${name}`))
  }
  // The command docs/ci.md runs them with, word for word but for the file named; `run` fails unless it exits 0.
  const command = docsBlock('docs/ci.md', 'sh', 'npm install --save-dev tap ./futureagi-mock-0.1.0.tgz   # the file `npm pack` writes in a clone of the mock')
    .split('\n')[1]?.split(/\s+/) ?? []
  t.same(command.slice(0, 2), ['npx', 'tap'])
  t.equal(command.at(-1), 'test/contract.test.ts')
  // One tap run per kind of project, both at once, each running its recipes one after the other.
  const outputs = await Promise.all(projects.map(([, project]) =>
    run(command[0] as string, [...command.slice(1, -1), '--jobs=1', ...PACKAGE_RECIPES.map(([, name]) => `test/${name}`)], project)))
  projects.forEach(([type], i) => {
    const output = outputs[i] ?? ''
    for (const [, name, passed] of PACKAGE_RECIPES) t.match(output, passed, `${name}, "type": "${type}"`)
    t.notMatch(output, /not ok/, `no recipe fails, "type": "${type}"`)
  })
  writeFileSync(join(consumer, 'check.cjs'), [
    "const { startMockServer } = require('futureagi-mock')",
    'startMockServer().then(async (server) => {',
    "  const res = await fetch(`${server.url}/health`)",
    '  await server.close()',
    '  console.log(res.status)',
    '})'
  ].join('\n'))
  t.equal(await run(process.execPath, ['check.cjs'], consumer), '200\n', 'require() from plain CommonJS')
})

t.test('runs the README\'s in-process sketch as an ES module', SLOW, async (t) => {
  const sketch = docsBlock('README.md', 'js', '// start.mjs')
  writeFileSync(join(consumer, 'start.mjs'), `${sketch}console.log(process.env.FI_BASE_URL)\n`)
  t.match(await run(process.execPath, ['start.mjs'], consumer), /^http:\/\/127\.0\.0\.1:\d+\n$/)
})
