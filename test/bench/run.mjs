// `npm run bench`: loads the mock and a bare node:http server replaying its bytes with wrk, and reports the mock as a fraction of it.
//
// Absolute requests per second depend on the machine and on whatever else runs on it; the ratio to a
// baseline measured in the same run, on the same core, with the same payload, does not (much). So every
// scenario is measured on the mock and on baseline-server.mjs, which answers with the exact bytes and
// headers the mock sent for that request: the most this payload can go here. Then the heavy uses
// (heavy.mjs): the start to the first answer (the command, and startMockServer in a warm process), rows written cold, a million-row page streamed while other requests are served, a signal
// during it, and a mixed soak at 200 connections with the server's memory sampled throughout. Then
// hostile requests (hostile-stall.mjs): each request that once stalled the server, sent while other
// clients are served; and the demo page with and without an inspector page open on the live journal
// (inspector.mjs).
//
// The servers run on core 0, wrk and this script's own requests on core 1 (taskset), every wrk run
// lasts a fixed time after a warm-up, and all traffic goes to 127.0.0.1. Not part of `npm test`:
// timings are not assertions.
// The process exits with 1 when a target is missed, 2 for a bad flag.
//
//   npm run bench                      prints the table (about ten minutes)
//   npm run bench -- --only stream,soak  some sections: throughput, cold, stream, signal, soak, latency, hostile, readside, inspector, chat
//                                       (cold: the start-up figures and the rows written cold)
//   npm run -s bench -- --json         prints the table on stderr and the figures as JSON on stdout
//   npm run bench -- --json out.json   prints the table and writes the figures to out.json
//   npm run bench -- --duration 5 --warmup 3 --rounds 5 --soak 120
//
// Other processes on a shared machine slow the mock or the baseline for a moment now and then, so each
// scenario is measured in rounds that alternate the two (after one warm-up of each), and the table
// shows, for each, the round whose ratio is the median; the JSON keeps every round.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { setTimeout } from 'node:timers'
import { URL, fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chatLoad } from './chat-loop.mjs'
import { hostileMemory, hostileMemoryLines } from './hostile-memory.mjs'
import { hostileStall, hostileStallChecks, hostileStallLines } from './hostile-stall.mjs'
import { DRAIN_WINDOW_MS, coldRows, latencyLoad, replayedHeaders, signalDuringStream, soak, streamUnderLoad } from './heavy.mjs'
import { inspectorLoad } from './inspector.mjs'
import {
  DEMO_RUN, MILLION_RUN, SERVER_CORE, TEN_THOUSAND_RUN, buildIfNeeded, freePort, get, listPath, listeningUrl, machine,
  median, mockArgs, requireTools, residentMb, spawnServer, startMock, stop, stopAll, wrk
} from './lib.mjs'

const BASELINE = fileURLToPath(new URL('baseline-server.mjs', import.meta.url))
const WARM_START = fileURLToPath(new URL('warm-start.mjs', import.meta.url))

const CONNECTIONS = [10, 100]
const COLD_STARTS = 3
const WARM_STARTS = 5
const SECTIONS = ['throughput', 'cold', 'stream', 'signal', 'soak', 'latency', 'hostile', 'readside', 'inspector', 'chat']

/** Targets; a ratio is the mock's requests/s over the baseline's at 100 connections. */
const TARGETS = {
  p99At10Ms: 5,
  /** The command, from its start to the first 200 of the million-call run's first page. */
  coldStartMs: 500,
  /** `startMockServer()` in a process that has loaded the package and started a server once already. */
  warmStartMs: 300,
  /** The first filtered request of the million-call run, which builds that run's filter columns first. */
  firstFilterMs: 150,
  rssMb: 300,
  coldRowsPerS: 30_000,
  streamDemoP99Ms: 50,
  streamRssMb: 400,
  /** Back near idle after the big page: at most this much above the idle figure, 3 s after it ended. */
  streamAfterAboveIdleMb: 50,
  soakSteadyRssMb: 300,
  /** With --latency 100 at 1,000 connections, the share of connections / 0.1 s reached (a bare server reaches about 0.92). */
  latencyShare: 0.8,
  /** The demo page's requests/s at 100 connections with an inspector page open and streaming, over those without. */
  inspectorRatio: 0.95,
  /** Resident memory after 10,000 chats held through the chat loop in one session. */
  chatRssMb: 300,
  /** The read flow of the million-call run (status, executions, a test execution's page), median of single requests. */
  readSideMs: 5
}

