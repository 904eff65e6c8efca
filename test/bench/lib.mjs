// What the bench's measurements share: starting and stopping the servers, HTTP on fresh connections, wrk, memory samples.
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers'
import { URL, fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const CLI = join(ROOT, 'dist', 'cli.js')

export const API_KEY = 'bench-api-key'
export const SECRET_KEY = 'bench-secret-key'
export const AUTH = { 'x-api-key': API_KEY, 'x-secret-key': SECRET_KEY }

export const DEMO_RUN = '11111111-1111-4111-8111-111111111111'
export const TEN_THOUSAND_RUN = '33333333-3333-4333-8333-333333333333'
export const MILLION_RUN = '55555555-5555-4555-8555-555555555555'
export const listPath = (runId, query = '') => `/simulate/run-tests/${runId}/call-executions/${query}`

export const SERVER_CORE = '0'
export const LOAD_CORE = '1'

// ---------------------------------------------------------------------------------------------------
// Processes

const started = new Set()

/** Whether to pin; decided once the tools and cores are known (`requireTools`). */
let pinning = true

/** The cores this process may use, read before it pins itself to one of them. */
const CORES = availableParallelism()

/** Runs `command` on one core when the machine has two; otherwise unpinned (the figures then mean less). */
function pinned (core, command, args) {
  return pinning ? ['taskset', ['-c', core, command, ...args]] : [command, args]
}

export function spawnServer (core, command, args, env = {}) {
  const [file, argv] = pinned(core, command, args)
  // taskset execs the command, so the child's pid is the server's own and /proc/<pid>/status is its memory.
  const child = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  started.add(child)
  child.once('exit', () => started.delete(child))
  let stderr = ''
  // The last few kilobytes are enough to say why a server stopped.
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-8192) })
  child.stderrText = () => stderr
  // Log lines are read and dropped, so a full pipe can never block the server.
  child.stdout.resume()
  return child
}

/** Resolves with the URL a server prints on stderr (`… listening on http://…`), or rejects when it exits or takes too long. */
export function listeningUrl (child, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no "listening on" line after ${timeoutMs} ms`)), timeoutMs)
    const fail = (error) => {
      clearTimeout(timer)
      child.stderr.off('data', onData)
      child.off('exit', onExit)
      reject(new Error(`${error.message}\n${child.stderrText()}`))
    }
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(child.stderrText())
      if (match === null) return
      clearTimeout(timer)
      child.stderr.off('data', onData)
      child.off('exit', onExit)
      resolve(match[1])
    }
    const onExit = (code) => fail(new Error(`server exited with ${code} before listening`))
    child.stderr.on('data', onData)
    child.once('exit', onExit)
  })
}

/** Stops a process this script started: SIGTERM, then SIGKILL if it is still there after 10 s. */
export async function stop (child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

export async function stopAll () {
  await Promise.all([...started].map(stop))
}

export function mockArgs (contract, port = 0, extra = []) {
  return [CLI, '--host', '127.0.0.1', '--port', String(port), '--contract', contract,
    '--api-key', API_KEY, '--secret-key', SECRET_KEY, '--log-level', 'warn', ...extra]
}

export async function startMock (contract, extra = []) {
  const child = spawnServer(SERVER_CORE, process.execPath, mockArgs(contract, 0, extra))
  return { child, url: await listeningUrl(child) }
}

/** Resident and peak resident memory of a process, from /proc. */
export function residentMb (pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 }
}

/** Samples a process's resident memory every `intervalMs` until `stop()`, which returns the samples and their maximum. */
export function sampleRss (pid, intervalMs = 100) {
  const samples = []
  const take = () => {
    try { samples.push({ atMs: performance.now(), rssMb: residentMb(pid).rssMb }) } catch { /* the process has exited */ }
  }
  take()
  const timer = setInterval(take, intervalMs)
  return {
    stop () {
      clearInterval(timer)
      take()
      return { samples, maxMb: Math.max(...samples.map((sample) => sample.rssMb)) }
    }
  }
}

/** A port free right now on 127.0.0.1, for a server that must be polled before it says where it listens. */
export function freePort () {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

// ---------------------------------------------------------------------------------------------------
// HTTP

/** One GET on a fresh connection; resolves with the status, the raw headers, the body and the time to the last byte. */
export function get (url, headers = AUTH) {
  return new Promise((resolve, reject) => {
    const begun = performance.now()
    const request = http.get(url, { headers, agent: false, timeout: 10_000 }, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve({
        status: response.statusCode,
        rawHeaders: response.rawHeaders,
        body: Buffer.concat(chunks),
        ms: performance.now() - begun
      }))
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 10 s`)))
    request.on('error', reject)
  })
}

