// The bench's measurements of heavy use: rows written cold, a million-row page while others are served, a signal during it, and a mixed soak.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import process from 'node:process'
import { URL, fileURLToPath } from 'node:url'
import {
  DEMO_RUN, MILLION_RUN, SERVER_CORE, TEN_THOUSAND_RUN, get, getHashed, listPath, listeningUrl, median, residentMb,
  sampleRss, spawnServer, startMock, stop, wrk
} from './lib.mjs'

const BASELINE = fileURLToPath(new URL('baseline-server.mjs', import.meta.url))

/** The drain window of the command (`GRACE_MS` in src/main.ts): how long requests in flight may run after a signal. */
export const DRAIN_WINDOW_MS = 8000

const STREAM_LIMIT = 1_000_000
const STREAM_TIMEOUT_MS = 15 * 60_000

/**
 * Rows/s of pages whose rows the process has never written: each request asks for rows no earlier one did.
 * A warm-up page of other rows goes first, so that the figure is the rate of a running server writing rows
 * it has not cached, not of a process compiling its code (the first page of a fresh process takes about
 * twice as long).
 */
export async function coldRows (contract) {
  const mock = await startMock(contract)
  try {
    const warmUp = await getHashed(mock.url + listPath(MILLION_RUN, '?limit=2000&page=300'), 120_000)
    if (warmUp.status !== 200) throw new Error(`the warm-up page answered ${warmUp.status}`)
    const pages = [
      { label: '10k text run, limit=10000', path: listPath(TEN_THOUSAND_RUN, '?limit=10000') },
      { label: '1M voice run, limit=10000 page 2', path: listPath(MILLION_RUN, '?limit=10000&page=2') },
      { label: '1M voice run, limit=10000 page 50', path: listPath(MILLION_RUN, '?limit=10000&page=50') }
    ]
    const measured = []
    for (const page of pages) {
      const answer = await getHashed(mock.url + page.path, 120_000)
      if (answer.status !== 200) throw new Error(`${page.label}: answered ${answer.status}`)
      measured.push({ ...page, ms: answer.ms, rowsPerS: 10_000 / (answer.ms / 1000) })
    }
    return { contract, pages: measured, medianRowsPerS: median(measured.map((page) => page.rowsPerS)) }
  } finally {
    await stop(mock.child)
  }
}

/** The text between `"results":[` and `],"total_pages"` of a page: its rows as sent. */
function resultsText (body) {
  const text = body.toString('utf8')
  const from = text.indexOf('"results":[') + '"results":['.length
  const to = text.lastIndexOf('],"total_pages"')
  return text.slice(from, to)
}

/**
 * The sha256 of the page the platform would send for `?limit=1000000` of the million-row run: the same
 * envelope around exactly the rows that 1,000-row pages list, in their order. Built from those pages,
 * which are written whole, so it checks the streamed body against the ordinary path.
 */
async function expectedMillionPage (url) {
  const hash = createHash('sha256')
  hash.update('{"count":1000000,"next":null,"previous":null,"results":[')
  for (let page = 1; page <= STREAM_LIMIT / 1000; page++) {
    const answer = await get(`${url}${listPath(MILLION_RUN, `?limit=1000&page=${page}`)}`)
    if (answer.status !== 200) throw new Error(`page ${page} of 1000 rows answered ${answer.status}`)
    hash.update((page === 1 ? '' : ',') + resultsText(answer.body))
  }
  hash.update('],"total_pages":1,"current_page":1}')
  return hash.digest('hex')
}

/**
 * Streams `?limit=1000000` of the million-row run while wrk loads the demo page on other connections:
 * the demo page's latency, the server's memory before, during and after, and whether the body is exactly
 * the expected page.
 */
export async function streamUnderLoad (contract, { loadSeconds = 20, verify = true } = {}) {
  const mock = await startMock(contract)
  try {
    // The demo page's load alone first, so that what it leaves in memory (its cached page, a full
    // journal, a grown young generation) counts as idle, and "after" shows what the big page left.
    await wrk(mock.url + listPath(DEMO_RUN), 10, 5)
    await sleep(1000)
    const idle = residentMb(mock.child.pid).rssMb
    const sampler = sampleRss(mock.child.pid)
    const streamed = getHashed(mock.url + listPath(MILLION_RUN, `?limit=${STREAM_LIMIT}`), STREAM_TIMEOUT_MS)
    await sleep(2000)
    const load = await wrk(mock.url + listPath(DEMO_RUN), 10, loadSeconds)
    const page = await streamed
    const during = sampler.stop()
    await sleep(3000)
    const after = residentMb(mock.child.pid).rssMb
    const expected = verify ? await expectedMillionPage(mock.url) : null
    return {
      contract,
      demoUnderLoad: load,
      stream: { status: page.status, bytes: page.bytes, seconds: page.ms / 1000, rowsPerS: STREAM_LIMIT / (page.ms / 1000) },
      bodyMatches: expected === null ? null : expected === page.sha256,
      memory: { idleMb: idle, maxDuringMb: during.maxMb, afterMb: after }
    }
  } finally {
    await stop(mock.child)
  }
}