const { values: flags, positionals } = parseArgs({
  options: {
    json: { type: 'boolean' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    soak: { type: 'string', default: '60' },
    only: { type: 'string', default: SECTIONS.join(',') }
  },
  allowPositionals: true,
  strict: true
})
if (positionals.length > (flags.json === true ? 1 : 0)) usage()
// `--json` alone writes the figures to stdout; `--json <path>` to that file.
const jsonPath = flags.json === true && positionals.length > 0 ? positionals[0] : null
const jsonToStdout = flags.json === true && jsonPath === null
const durationS = positiveInteger('--duration', flags.duration)
const warmupS = positiveInteger('--warmup', flags.warmup)
const rounds = positiveInteger('--rounds', flags.rounds, 9)
const soakS = positiveInteger('--soak', flags.soak, 600)
const only = new Set(flags.only.split(',').map((name) => name.trim()))
for (const name of only) if (!SECTIONS.includes(name)) usage(`--only: unknown section ${JSON.stringify(name)} (expected ${SECTIONS.join(', ')})`)
// With the JSON on stdout, everything meant for people goes to stderr.
const say = (line = '') => (jsonToStdout ? process.stderr : process.stdout).write(line + '\n')

function usage (message) {
  if (message !== undefined) process.stderr.write(`${message}\n`)
  process.stderr.write(`usage: npm run bench -- [--json [path]] [--only ${SECTIONS.join(',')}] [--duration s] [--warmup s] [--rounds n] [--soak s]\n`)
  process.exit(2)
}

function positiveInteger (name, text, max = 60) {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1 || value > max) usage(`${name}: expected a whole number from 1 to ${max}, got ${JSON.stringify(text)}`)
  return value
}

// ---------------------------------------------------------------------------------------------------
// Replaying the mock's answers

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
// Measurements

/**
 * Spawns the CLI (million-call run included, as by default) and polls that run's first page until it
 * answers 200; then sends one filtered request the process has never seen. Both times include the round
 * trip from this process.
 */
async function coldStart (filterQuery, env = {}) {
  const port = await freePort()
  const begun = performance.now()
  const child = spawnServer(SERVER_CORE, process.execPath, mockArgs('docs', port), env)
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

/** `startMockServer()` timed in a warm process of its own (warm-start.mjs), on the server's core. */
async function warmStarts () {
  const child = spawnServer(SERVER_CORE, process.execPath, [WARM_START, String(WARM_STARTS)])
  let stdout = ''
  child.stdout.removeAllListeners('data')
  child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk })
  const code = await new Promise((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`warm-start.mjs exited with ${code}:\n${child.stderrText()}`)
  return JSON.parse(stdout).samplesMs
}

/**
 * The start-up figures: the command's cold start (median of COLD_STARTS, with Node's compile cache as
 * it keeps it, and once without), the first filtered request after it, and `startMockServer()` warm.
 */
async function measureStart () {
  const probe = await startMock('docs')
  const filterQuery = await filterQueryFor(probe.url, 'failed')
  await stop(probe.child)
  const colds = []
  for (let i = 0; i < COLD_STARTS; i++) colds.push(await coldStart(filterQuery))
  const uncached = await coldStart(filterQuery, { NODE_DISABLE_COMPILE_CACHE: '1' })
  const warm = await warmStarts()
  return {
    coldStart: { samplesMs: colds.map((run) => run.startMs), medianMs: median(colds.map((run) => run.startMs)), withoutCompileCacheMs: uncached.startMs },
    firstFilter: { query: filterQuery, samplesMs: colds.map((run) => run.firstFilterMs), medianMs: median(colds.map((run) => run.firstFilterMs)) },
    warmStart: { samplesMs: warm, medianMs: median(warm) }
  }
}

