// `npm run bench`: loads the mock and a bare node:http server replaying its bytes with wrk, and reports the mock as a fraction of it.
//
// Absolute requests per second depend on the machine and on whatever else runs on it; the ratio to a
// baseline measured in the same run, on the same core, with the same payload, does not (much). So every
// scenario is measured on the mock and on baseline-server.mjs, which answers with the exact bytes and
// headers the mock sent for that request: the most this payload can go here.
//
// The servers run on core 0 and wrk on core 1 (taskset), every wrk run lasts a fixed time after a
// warm-up, and all traffic goes to 127.0.0.1. Not part of `npm test`: timings are not assertions.
//
//   npm run bench                      prints the table
//   npm run -s bench -- --json         prints the table on stderr and the figures as JSON on stdout
//   npm run bench -- --json out.json   prints the table and writes the figures to out.json
//   npm run bench -- --duration 5 --warmup 3 --rounds 5
//
// Other processes on a shared machine slow the mock or the baseline for a moment now and then, so each
// scenario is measured in rounds that alternate the two (after one warm-up of each), and the table
// shows, for each, the round whose ratio is the median; the JSON keeps every round.
import { Buffer } from 'node:buffer'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { clearTimeout, setTimeout } from 'node:timers'
import { URL, fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CLI = join(ROOT, 'dist', 'cli.js')
const BASELINE = fileURLToPath(new URL('baseline-server.mjs', import.meta.url))

const API_KEY = 'bench-api-key'
const SECRET_KEY = 'bench-secret-key'
const AUTH = { 'x-api-key': API_KEY, 'x-secret-key': SECRET_KEY }

const DEMO_RUN = '11111111-1111-4111-8111-111111111111'
const TEN_THOUSAND_RUN = '33333333-3333-4333-8333-333333333333'
const MILLION_RUN = '55555555-5555-4555-8555-555555555555'
const listPath = (runId, query = '') => `/simulate/run-tests/${runId}/call-executions/${query}`

const CONNECTIONS = [10, 100]
const SERVER_CORE = '0'
const LOAD_CORE = '1'
const COLD_STARTS = 3

/** Targets; a ratio is the mock's requests/s over the baseline's at 100 connections. */
const TARGETS = {
  p99At10Ms: 5,
  coldStartMs: 1000,
  firstFilterMs: 50,
  rssMb: 300
}

const { values: flags, positionals } = parseArgs({
  options: {
    json: { type: 'boolean' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' }
  },
  allowPositionals: true,
  strict: true
})
if (positionals.length > (flags.json === true ? 1 : 0)) {
  process.stderr.write('usage: npm run bench -- [--json [path]] [--duration seconds] [--warmup seconds] [--rounds n]\n')
  process.exit(2)
}
// `--json` alone writes the figures to stdout; `--json <path>` to that file.
const jsonPath = flags.json === true && positionals.length > 0 ? positionals[0] : null
const jsonToStdout = flags.json === true && jsonPath === null
const durationS = positiveInteger('--duration', flags.duration)
const warmupS = positiveInteger('--warmup', flags.warmup)
const rounds = positiveInteger('--rounds', flags.rounds, 9)
// With the JSON on stdout, everything meant for people goes to stderr.
const say = (line = '') => (jsonToStdout ? process.stderr : process.stdout).write(line + '\n')

function positiveInteger (name, text, max = 60) {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    process.stderr.write(`${name}: expected a whole number from 1 to ${max}, got ${JSON.stringify(text)}\n`)
    process.exit(2)
  }
  return value
}

// ---------------------------------------------------------------------------------------------------
// Processes

const started = new Set()

/** Whether to pin; decided once the tools and cores are known. */
let pinning = true

/** Runs `command` on one core when the machine has two; otherwise unpinned (the figures then mean less). */
function pinned (core, command, args) {
  return pinning ? ['taskset', ['-c', core, command, ...args]] : [command, args]
}

function spawnServer (core, command, args) {
  const [file, argv] = pinned(core, command, args)
  // taskset execs the command, so the child's pid is the server's own and /proc/<pid>/status is its memory.
  const child = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  started.add(child)
  child.once('exit', () => started.delete(child))
  let stderr = ''
  // The last few kilobytes are enough to say why a server stopped.
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-8192) })
  child.stderrText = () => stderr
  return child
}

