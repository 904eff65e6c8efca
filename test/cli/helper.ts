// Runs the built command as a user would: `node dist/cli.js` in a child process with a clean environment.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { exactEnv } from '../exact-env.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const CLI = join(ROOT, 'dist', 'cli.js')
/** The command's single-file build, which dist/cli.js runs: every build writes it anew. */
const BUILT = join(ROOT, 'dist', 'futureagi-mock.js')
/** The same command from the compiled modules as they are, one file per source. */
export const UNBUNDLED_CLI = join(ROOT, 'dist', 'main.js')

function newestSource (dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * These tests run the compiled command, so a missing or stale build would test other code than the
 * source; `npm test` builds first (its pretest script). The build compiles only what changed, then
 * writes the command's single-file build: its time is that of the last build.
 */
export function requireFreshBuild (): void {
  const built = statSync(BUILT, { throwIfNoEntry: false })?.mtimeMs
  if (built === undefined || built < newestSource(join(ROOT, 'src'))) {
    throw new Error('dist/ is missing or older than src/: run `npm run build` first (`npm test` does)')
  }
}

/**
 * Only what a shell would always have, so the developer's own PORT or MOCK_* variables cannot leak in,
 * nor the test runner's preload (see exactEnv): the command runs from its single-file build, whose
 * coverage the report could not map back to src/ anyway.
 */
function cleanEnv (extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...extra }
}

/** `node entry args` with only the clean environment and `extra`. */
function command (entry: string, args: string[], extra: Record<string, string>): [string, string[]] {
  return exactEnv(process.execPath, [entry, ...args], cleanEnv(extra))
}

export interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the command to its end (for invocations that exit by themselves). */
export function runCli (args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(...command(CLI, args, env), { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null
      resolve({ code, stdout, stderr })
    })
  })
}

export interface Running {
  child: ChildProcessWithoutNullStreams
  /** The line the command printed on stderr once listening. */
  startLine: string
  /** The base URL read from that line. */
  url: string
  /** Everything printed to stdout so far. */
  stdout: () => string
  /** Everything printed to stderr so far. */
  stderr: () => string
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const START_LINE = /^futureagi-mock \S+ listening on (http:\/\/\S+) .*$/m

/** Starts a server on a free port of 127.0.0.1 and waits for its start line (on stderr); the test's teardown kills it. */
export function startCli (t: Test, args: string[] = [], env: Record<string, string> = {}, entry = CLI): Promise<Running> {
  const child = spawn(...command(entry, ['--port', '0', '--host', '127.0.0.1', ...args], env))
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line after 10 s; stderr: ${stderr}`)), 10_000)
    const check = (): void => {
      const match = START_LINE.exec(stderr)
      if (match === null) return
      clearTimeout(timer)
      child.stderr.off('data', check)
      resolve({ child, startLine: match[0], url: match[1] ?? '', stdout: () => stdout, stderr: () => stderr, exited })
    }
    child.stderr.on('data', check)
    void exited.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${String(code)} before listening; stderr: ${stderr}`))
    })
  })
}