function startLines (start) {
  const { coldStart: cold, firstFilter, warmStart: warm } = start
  const list = (samples, digits) => samples.map((ms) => fixed(ms, digits)).join(', ')
  return [
    `cold start to first 200, million-call run: ${fixed(cold.medianMs, 0)} ms (median of ${cold.samplesMs.length}: ${list(cold.samplesMs, 0)}; ` +
      `${fixed(cold.withoutCompileCacheMs, 0)} without the compile cache; target < ${TARGETS.coldStartMs})  ${mark(cold.medianMs < TARGETS.coldStartMs)}`,
    `startMockServer() in a warm process:       ${fixed(warm.medianMs, 0)} ms (median of ${warm.samplesMs.length}: ${list(warm.samplesMs, 0)}; target < ${TARGETS.warmStartMs})  ${mark(warm.medianMs < TARGETS.warmStartMs)}`,
    `first filtered request (builds columns):   ${fixed(firstFilter.medianMs, 1)} ms (median of ${firstFilter.samplesMs.length}: ${list(firstFilter.samplesMs, 1)}; target < ${TARGETS.firstFilterMs})  ${mark(firstFilter.medianMs < TARGETS.firstFilterMs)}`
  ]
}

/** A word of a scenario name in the million-call run, so the filter matches some rows and not others. */
async function filterQueryFor (mockUrl, status) {
  const page = await get(`${mockUrl}${listPath(MILLION_RUN, '?limit=50')}`)
  const names = JSON.parse(page.body.toString()).results.map((row) => row.scenario?.name).filter(Boolean)
  const word = names[0].split(' ').find((part) => part.length > 3) ?? names[0].split(' ')[0]
  return `?status=${status}&search=${encodeURIComponent(word.toLowerCase())}`
}

/**
 * Loads each scenario on one mock (started with `contract` and `extra` arguments) and on a baseline
 * replaying the mock's answer, interleaved so both see the same conditions.
 */