/** Resolves with the URL a server prints (`… listening on http://…`) or rejects when it exits or takes too long. */
function listeningUrl (child, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => fail(new Error(`no "listening on" line after ${timeoutMs} ms`)), timeoutMs)
    const fail = (error) => {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.off('exit', onExit)
      reject(new Error(`${error.message}\n${child.stderrText()}`))
    }
    const onData = (chunk) => {
      stdout += chunk
      const match = /listening on (http:\/\/\S+)/.exec(stdout)
      if (match === null) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.off('exit', onExit)
      // Whatever else the server prints is read and dropped, so a full pipe can never block it.
      child.stdout.resume()
      resolve(match[1])
    }
    const onExit = (code) => fail(new Error(`server exited with ${code} before listening`))
    child.stdout.on('data', onData)
    child.once('exit', onExit)
  })
}

/** Stops a process this script started: SIGTERM, then SIGKILL if it is still there after 10 s. */
async function stop (child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

async function stopAll () {
  await Promise.all([...started].map(stop))
}

function mockArgs (contract, port = 0) {
  return [CLI, '--host', '127.0.0.1', '--port', String(port), '--contract', contract,
    '--api-key', API_KEY, '--secret-key', SECRET_KEY, '--log-level', 'warn']
}

async function startMock (contract) {
  const child = spawnServer(SERVER_CORE, process.execPath, mockArgs(contract))
  return { child, url: await listeningUrl(child) }
}

function residentMb (pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 }
}

/** A port free right now on 127.0.0.1, for the cold start, which must know where to poll before the server says. */
function freePort () {
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
function get (url, headers = AUTH) {
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

/** Header pairs as sent, without those Node's HTTP server writes itself (the date, the connection's). */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])
function replayedHeaders (rawHeaders) {
  const pairs = []
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!OWN_HEADERS.has(rawHeaders[i].toLowerCase())) pairs.push([rawHeaders[i], rawHeaders[i + 1]])
  }
  return pairs
}

function keepAliveTimeoutMs (rawHeaders) {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() !== 'keep-alive') continue
    const match = /timeout=(\d+)/.exec(rawHeaders[i + 1])
    if (match !== null) return Number(match[1]) * 1000
  }
  return 5000
}

