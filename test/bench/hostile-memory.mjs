// Memory attacks on the control plane, each against a fresh mock: what other clients' p99 is during it, and the mock's resident memory during and after, against their targets.
//
//   node test/bench/hostile-memory.mjs                 prints one line per attack
//   node test/bench/hostile-memory.mjs --json out.json and writes the figures
//
// Each attack is bounded in requests and in time (ATTACK_MS at most), sends traffic only to
// 127.0.0.1, and runs while four other clients read the demo page in a loop on the same mock. The
// targets: the other clients' p99 under OTHERS_P99_MS, the mock's memory under the budget the docs
// state for its flags (512 MB with the defaults) throughout, and back under it after.
import http from 'node:http'
import { writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { AUTH, DEMO_RUN, buildIfNeeded, listPath, residentMb, sampleRss, startMock, stop, stopAll } from './lib.mjs'

/** The process's memory budget with default flags (docs/control-plane.md, "Limits and memory budget"). */
const BUDGET_MB = 512
const OTHERS_P99_MS = 250
/** No attack runs longer than this, whatever it has left to send. */
const ATTACK_MS = 20_000
/** Requests the attacker keeps in flight. */
const ATTACK_CONNECTIONS = 16

const JSON_HEADERS = { 'content-type': 'application/json' }

/** One request on `agent`: resolves with the status (0 when the connection failed or the timeout passed). */
function send (agent, url, { method = 'GET', headers = {}, body, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve) => {
    const request = http.request(url, { method, headers, agent, timeout: timeoutMs }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode))
      response.on('error', () => resolve(0))
    })
    request.on('timeout', () => request.destroy(new Error('timeout')))
    request.on('error', () => resolve(0))
    request.end(body)
  })
}

/** Four clients reading the demo page in a loop until `stop()`, which returns their p99 and how many failed. */
function otherClients (baseUrl) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 })
  const times = []
  let failed = 0
  let running = true
  const loop = async () => {
    while (running) {
      const begun = performance.now()
      const status = await send(agent, baseUrl + listPath(DEMO_RUN), { headers: AUTH, timeoutMs: 30_000 })
      times.push(performance.now() - begun)
      if (status !== 200) failed++
    }
  }
  const loops = Array.from({ length: 4 }, loop)
  return {
    async stop () {
      running = false
      await Promise.all(loops)
      agent.destroy()
      const sorted = times.sort((a, b) => a - b)
      return { requests: sorted.length, failed, p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? Infinity }
    }
  }
}

/** Runs `next(i)` for i = 0, 1, … up to `count` times, `ATTACK_CONNECTIONS` at a time, stopping at the deadline; counts statuses. */
async function flood (count, next, deadline) {
  const statuses = {}
  let index = 0
  const worker = async () => {
    while (index < count && performance.now() < deadline) {
      const status = await next(index++)
      statuses[status] = (statuses[status] ?? 0) + 1
    }
  }
  await Promise.all(Array.from({ length: ATTACK_CONNECTIONS }, worker))
  return { sent: index, statuses }
}

/** Starts a mock with `flags`, runs `attack` with other clients reading and memory sampled, then measures memory after. */
async function measure (name, flags, attack) {
  const mock = await startMock('docs', flags)
  try {
    const idle = residentMb(mock.child.pid).rssMb
    const others = otherClients(mock.url)
    const rss = sampleRss(mock.child.pid)
    const agent = new http.Agent({ keepAlive: true, maxSockets: ATTACK_CONNECTIONS })
    const begun = performance.now()
    const outcome = await attack(mock.url, agent, begun + ATTACK_MS)
    const tookMs = performance.now() - begun
    const during = await others.stop()
    agent.destroy()
    const peak = rss.stop().maxMb
    await sleep(2000)
    const after = residentMb(mock.child.pid).rssMb
    const alive = mock.child.exitCode === null
    const met = alive && during.p99Ms < OTHERS_P99_MS && during.failed === 0 && peak < BUDGET_MB && after < BUDGET_MB
    return { name, flags, ...outcome, tookMs, idleMb: idle, peakMb: peak, afterMb: after, others: during, alive, met }
  } finally {
    await stop(mock.child)
  }
}