async function measureMock (contract, scenarios, extra = []) {
  const mock = await startMock(contract, extra)
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

function throughputTable (throughput) {
  const header = ['scenario', 'conns', 'mock req/s', 'p50 ms', 'p99 ms', 'base req/s', 'p50 ms', 'p99 ms', 'ratio', 'all rounds', 'target', 'met']
  const rows = [header]
  for (const scenario of throughput.scenarios) {
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
  const { memory } = throughput
  return [
    `Each row is the round with the median ratio of ${rounds}, ${durationS} s each; ratio = mock req/s / baseline req/s.`,
    '',
    line(rows[0]),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `resident memory after the load (docs mock): ${fixed(memory.rssMb, 0)} MB (peak ${fixed(memory.peakRssMb, 0)} MB; target < ${TARGETS.rssMb})  ${mark(memory.rssMb < TARGETS.rssMb)}`
  ]
}

/** Every target of the sections that ran, met or not. */
function checks (results) {
  const list = []
  const check = (label, met) => list.push({ label, met })
  const { throughput, cold, stream, signal, soak: soaked } = results
  if (throughput !== undefined) {
    for (const scenario of throughput.scenarios) {
      for (const run of scenario.runs) {
        if (run.connections === 100) check(`${scenario.label}: ratio >= ${scenario.target}`, run.ratio >= scenario.target)
        if (run.connections === 10) check(`${scenario.label}: p99 < ${TARGETS.p99At10Ms} ms`, run.mock.p99Ms < TARGETS.p99At10Ms)
      }
    }
    check('memory after the load', throughput.memory.rssMb < TARGETS.rssMb)
  }
  if (results.start !== undefined) {
    check('cold start', results.start.coldStart.medianMs < TARGETS.coldStartMs)
    check('startMockServer() warm', results.start.warmStart.medianMs < TARGETS.warmStartMs)
    check('first filtered request', results.start.firstFilter.medianMs < TARGETS.firstFilterMs)
  }
  for (const run of cold ?? []) check(`cold rows/s, ${run.contract}`, run.medianRowsPerS >= TARGETS.coldRowsPerS)
  for (const run of stream ?? []) {
    check(`demo p99 while streaming, ${run.contract}`, run.demoUnderLoad.p99Ms < TARGETS.streamDemoP99Ms && run.demoUnderLoad.socketErrors === 0)
    check(`memory while streaming, ${run.contract}`, run.memory.maxDuringMb < TARGETS.streamRssMb)
    check(`memory after streaming, ${run.contract}`, run.memory.afterMb <= run.memory.idleMb + TARGETS.streamAfterAboveIdleMb)
    check(`streamed body, ${run.contract}`, run.stream.status === 200 && run.bodyMatches !== false)
  }
  for (const run of signal ?? []) check(`exit within the drain window, ${run.contract}`, run.exitMs < DRAIN_WINDOW_MS + 1000)
  for (const run of soaked ?? []) check(`soak steady memory, ${run.contract}`, run.memory.steadyMb < TARGETS.soakSteadyRssMb)
  for (const run of results.latency ?? []) check(`--latency ${run.latencyMs} at ${run.connections} connections`, run.share >= TARGETS.latencyShare && run.load.socketErrors === 0)
  for (const run of results.inspector ?? []) check(`demo page with an inspector page open, ${run.contract}`, run.ratio >= TARGETS.inspectorRatio)
  for (const run of results.chat ?? []) {
    check(`chat loop without failures, ${run.contract}`, run.runs.every((load) => load.failures === 0))
    check(`memory after ${run.memory.conversations} chats, ${run.contract}`, run.memory.afterMb < TARGETS.chatRssMb)
  }
  if (results.hostile?.stall !== undefined) hostileStallChecks(results.hostile.stall, check)
  for (const run of results.readside ?? []) if (!run.reference) check(`read side, ${run.label}`, run.medianMs < TARGETS.readSideMs)
  for (const run of results.hostile?.memory ?? []) check(`hostile memory, ${run.name}`, run.met)
  return list
}

function heavyLines (results) {
  const lines = results.start === undefined ? [] : startLines(results.start)
  for (const run of results.cold ?? []) {
    lines.push(`cold rows, ${run.contract}: ${fixed(run.medianRowsPerS, 0)} rows/s (median; target >= ${TARGETS.coldRowsPerS})  ${mark(run.medianRowsPerS >= TARGETS.coldRowsPerS)}`)
    for (const page of run.pages) lines.push(`  ${page.label}: ${fixed(page.ms, 0)} ms, ${fixed(page.rowsPerS, 0)} rows/s`)
  }
  for (const run of results.stream ?? []) {
    const load = run.demoUnderLoad
    lines.push(
      `limit=1000000 page of the 1M run, ${run.contract}: ${run.stream.status}, ${fixed(run.stream.bytes / 2 ** 20, 0)} MB in ${fixed(run.stream.seconds, 1)} s ` +
        `(${fixed(run.stream.rowsPerS, 0)} rows/s while loaded); body ${run.bodyMatches === null ? 'not checked' : run.bodyMatches ? 'is exactly the 1,000-row pages\' rows' : 'DIFFERS'}`,
      `  demo page on 10 other connections meanwhile: ${fixed(load.rps, 0)} req/s, p50 ${fixed(load.p50Ms, 2)} ms, p99 ${fixed(load.p99Ms, 2)} ms` +
        `${load.socketErrors > 0 ? ` (${load.socketErrors} errors)` : ''} (target < ${TARGETS.streamDemoP99Ms})  ${mark(load.p99Ms < TARGETS.streamDemoP99Ms && load.socketErrors === 0)}`,
      `  resident memory: ${fixed(run.memory.idleMb, 0)} MB idle (after 5 s of the demo load alone), at most ${fixed(run.memory.maxDuringMb, 0)} MB during (target < ${TARGETS.streamRssMb})  ` +
        `${mark(run.memory.maxDuringMb < TARGETS.streamRssMb)}, ${fixed(run.memory.afterMb, 0)} MB 3 s after ` +
        `(target <= idle + ${TARGETS.streamAfterAboveIdleMb})  ${mark(run.memory.afterMb <= run.memory.idleMb + TARGETS.streamAfterAboveIdleMb)}`
    )
  }
  for (const run of results.signal ?? []) {
    lines.push(`SIGTERM 2 s into a limit=1000000 page, ${run.contract}: exited after ${fixed(run.exitMs, 0)} ms with ${run.code ?? run.signal} ` +
      `(drain window ${DRAIN_WINDOW_MS} ms)  ${mark(run.exitMs < DRAIN_WINDOW_MS + 1000)}; the client saw: ${run.clientSaw}`)
  }
  for (const run of results.soak ?? []) {
    const { load, memory } = run
    lines.push(
      `soak, ${run.contract}: ${run.seconds} s at ${run.connections} connections (40% demo page, 40% filtered 1M-run pages 1-5000, 20% limit=1000 pages of the 10k run)`,
      `  ${fixed(load.rps, 0)} req/s, p50 ${fixed(load.p50Ms, 1)} ms, p99 ${fixed(load.p99Ms, 1)} ms${load.socketErrors > 0 ? `, ${load.socketErrors} socket errors` : ''}`,
      `  resident memory: ${fixed(memory.startMb, 0)} MB at the start, at most ${fixed(memory.maxMb, 0)} MB, steady ${fixed(memory.steadyMb, 0)} MB ` +
        `(target < ${TARGETS.soakSteadyRssMb})  ${mark(memory.steadyMb < TARGETS.soakSteadyRssMb)}, ${fixed(memory.endMb, 0)} MB at the end`
    )
  }
  for (const run of results.latency ?? []) {
    const { load } = run
    lines.push(
      `--latency ${run.latencyMs} at ${run.connections} connections, demo page, ${run.contract}: ${fixed(load.rps, 0)} req/s of a ceiling of ` +
        `${fixed(run.ceiling, 0)} (connections / ${run.latencyMs} ms) = ${fixed(run.share * 100, 0)}% (target >= ${TARGETS.latencyShare * 100}%)  ` +
        `${mark(run.share >= TARGETS.latencyShare && load.socketErrors === 0)}; p50 ${fixed(load.p50Ms, 1)} ms, p99 ${fixed(load.p99Ms, 1)} ms` +
        `${load.socketErrors > 0 ? `, ${load.socketErrors} socket errors` : ''}`,
      `  a bare node:http server waiting as long: ${fixed(run.bare.rps, 0)} req/s (${fixed((run.bare.rps / run.ceiling) * 100, 0)}%), ` +
        `p50 ${fixed(run.bare.p50Ms, 1)} ms; mock / bare = ${fixed(run.ratio, 2)}`
    )
  }
  for (const run of results.inspector ?? []) {
    const { without, withPage } = run
    lines.push(
      `demo page at ${run.connections} connections, ${run.contract}, with an inspector page open (${run.page}) / without: ` +
        `${fixed(run.ratio, 3)} (target >= ${TARGETS.inspectorRatio})  ${mark(run.ratio >= TARGETS.inspectorRatio)}`,
      `  without: ${fixed(without.rps, 0)} req/s, p50 ${fixed(without.p50Ms, 2)} ms, p99 ${fixed(without.p99Ms, 2)} ms; ` +
        `with: ${fixed(withPage.rps, 0)} req/s, p50 ${fixed(withPage.p50Ms, 2)} ms, p99 ${fixed(withPage.p99Ms, 2)} ms ` +
        `(rounds: ${run.rounds.map((round) => fixed(round.ratio, 3)).join(', ')})`
    )
  }
  for (const run of results.chat ?? []) {
    for (const load of run.runs) {
      lines.push(`chat loop, ${run.contract}, ${load.chats} chats at concurrency ${load.concurrency}: ${fixed(load.turnsPerS, 0)} send-message requests/s ` +
        `(${load.messages} in ${fixed(load.seconds, 1)} s${load.failures > 0 ? `, ${load.failures} chats failed` : ''})`)
    }
    lines.push(`  resident memory: ${fixed(run.memory.beforeMb, 0)} MB before, ${fixed(run.memory.afterMb, 0)} MB after ${run.memory.conversations} chats held in one session ` +
      `(target < ${TARGETS.chatRssMb})  ${mark(run.memory.afterMb < TARGETS.chatRssMb)}`)
  }
  if (results.hostile?.stall !== undefined) lines.push(...hostileStallLines(results.hostile.stall, fixed, mark))
  for (const run of results.readside ?? []) {
    lines.push(run.reference
      ? `read side, ${run.label}: ${fixed(run.medianMs, 2)} ms (median of ${run.samplesMs.length})`
      : `read side, ${run.label}: ${fixed(run.medianMs, 2)} ms (median of ${run.samplesMs.length}; target < ${TARGETS.readSideMs})  ${mark(run.medianMs < TARGETS.readSideMs)}`)
  }
  if (results.hostile?.memory !== undefined) lines.push('hostile memory, each attack against a server of its own while others load it:', ...hostileMemoryLines(results.hostile.memory))
  return lines
}

/**
 * The read endpoints around the listing on the million-call run, one request at a time (no page
 * cache serves them): its status, its executions, and pages of its newest execution's calls, each
 * page a different one. Each request's time includes the round trip from this process.
 */
async function readSide (contract, samples = 60) {
  const mock = await startMock(contract)
  try {
    const base = `${mock.url}/simulate/run-tests/${MILLION_RUN}`
    const first = await get(`${base}/executions/`)
    const execution = JSON.parse(first.body.toString()).results[0].id
    const flows = [
      // What the round trip alone costs on this machine now: the demo run's first page, answered from the page cache.
      { label: 'the listing\'s cached demo page (for comparison)', url: () => `${mock.url}${listPath(DEMO_RUN)}`, reference: true },
      { label: 'status', url: () => `${base}/status/` },
      { label: 'executions', url: () => `${base}/executions/` },
      { label: 'a test execution\'s page', url: (i) => `${mock.url}/simulate/test-executions/${execution}/?page=${1 + i * 997}` }
    ]
    const runs = []
    for (const flow of flows) {
      const samplesMs = []
      for (let i = 0; i < samples; i++) {
        const answer = await get(flow.url(i))
        if (answer.status !== 200) throw new Error(`${flow.url(i)} answered ${answer.status}`)
        samplesMs.push(answer.ms)
      }
      runs.push({ label: flow.label, samplesMs, medianMs: median(samplesMs), reference: flow.reference === true })
    }
    return runs
  } finally {
    await stop(mock.child)
  }
}

async function measureThroughput () {
  // The filter scenario's word comes from the run itself, so it matches whatever the catalog holds.
  const probe = await startMock('docs')
  const filterQuery = await filterQueryFor(probe.url, 'completed')
  await stop(probe.child)

  const scenarios = [
    // The mock as it starts by default, with its control plane and request journal on.
    { id: 'demo', label: '(a) demo first page, docs', contract: 'docs', path: listPath(DEMO_RUN), target: 0.65 },
    // The same page from a mock started with --no-admin: what the journal costs is the difference to (a).
    { id: 'demoNoAdmin', label: '(a0) the same, --no-admin', contract: 'docs', extra: ['--no-admin'], path: listPath(DEMO_RUN), target: 0.7 },
    { id: 'platform', label: '(b) demo first page, platform', contract: 'platform', path: listPath(DEMO_RUN), target: 0.4 },
    { id: 'limit100', label: '(c) limit=100, 10k run', contract: 'docs', path: listPath(TEN_THOUSAND_RUN, '?limit=100'), target: 0.4 },
    { id: 'filtered', label: '(d) status+search, 1M run', contract: 'docs', path: listPath(MILLION_RUN, filterQuery), target: 0.55 },
    { id: 'deep', label: '(e) page 99999, 1M run', contract: 'docs', path: listPath(MILLION_RUN, '?page=99999&limit=10'), target: 0.3 }
  ]
  say('docs contract…')
  const memory = await measureMock('docs', scenarios.filter((scenario) => scenario.contract === 'docs' && scenario.extra === undefined))
  say('docs contract, --no-admin…')
  await measureMock('docs', scenarios.filter((scenario) => scenario.extra !== undefined), ['--no-admin'])
  say('platform contract…')
  await measureMock('platform', scenarios.filter((scenario) => scenario.contract === 'platform'))
  return {
    scenarios: scenarios.map(({ id, label, contract, path, target, bytes, runs }) => ({ id, label, contract, path, bytes, target, runs })),
    memory
  }
}

async function main () {
  const wrkVersion = requireTools(say)
  buildIfNeeded(say)
  const host = machine(wrkVersion)
  say(`${host.nproc} cores, ${host.cpu}, Node ${host.node}, wrk ${host.wrk}; ${warmupS} s warm-up, then ${rounds} round(s) of ${durationS} s on each server`)
  const results = {
    machine: host,
    settings: { warmupS, durationS, rounds, soakS, connections: CONNECTIONS, serverCore: SERVER_CORE, sections: [...only] },
    targets: TARGETS
  }
  if (only.has('throughput')) results.throughput = await measureThroughput()
  if (only.has('cold')) {
    say('start-up: cold starts of the command, startMockServer() in a warm process…')
    results.start = await measureStart()
    say('rows written cold…')
    results.cold = [await coldRows('docs'), await coldRows('platform')]
  }
  if (only.has('stream')) {
    say('a million-row page while the demo page is loaded (then checking its bytes against 1,000 ordinary pages)…')
    results.stream = [await streamUnderLoad('docs')]
  }
  if (only.has('signal')) {
    say('SIGTERM during a million-row page…')
    results.signal = [await signalDuringStream('docs')]
  }
  if (only.has('soak')) {
    say(`soak: ${soakS} s at 200 connections…`)
    const probe = await startMock('docs')
    const filterQuery = await filterQueryFor(probe.url, 'completed')
    await stop(probe.child)
    results.soak = [await soak('docs', filterQuery, { seconds: soakS })]
  }
  if (only.has('latency')) {
    say('--latency 100 at 1,000 connections…')
    results.latency = [await latencyLoad('docs')]
  }
  if (only.has('chat')) {
    say('the simulate SDK\'s chat loop: turns per second at concurrency 5 and 50, then 10,000 chats…')
    results.chat = [await chatLoad('platform')]
  }
  if (only.has('hostile')) {
    // Two parts: the stalls (hostile-stall.mjs), then what a client could make the mock keep (hostile-memory.mjs).
    say('hostile requests while the demo page is loaded…')
    results.hostile = { stall: await hostileStall(say), memory: await hostileMemory(say) }
  }
  if (only.has('readside')) {
    say('the read flow of the million-call run…')
    results.readside = await readSide('docs')
  }
  if (only.has('inspector')) {
    say('the demo page with and without an inspector page open on the live journal…')
    results.inspector = [await inspectorLoad('docs', { rounds, durationS, warmupS })]
  }
  const list = checks(results)
  results.missedTargets = list.filter((item) => !item.met).map((item) => item.label)

  say()
  if (results.throughput !== undefined) say(throughputTable(results.throughput).join('\n'))
  const heavy = heavyLines(results)
  if (heavy.length > 0) say(['', ...heavy].join('\n'))
  say()
  say(results.missedTargets.length === 0 ? 'every target met' : `${results.missedTargets.length} target(s) missed: ${results.missedTargets.join('; ')}`)
  const json = JSON.stringify(results, null, 2) + '\n'
  if (jsonToStdout) process.stdout.write(json)
  else if (jsonPath !== null) writeFileSync(jsonPath, json)
  process.exitCode = results.missedTargets.length === 0 ? 0 : 1
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