/** Headers and body without the date, to check that the baseline sends what the mock sent. */
function comparable (answer) {
  const pairs = []
  for (let i = 0; i < answer.rawHeaders.length; i += 2) {
    if (answer.rawHeaders[i].toLowerCase() !== 'date') pairs.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`)
  }
  return `${answer.status}\n${pairs.join('\n')}\n\n${answer.body.toString('base64')}`
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
  // Requests that took longer than wrk's 2 s timeout are left out of its percentiles: they are counted
  // here and shown, since a server that slow has missed its latency target anyway.
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  const socketErrors = errors === null ? 0 : errors.slice(1).reduce((sum, count) => sum + Number(count), 0)
  return { rps: Number(rps[1]), p50Ms: milliseconds(p50[1]), p99Ms: milliseconds(p99[1]), requests: Number(requests[1]), socketErrors }
}

function wrk (url, connections, seconds) {
  const headers = Object.entries(AUTH).flatMap(([name, value]) => ['-H', `${name}: ${value}`])
  const [file, argv] = pinned(LOAD_CORE, 'wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...headers, url])
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
    started.add(child)
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    // wrk stops itself after `seconds`; this only guards against a hung run.
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 15) * 1000)
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

/**
 * Warms both servers up, then measures them in alternating rounds; returns every round, and the one
 * whose ratio is the median, so that the figures shown together come from the same moment.
 */
async function loadBoth (mockUrl, baselineUrl, connections) {
  await wrk(mockUrl, connections, warmupS)
  await wrk(baselineUrl, connections, warmupS)
  const measured = []
  for (let round = 0; round < rounds; round++) {
    const mock = await wrk(mockUrl, connections, durationS)
    const baseline = await wrk(baselineUrl, connections, durationS)
    measured.push({ mock, baseline, ratio: mock.rps / baseline.rps })
  }
  const middle = [...measured].sort((a, b) => a.ratio - b.ratio)[Math.floor(measured.length / 2)]
  return { ...middle, rounds: measured }
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

function buildIfNeeded () {
  const built = statSync(CLI, { throwIfNoEntry: false })?.mtimeMs ?? 0
  if (built >= newestMtime(join(ROOT, 'src'))) return
  say('building (npm run build)…')
  // The compiler's output goes to stderr so that `--json` keeps stdout clean.
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  if (result.status !== 0) throw new Error('npm run build failed')
}

function requireTools () {
  const found = spawnSync('wrk', ['-v'], { encoding: 'utf8' })
  if (found.error !== undefined) {
    process.stderr.write('wrk is not installed: apt-get install wrk\n')
    process.exit(1)
  }
  const hasTaskset = spawnSync('taskset', ['-V']).error === undefined
  pinning = hasTaskset && availableParallelism() >= 2
  if (!pinning) say('note: not pinning the server and wrk to separate cores (needs taskset and two cores); figures will be noisier')
  return /wrk (\S+)/.exec(found.stdout + found.stderr)?.[1] ?? 'unknown'
}

function machine (wrkVersion) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  return {
    nproc: availableParallelism(),
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    node: process.version,
    wrk: wrkVersion,
    pinned: pinning
  }
}

// ---------------------------------------------------------------------------------------------------
// Measurements

/**
 * Spawns the CLI (million-call run included, as by default) and polls that run's first page until it
 * answers 200; then sends one filtered request the process has never seen. Both times include the round
 * trip from this process.
 */
async function coldStart (filterQuery) {
  const port = await freePort()
  const begun = performance.now()
  const child = spawnServer(SERVER_CORE, process.execPath, mockArgs('docs', port))
  child.stdout.resume()
  const url = `http://127.0.0.1:${port}${listPath(MILLION_RUN)}`
  const deadline = begun + 10_000
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the mock exited with ${child.exitCode}:\n${child.stderrText()}`)
      if (performance.now() > deadline) throw new Error('no 200 within 10 s of starting the mock')
      const answer = await get(url).catch(() => null)
      if (answer?.status === 200) break
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    const startMs = performance.now() - begun
    const filtered = await get(`http://127.0.0.1:${port}${listPath(MILLION_RUN, filterQuery)}`)
    if (filtered.status !== 200) throw new Error(`the filtered request answered ${filtered.status}`)
    return { startMs, firstFilterMs: filtered.ms }
  } finally {
    await stop(child)
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** A word of a scenario name in the million-call run, so the filter matches some rows and not others. */
async function filterQueryFor (mockUrl, status) {
  const page = await get(`${mockUrl}${listPath(MILLION_RUN, '?limit=50')}`)
  const names = JSON.parse(page.body.toString()).results.map((row) => row.scenario?.name).filter(Boolean)
  const word = names[0].split(' ').find((part) => part.length > 3) ?? names[0].split(' ')[0]
  return `?status=${status}&search=${encodeURIComponent(word.toLowerCase())}`
}

/** Loads each scenario on the mock and on a baseline replaying the mock's answer, interleaved so both see the same conditions. */
async function measureContract (contract, scenarios) {
  const mock = await startMock(contract)
  const recorded = {}
  let keepAlive = 5000
  for (const scenario of scenarios) {
    const answer = await get(mock.url + scenario.path)
    if (answer.status !== 200) throw new Error(`${scenario.label}: the mock answered ${answer.status}: ${answer.body}`)
    scenario.bytes = answer.body.length
    scenario.expected = comparable(answer)
    keepAlive = keepAliveTimeoutMs(answer.rawHeaders)
    recorded[scenario.path] = { status: answer.status, headers: replayedHeaders(answer.rawHeaders), body: answer.body.toString('base64') }
  }
  const dir = mkdtempSync(join(tmpdir(), 'futureagi-mock-bench-'))
  const file = join(dir, 'responses.json')
  writeFileSync(file, JSON.stringify({ keepAliveTimeoutMs: keepAlive, responses: recorded }))
  const baselineChild = spawnServer(SERVER_CORE, process.execPath, [BASELINE, file])
  try {
    const baselineUrl = await listeningUrl(baselineChild)
    for (const scenario of scenarios) {
      const replayed = comparable(await get(baselineUrl + scenario.path))
      if (replayed !== scenario.expected) throw new Error(`${scenario.label}: the baseline does not send the mock's bytes`)
    }
    for (const scenario of scenarios) {
      scenario.runs = []
      for (const connections of CONNECTIONS) {
        say(`  ${scenario.label}, ${connections} connections…`)
        scenario.runs.push({ connections, ...await loadBoth(mock.url + scenario.path, baselineUrl + scenario.path, connections) })
      }
    }
    return residentMb(mock.child.pid)
  } finally {
    await stop(baselineChild)
    await stop(mock.child)
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

const fixed = (value, digits) => value.toFixed(digits)
const mark = (met) => (met ? 'yes' : 'NO')

function table (results) {
  const header = ['scenario', 'conns', 'mock req/s', 'p50 ms', 'p99 ms', 'base req/s', 'p50 ms', 'p99 ms', 'ratio', 'all rounds', 'target', 'met']
  const rows = [header]
  for (const scenario of results.scenarios) {
    for (const run of scenario.runs) {
      const atTarget = run.connections === 100
      rows.push([
        run.connections === CONNECTIONS[0] ? scenario.label : '',
        String(run.connections),
        fixed(run.mock.rps, 0),
        fixed(run.mock.p50Ms, 2),
        fixed(run.mock.p99Ms, 2) + (run.mock.socketErrors > 0 ? ` (${run.mock.socketErrors} errors)` : ''),
        fixed(run.baseline.rps, 0),
        fixed(run.baseline.p50Ms, 2),
        fixed(run.baseline.p99Ms, 2),
        fixed(run.ratio, 2),
        run.rounds.map((round) => fixed(round.ratio, 2)).join(' '),
        atTarget ? `>= ${scenario.target}` : `p99 < ${TARGETS.p99At10Ms}`,
        mark(atTarget ? run.ratio >= scenario.target : run.mock.p99Ms < TARGETS.p99At10Ms)
      ])
    }
  }
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')
  const lines = [
    `Each row is the round with the median ratio of ${results.settings.rounds}, ${results.settings.durationS} s each; ratio = mock req/s / baseline req/s.`,
    '',
    line(rows[0]),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.slice(1).map(line)
  ]
  const { coldStart: cold, firstFilter, memory } = results
  lines.push(
    '',
    `cold start to first 200, million-call run: ${fixed(cold.medianMs, 0)} ms (median of ${cold.samplesMs.length}: ${cold.samplesMs.map((ms) => fixed(ms, 0)).join(', ')}; target < ${TARGETS.coldStartMs})  ${mark(cold.medianMs < TARGETS.coldStartMs)}`,
    `first uncached filtered request:           ${fixed(firstFilter.medianMs, 1)} ms (median of ${firstFilter.samplesMs.length}: ${firstFilter.samplesMs.map((ms) => fixed(ms, 1)).join(', ')}; target < ${TARGETS.firstFilterMs})  ${mark(firstFilter.medianMs < TARGETS.firstFilterMs)}`,
    `resident memory after the load (docs mock): ${fixed(memory.rssMb, 0)} MB (peak ${fixed(memory.peakRssMb, 0)} MB; target < ${TARGETS.rssMb})  ${mark(memory.rssMb < TARGETS.rssMb)}`
  )
  return lines.join('\n')
}

function missedTargets (results) {
  let missed = 0
  for (const scenario of results.scenarios) {
    for (const run of scenario.runs) {
      if (run.connections === 100 && run.ratio < scenario.target) missed++
      if (run.connections === 10 && run.mock.p99Ms >= TARGETS.p99At10Ms) missed++
    }
  }
  if (results.coldStart.medianMs >= TARGETS.coldStartMs) missed++
  if (results.firstFilter.medianMs >= TARGETS.firstFilterMs) missed++
  if (results.memory.rssMb >= TARGETS.rssMb) missed++
  return missed
}

async function main () {
  const wrkVersion = requireTools()
  buildIfNeeded()
  const host = machine(wrkVersion)
  say(`${host.nproc} cores, ${host.cpu}, Node ${host.node}, wrk ${host.wrk}; ${warmupS} s warm-up, then ${rounds} round(s) of ${durationS} s on each server`)

  // The filter scenario's word comes from the run itself, so it matches whatever the catalog holds.
  const probe = await startMock('docs')
  const filterQuery = await filterQueryFor(probe.url, 'completed')
  const coldFilterQuery = await filterQueryFor(probe.url, 'failed')
  await stop(probe.child)

  say('cold starts…')
  const colds = []
  for (let i = 0; i < COLD_STARTS; i++) colds.push(await coldStart(coldFilterQuery))

  const scenarios = [
    { id: 'demo', label: '(a) demo first page, docs', contract: 'docs', path: listPath(DEMO_RUN), target: 0.5 },
    { id: 'platform', label: '(b) demo first page, platform', contract: 'platform', path: listPath(DEMO_RUN), target: 0.4 },
    { id: 'limit100', label: '(c) limit=100, 10k run', contract: 'docs', path: listPath(TEN_THOUSAND_RUN, '?limit=100'), target: 0.4 },
    { id: 'filtered', label: '(d) status+search, 1M run', contract: 'docs', path: listPath(MILLION_RUN, filterQuery), target: 0.3 },
    { id: 'deep', label: '(e) page 99999, 1M run', contract: 'docs', path: listPath(MILLION_RUN, '?page=99999&limit=10'), target: 0.3 }
  ]
  say('docs contract…')
  const memory = await measureContract('docs', scenarios.filter((scenario) => scenario.contract === 'docs'))
  say('platform contract…')
  await measureContract('platform', scenarios.filter((scenario) => scenario.contract === 'platform'))

  const results = {
    machine: host,
    settings: { warmupS, durationS, rounds, connections: CONNECTIONS, serverCore: SERVER_CORE, loadCore: LOAD_CORE },
    targets: TARGETS,
    scenarios: scenarios.map(({ id, label, contract, path, target, bytes, runs }) => ({ id, label, contract, path, bytes, target, runs })),
    coldStart: { samplesMs: colds.map((run) => run.startMs), medianMs: median(colds.map((run) => run.startMs)) },
    firstFilter: { query: coldFilterQuery, samplesMs: colds.map((run) => run.firstFilterMs), medianMs: median(colds.map((run) => run.firstFilterMs)) },
    memory
  }
  results.missedTargets = missedTargets(results)

  say()
  say(table(results))
  say()
  say(results.missedTargets === 0 ? 'every target met' : `${results.missedTargets} target(s) missed`)
  const json = JSON.stringify(results, null, 2) + '\n'
  if (jsonToStdout) process.stdout.write(json)
  else if (jsonPath !== null) writeFileSync(jsonPath, json)
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopAll().finally(() => process.exit(130))
  })
}

main().catch(async (error) => {
  await stopAll()
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