const ATTACKS = [
  {
    name: 'fault rules of 60 KB, up to 5 a session, in 400 sessions',
    flags: [],
    attack: async (url, agent, deadline) => {
      const rule = JSON.stringify({ fault: 'status=500', match: { path: `/simulate/${'p'.repeat(60_000)}*` } })
      const sent = await flood(2000, (i) => send(agent, `${url}/__mock/faults`, { method: 'POST', headers: { ...JSON_HEADERS, 'x-mock-session': `rules-${i % 400}` }, body: rule }), deadline)
      const begun = performance.now()
      await send(agent, `${url}/__mock/faults`, { headers: { 'x-mock-session': 'rules-0' } })
      return { ...sent, readBackMs: performance.now() - begun }
    }
  },
  {
    name: 'runs of one row holding a 15 MB string, 10 sessions, then reset',
    flags: [],
    attack: async (url, agent, deadline) => {
      const row = (n) => JSON.stringify({
        rows: [{
          id: `a1b2c3d4-e5f6-4890-abcd-ef12345678${String(n).padStart(2, '0')}`, session_id: null, status: 'completed', duration: 1, start_time: '2026-04-04T12:00:00Z',
          transcript: [], scenario: { id: 'b2c3d4e5-f6a7-4901-bcde-f12345678901', name: 'Happy Path' }, overall_score: 1, eval_outputs: {}, eval_metrics: {},
          customer_name: 'John Doe', call_summary: 'x'.repeat(15_000_000), ended_reason: 'completed', avg_agent_latency: 1,
          scenario_id: 'b2c3d4e5-f6a7-4901-bcde-f12345678901', is_snapshot: false, rerun_type: null, created_at: '2026-04-04T12:00:00Z'
        }]
      })
      const statuses = {}
      for (let n = 0; n < 10 && performance.now() < deadline; n++) {
        const status = await send(agent, `${url}/__mock/runs`, { method: 'POST', headers: { ...JSON_HEADERS, 'x-mock-session': `rows-${n}` }, body: row(n), timeoutMs: 30_000 })
        statuses[status] = (statuses[status] ?? 0) + 1
      }
      for (let n = 0; n < 10; n++) await send(agent, `${url}/__mock/reset`, { method: 'POST', headers: { 'x-mock-session': `rows-${n}` } })
      return { sent: 10, statuses }
    }
  },
  {
    name: '--journal-size 1000000 --max-sessions 10000: 5,000 health checks and 5,000 listings, each a new session',
    flags: ['--journal-size', '1000000', '--max-sessions', '10000'],
    attack: async (url, agent, deadline) => {
      const health = await flood(5000, (i) => send(agent, `${url}/health`, { headers: { 'x-mock-session': `health-${i}` } }), deadline)
      const listings = await flood(5000, (i) => send(agent, url + listPath(DEMO_RUN), { headers: { ...AUTH, 'x-mock-session': `job-${i}` } }), deadline)
      return { sent: health.sent + listings.sent, statuses: { health: health.statuses, listings: listings.statuses } }
    }
  },
  {
    name: '--rate-limit 1000000/s: 30,000 requests, each with Authorization: Bearer and n spaces, half with a new session',
    flags: ['--rate-limit', '1000000/s'],
    attack: async (url, agent, deadline) => flood(30_000, (i) => send(agent, url + listPath(DEMO_RUN), {
      headers: { ...AUTH, authorization: `Bearer${' '.repeat(i % 4000)}`, ...(i % 2 === 0 ? { 'x-mock-session': `churn-${i}` } : {}) }
    }), deadline)
  },
  {
    name: 'hang flood: 2,000 requests with Prefer: fault=hang, each held up to 2 s by the client',
    flags: [],
    attack: async (url, _agent, deadline) => {
      // One connection each, as a client that hangs holds its own.
      const statuses = {}
      let sent = 0
      const one = async () => {
        const status = await send(false, url + listPath(DEMO_RUN), { headers: { ...AUTH, prefer: 'fault=hang' }, timeoutMs: 2000 })
        statuses[status] = (statuses[status] ?? 0) + 1
      }
      const waves = []
      while (sent < 2000 && performance.now() < deadline) {
        waves.push(...Array.from({ length: 200 }, one))
        sent += 200
        await sleep(50)
      }
      await Promise.all(waves)
      return { sent, statuses }
    }
  }
]

export async function hostileMemory (say = (line) => process.stdout.write(`${line}\n`)) {
  buildIfNeeded(say)
  const results = []
  for (const { name, flags, attack } of ATTACKS) {
    say(`hostile memory: ${name}…`)
    results.push(await measure(name, flags, attack))
  }
  return results
}

export function hostileMemoryLines (results) {
  return results.map((result) =>
    `  ${result.name}: others' p99 ${result.others.p99Ms.toFixed(1)} ms (target < ${OTHERS_P99_MS}), ${result.others.failed} failed of ${result.others.requests}; ` +
    `RSS idle ${result.idleMb.toFixed(0)} MB, peak ${result.peakMb.toFixed(0)} MB, after ${result.afterMb.toFixed(0)} MB (target < ${BUDGET_MB}); ` +
    `${result.sent} sent in ${(result.tookMs / 1000).toFixed(1)} s, answers ${JSON.stringify(result.statuses)}` +
    `${result.readBackMs === undefined ? '' : `, rules read back in ${result.readBackMs.toFixed(1)} ms`}  ${result.met ? 'yes' : 'NO'}`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { json: { type: 'string' } }, strict: true })
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { stopAll().finally(() => process.exit(130)) })
  hostileMemory().then((results) => {
    process.stdout.write(`${hostileMemoryLines(results).join('\n')}\n`)
    if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(results, null, 2) + '\n')
    process.exitCode = results.every((result) => result.met) ? 0 : 1
  }, async (error) => {
    await stopAll()
    process.stderr.write(`hostile-memory failed: ${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  })
}
