// The recipes that start the server in the background, run as written (on a port of the test's own
// instead of 8000): they wait for it, fail at once with its log when it exits, and stop it with the
// command they show.
import { execFile } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { parse } from 'yaml'
import { requireFreshBuild } from '../cli/helper.js'
import { exactEnv } from '../exact-env.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

t.setTimeout(240_000)
t.before(requireFreshBuild)

/** A code block of a docs page: the `lang` block whose text contains `marker`. */
function block (page: string, lang: string, marker: string): string {
  const text = readFileSync(join(ROOT, page), 'utf8')
  const found = [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1] as string).find((body) => body.includes(marker))
  if (found === undefined) throw new Error(`${page} has no ${lang} block with "${marker}"`)
  return found
}

/** A free port of 127.0.0.1, for the recipe to use instead of 8000. */
async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function listening (port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

async function freedWithin (port: number, ms: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms;) {
    if (!await listening(port)) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

/**
 * A clone of the mock as the recipes expect one, after `npm ci`: the built package linked in, and an
 * `npm` whose `ci` does nothing (the installing is done), so that the recipes' other commands run as written.
 */
function scratchClone (t: Test): { work: string; clone: string; bin: string } {
  const work = mkdtempSync(join(tmpdir(), 'futureagi-mock-recipe-'))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  const clone = join(work, 'futureagi-mock')
  mkdirSync(clone)
  copyFileSync(join(ROOT, 'package.json'), join(clone, 'package.json'))
  for (const entry of ['dist', 'node_modules', 'fixtures']) symlinkSync(join(ROOT, entry), join(clone, entry), 'dir')
  const bin = join(work, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\nif [ "$1" = ci ]; then exit 0; fi\nexec ${JSON.stringify(realNpm())} "$@"\n`)
  chmodSync(join(bin, 'npm'), 0o755)
  return { work, clone, bin }
}

/** The npm the tests would run: the first on PATH. */
function realNpm (): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'npm')
    if (dir !== '' && existsSync(candidate)) return candidate
  }
  throw new Error('no npm on PATH')
}

interface Ran { code: number; stdout: string; stderr: string; ms: number }

function bash (script: string, cwd: string, env: Record<string, string>): Promise<Ran> {
  const started = Date.now()
  return new Promise((resolve) => {
    execFile(...exactEnv('bash', ['-e', '-o', 'pipefail', '-c', script], env), { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr, ms: Date.now() - started })
    })
  })
}

/** The steps of the GitHub Actions recipe of docs/ci.md that checks the mock out. */
function ciSteps (): { start: string; stop: string; env: Record<string, string> } {
  const workflow = parse(block('docs/ci.md', 'yaml', 'name: Start the mock')) as { jobs: Record<string, { env: Record<string, string>; steps: Array<{ name?: string; run?: string }> }> }
  const job = Object.values(workflow.jobs)[0]
  const step = (name: string): string => job?.steps.find((entry) => entry.name === name)?.run ?? ''
  return { start: step('Start the mock'), stop: step('Stop the mock'), env: job?.env ?? {} }
}

t.test('the CI recipe starts the mock and its stop step stops it', async (t) => {
  const { clone, bin, work } = scratchClone(t)
  const port = await freePort()
  const { start, stop, env } = ciSteps()
  t.match(start, /npm ci/)
  const githubEnv = join(work, 'github-env')
  writeFileSync(githubEnv, '')
  const base = { ...env, PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: work, PORT: String(port), GITHUB_ENV: githubEnv }
  const started = await bash(start.replaceAll('127.0.0.1:8000', `127.0.0.1:${port}`), clone, base)
  t.equal(started.code, 0, started.stdout + started.stderr)
  t.ok(await listening(port), 'the mock answers')
  const pid = /^MOCK_PID=(\d+)$/m.exec(readFileSync(githubEnv, 'utf8'))?.[1]
  t.ok(pid !== undefined, 'the step saved the process id')
  t.teardown(() => {
    try {
      process.kill(Number(pid), 'SIGKILL')
    } catch {
      // Stopped already, as it should be.
    }
  })
  const stopped = await bash(stop, clone, { ...base, MOCK_PID: pid ?? '' })
  t.equal(stopped.code, 0, stopped.stderr)
  t.ok(await freedWithin(port, 5000), 'the stop step stops it')
})

t.test('the CI recipe fails at once with the mock\'s log when the mock exits, without a curl error per try', async (t) => {
  const { clone, bin, work } = scratchClone(t)
  const port = await freePort()
  const { start, env } = ciSteps()
  // A setting the mock refuses: it exits 1 as it starts, saying why.
  const failed = await bash(start.replaceAll('127.0.0.1:8000', `127.0.0.1:${port}`), clone, {
    ...env, PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: work, PORT: String(port), GITHUB_ENV: join(work, 'github-env'), MOCK_CONTRACT: 'nonsense'
  })
  t.not(failed.code, 0, 'the step fails')
  t.ok(failed.ms < 15_000, `it fails after ${failed.ms} ms, not after the 60 s wait`)
  t.match(failed.stdout, /MOCK_CONTRACT/, 'the log says why')
  t.notMatch(failed.stdout + failed.stderr, /curl: \(\d+\)/, 'no curl error per try')
})

t.test('the local verify recipe waits for the mock, passes, and stops it with the command it shows', async (t) => {
  const { clone, bin, work } = scratchClone(t)
  const port = await freePort()
  const recipe = block('docs/verify-and-record.md', 'sh', 'node dist/cli.js verify --target http://127.0.0.1:8000')
  t.match(recipe, /&\s/, 'the recipe starts the mock in the background')
  const ran = await bash(recipe.replaceAll('127.0.0.1:8000', `127.0.0.1:${port}`), clone, { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: work, PORT: String(port) })
  t.equal(ran.code, 0, ran.stdout + ran.stderr)
  t.match(ran.stdout, /: the server keeps the contract\n/)
  t.ok(await freedWithin(port, 5000), 'the command it shows stops the mock')
  // mock.log holds both streams: the logger's JSON lines and the mock's one line on stderr, in either order; no npm banner.
  const lines = readFileSync(join(clone, 'mock.log'), 'utf8').split('\n').filter((line) => line !== '')
  t.same(lines.filter((line) => !line.startsWith('{"level":') && !/^futureagi-mock \S+ listening on /.test(line)), [], 'every line is a JSON log line or the mock\'s own, none npm\'s')
  t.ok(lines.some((line) => /^\{"level":30,.*"msg":"Server listening at /.test(line)), 'the listening line is JSON')
})