/**
 * One GET whose body is hashed and counted as it arrives, never held: for answers of a gigabyte.
 * Resolves when the body ends (or rejects when the connection fails or `timeoutMs` passes).
 */
export function getHashed (url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const begun = performance.now()
    const hash = createHash('sha256')
    let bytes = 0
    const request = http.get(url, { headers: AUTH, agent: false }, (response) => {
      response.on('data', (chunk) => {
        hash.update(chunk)
        bytes += chunk.length
      })
      response.on('end', () => {
        clearTimeout(timer)
        resolve({ status: response.statusCode, bytes, sha256: hash.digest('hex'), ms: performance.now() - begun })
      })
      response.on('error', reject)
    })
    const timer = setTimeout(() => request.destroy(new Error(`the answer from ${url} took over ${timeoutMs / 1000} s`)), timeoutMs)
    request.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

// ---------------------------------------------------------------------------------------------------
// wrk

const UNIT_MS = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

function milliseconds (text) {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text)
  if (match === null) throw new Error(`wrk printed a latency I cannot read: ${text}`)
  return Number(match[1]) * UNIT_MS[match[2]]
}

/** Parses wrk's report; fails on any answer other than 200, which would make the figures meaningless. */
function parseWrk (output) {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output)
  const p50 = /^\s+50%\s+(\S+)/m.exec(output)
  const p99 = /^\s+99%\s+(\S+)/m.exec(output)
  const requests = /(\d+) requests in/.exec(output)
  if (rps === null || p50 === null || p99 === null || requests === null) throw new Error(`unexpected wrk output:\n${output}`)
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(output)
  if (bad !== null) throw new Error(`${bad[1]} answers were not 200:\n${output}`)
  // Requests that took longer than wrk's timeout are left out of its percentiles: they are counted
  // here and shown, since a server that slow has missed its latency target anyway.
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  const socketErrors = errors === null ? 0 : errors.slice(1).reduce((sum, count) => sum + Number(count), 0)
  return { rps: Number(rps[1]), p50Ms: milliseconds(p50[1]), p99Ms: milliseconds(p99[1]), requests: Number(requests[1]), socketErrors }
}

/**
 * Loads `url` with wrk for `seconds` over `connections` keep-alive connections. `script` is a Lua file
 * (for requests that change), `timeoutS` wrk's own per-request time-out.
 */
export function wrk (url, connections, seconds, { script, timeoutS = 2, headers = AUTH } = {}) {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`])
  const scriptArgs = script === undefined ? [] : ['-s', script]
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, `--timeout`, `${timeoutS}s`, '--latency', ...headerArgs, ...scriptArgs, url]
  const [file, argv] = pinned(LOAD_CORE, 'wrk', args)
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
    started.add(child)
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    // wrk stops itself after `seconds`; this only guards against a hung run.
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + timeoutS + 15) * 1000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      started.delete(child)
      if (code !== 0) reject(new Error(`wrk exited with ${code}:\n${output}`))
      else {
        try { resolve(parseWrk(output)) } catch (error) { reject(error) }
      }
    })
  })
}

// ---------------------------------------------------------------------------------------------------
// Set-up

function newestMtime (dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Builds when src/ is newer than the last build (the command's single-file build, which every build
 * writes anew), writing the compiler's output to stderr so that `--json` keeps stdout clean.
 */
export function buildIfNeeded (say) {
  const built = statSync(join(ROOT, 'dist', 'futureagi-mock.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0
  if (built >= newestMtime(join(ROOT, 'src'))) return
  say('building (npm run build)…')
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  if (result.status !== 0) throw new Error('npm run build failed')
}

/** Checks for wrk, decides whether to pin, and returns wrk's version. */
export function requireTools (say) {
  const found = spawnSync('wrk', ['-v'], { encoding: 'utf8' })
  if (found.error !== undefined) {
    process.stderr.write('wrk is not installed: apt-get update && apt-get install -y wrk\n')
    process.exit(1)
  }
  const hasTaskset = spawnSync('taskset', ['-V']).error === undefined
  pinning = hasTaskset && CORES >= 2
  // The bench's own requests (cold pages, the streamed page, the soak's probes) are clients too: they
  // run on wrk's core, every thread of this process, so that they never take the server's.
  if (pinning) pinning = spawnSync('taskset', ['-a', '-p', '-c', LOAD_CORE, String(process.pid)], { stdio: 'ignore' }).status === 0
  if (!pinning) say('note: not pinning the server and wrk to separate cores (needs taskset and two cores); figures will be noisier')
  return /wrk (\S+)/.exec(found.stdout + found.stderr)?.[1] ?? 'unknown'
}

export function machine (wrkVersion) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  return {
    nproc: CORES,
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    node: process.version,
    wrk: wrkVersion,
    pinned: pinning
  }
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