/** SIGTERM two seconds into a million-row page: how long the process takes to exit, and with which code. */
export async function signalDuringStream (contract) {
  const mock = await startMock(contract)
  const exited = new Promise((resolve) => mock.child.once('exit', (code, signal) => resolve({ code, signal })))
  const streamed = getHashed(mock.url + listPath(MILLION_RUN, `?limit=${STREAM_LIMIT}`), 60_000).catch((error) => ({ error: error.message }))
  await sleep(2000)
  const sentAt = performance.now()
  mock.child.kill('SIGTERM')
  const { code, signal } = await exited
  const exitMs = performance.now() - sentAt
  const client = await streamed
  return { contract, exitMs, code, signal, clientSaw: client.error ?? `${client.status}, ${client.bytes} bytes` }
}

/** wrk's Lua script for the soak: the demo page, filtered pages of the million-row run at changing pages, 1,000-row pages of the 10k run. */
function soakScript (filterQuery) {
  return `-- The soak's mix of requests; wrk.headers (the keys) go with every one.
math.randomseed(42)
request = function()
  local draw = math.random(100)
  local path
  if draw <= 40 then
    path = "${listPath(DEMO_RUN)}"
  elseif draw <= 80 then
    path = "${listPath(MILLION_RUN, filterQuery)}&page=" .. math.random(1, 5000)
  else
    path = "${listPath(TEN_THOUSAND_RUN, '?limit=1000')}&page=" .. math.random(1, 10)
  end
  return wrk.format("GET", path)
end
`
}

/** A mixed load at `connections` connections for `seconds`, sampling the server's memory every second. */
export async function soak (contract, filterQuery, { seconds = 60, connections = 200 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'futureagi-mock-soak-'))
  const script = join(dir, 'soak.lua')
  writeFileSync(script, soakScript(filterQuery))
  const mock = await startMock(contract)
  try {
    const startMb = residentMb(mock.child.pid).rssMb
    const sampler = sampleRss(mock.child.pid, 1000)
    const load = await wrk(mock.url + listPath(DEMO_RUN), connections, seconds, { script, timeoutS: 10 })
    const { samples, maxMb } = sampler.stop()
    // The steady state: the median of the last third of the samples.
    const steadyMb = median(samples.slice(Math.floor((samples.length * 2) / 3)).map((sample) => sample.rssMb))
    return { contract, seconds, connections, load, memory: { startMb, maxMb, steadyMb, endMb: samples.at(-1)?.rssMb } }
  } finally {
    await stop(mock.child)
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The demo page with `--latency 100` at 1,000 connections, next to a bare node:http server that waits
 * as long on a timer and replays the mock's bytes: when the server is not the bottleneck, each
 * connection completes about ten requests a second, so requests/s comes near connections / 0.1 s.
 */
export async function latencyLoad (contract, { seconds = 10, connections = 1000, latencyMs = 100 } = {}) {
  const mock = await startMock(contract, ['--latency', String(latencyMs)])
  const dir = mkdtempSync(join(tmpdir(), 'futureagi-mock-latency-'))
  let baseline = null
  try {
    const path = listPath(DEMO_RUN)
    const answer = await get(mock.url + path)
    writeFileSync(join(dir, 'responses.json'), JSON.stringify({
      keepAliveTimeoutMs: 72_000,
      responses: { [path]: { status: answer.status, headers: replayedHeaders(answer.rawHeaders), body: answer.body.toString('base64') } }
    }))
    baseline = spawnServer(SERVER_CORE, process.execPath, [BASELINE, join(dir, 'responses.json'), String(latencyMs)])
    const baselineUrl = await listeningUrl(baseline)
    const measure = async (url) => {
      await wrk(url, connections, 2, { timeoutS: 10 })
      return wrk(url, connections, seconds, { timeoutS: 10 })
    }
    const load = await measure(mock.url + path)
    const bare = await measure(baselineUrl + path)
    const ceiling = connections / (latencyMs / 1000)
    return { contract, connections, latencyMs, seconds, load, bare, ceiling, share: load.rps / ceiling, ratio: load.rps / bare.rps }
  } finally {
    if (baseline !== null) await stop(baseline)
    await stop(mock.child)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Header pairs as sent, without those Node's HTTP server writes itself. */
export function replayedHeaders (rawHeaders) {
  const own = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])
  const pairs = []
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!own.has(rawHeaders[i].toLowerCase())) pairs.push([rawHeaders[i], rawHeaders[i + 1]])
  }
  return pairs
}
