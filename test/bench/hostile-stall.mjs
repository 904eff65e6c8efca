// The hostile section's stalls: requests that once held the event loop (journal queries, a target Node
// cannot parse), each sent over and over while wrk loads the demo page on other connections.
//
// For each attack it reports the other clients' p99 during it, how the attack itself was answered, and
// the server's resident memory and open file descriptors after. Targets: the others' p99 under 50 ms
// with no socket errors, and every attack answered (its expected status, a 4xx where a bound refuses it).
// Every run is bounded in time (wrk's duration) and count (MAX_ATTACKS), and sends only to 127.0.0.1.
import http from 'node:http'
import { connect } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Buffer } from 'node:buffer'
import { readdirSync } from 'node:fs'
import { clearTimeout, setTimeout } from 'node:timers'
import { URL } from 'node:url'
import { DEMO_RUN, listPath, residentMb, startMock, stop, wrk } from './lib.mjs'

export const HOSTILE_TARGETS = { otherP99Ms: 50 }

/** Attacks sent during one load run, at most: one at a time, back to back. */
const MAX_ATTACKS = 500

/** How long one attack may take before it counts as unanswered. */
const ATTACK_TIMEOUT_MS = 30_000

/** One request on a fresh connection, resolving with its status and time, or status 0 when it fails or times out. */
function send (url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const begun = performance.now()
    const request = http.request(url, { method, headers, agent: false, timeout: ATTACK_TIMEOUT_MS }, (response) => {
      response.resume()
      response.on('end', () => resolve({ status: response.statusCode, ms: performance.now() - begun }))
      response.on('error', () => resolve({ status: 0, ms: performance.now() - begun }))
    })
    request.on('timeout', () => request.destroy(new Error('timeout')))
    request.on('error', () => resolve({ status: 0, ms: performance.now() - begun }))
    request.end(body)
  })
}

/** Raw bytes on a new connection; resolves with the status of the first answer and the time until the server closed it. */
function sendRaw (origin, bytes) {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve) => {
    const begun = performance.now()
    const socket = connect(Number(port), hostname, () => socket.write(bytes))
    let answer = ''
    const timer = setTimeout(() => socket.destroy(), ATTACK_TIMEOUT_MS)
    socket.setEncoding('latin1').on('data', (chunk) => { answer += chunk })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      const answers = answer.match(/HTTP\/1\.1 \d{3}/g) ?? []
      resolve({ status: answers.length === 1 ? Number(answers[0].slice(9)) : 0, ms: performance.now() - begun })
    })
  })
}

/** Runs `requests` (functions returning a promise) `concurrency` at a time. */
async function inBatches (requests, concurrency) {
  for (let i = 0; i < requests.length; i += concurrency) await Promise.all(requests.slice(i, i + concurrency).map((request) => request()))
}

const json = (pattern) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pattern) })

/** A value and an expression RE2 takes seconds over (linear, but a long program over a long text). */
function slowText (length) {
  let text = ''
  for (let state = 12_345; text.length < length;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    text += (state >> 16) & 1 ? 'a' : 'b'
  }
  return text
}

const ATTACKS = [
  {
    // The load alone, on a machine that may be shared: what the others' p99 is without any attack.
    id: 'none',
    label: 'no attack (the load alone, for comparison)',
    expected: [],
    fill: async () => {},
    attack: null
  },
  {
    id: 'nestedQuantifier',
    label: '(a+)+ over a header of 40 a\'s and a !',
    expected: [200],
    fill: (origin) => send(`${origin}/nowhere`, { headers: { 'X-N': `${'a'.repeat(40)}!` } }),
    attack: (origin) => send(`${origin}/__admin/requests/count`, json({ headers: { 'X-N': { matches: '(a+)+' } } }))
  },
  {
    id: 'longUrls',
    label: '.*q.*q.*q.*z over 306 entries with 15 KB URLs',
    expected: [200],
    fill: (origin) => inBatches(Array.from({ length: 306 }, (_, i) => () => send(`${origin}/nowhere?${i}${'q'.repeat(15_000)}`)), 10),
    attack: (origin) => send(`${origin}/__admin/requests/count`, json({ urlPattern: '.*q.*q.*q.*z' }))
  },
  {
    id: 'slowExpression',
    label: 'a long RE2 program over 306 entries with 15 KB URLs (refused at the query budget)',
    expected: [200, 422],
    seconds: 14,
    fill: (origin) => inBatches(Array.from({ length: 306 }, (_, i) => () => send(`${origin}/nowhere?${slowText(15_000)}${i}`)), 10),
    attack: (origin) => send(`${origin}/__admin/requests/count`, json({ urlPattern: `(?:.*a.{20}b){1,50}c|${'x'.repeat(500)}` }))
  },
  {
    id: 'manyMatchers',
    label: '30,000 absent matchers (860 KB) over 1,000 entries of 500 headers',
    expected: [413],
    fill: (origin) => {
      const headers = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`X-H${i}`, `v${i}`]))
      return inBatches(Array.from({ length: 1000 }, () => () => send(`${origin}/nowhere`, { headers })), 10)
    },
    attack: (origin) => send(`${origin}/__admin/requests/count`, json({
      headers: Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`X-Absent-${String(i).padStart(5, '0')}`, { absent: true }]))
    }))
  },
  {
    id: 'selfConnect',
    label: 'GET x HTTP/1.1 (a target Node refuses, once relayed to the server itself)',
    expected: [400],
    fill: async () => {},
    attack: (origin) => sendRaw(origin, Buffer.from('GET x HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'))
  }
]

function openFds (pid) {
  try { return readdirSync(`/proc/${pid}/fd`).length } catch { return null }
}

/** Every attack on a fresh mock; `say` reports progress. */
export async function hostileStall (say, { seconds = 6 } = {}) {
  const runs = []
  for (const attack of ATTACKS) {
    say(`  ${attack.label}…`)
    const { child, url } = await startMock('docs')
    try {
      await attack.fill(url)
      const duration = attack.seconds ?? seconds
      const load = wrk(`${url}${listPath(DEMO_RUN)}`, 10, duration)
      const answers = []
      const begun = performance.now()
      // Half a second of the load alone first, and the last attack sent a second before wrk stops.
      await new Promise((resolve) => setTimeout(resolve, 500))
      while (attack.attack !== null && performance.now() - begun < (duration - 1) * 1000 && answers.length < MAX_ATTACKS) answers.push(await attack.attack(url))
      const other = await load
      const statuses = [...new Set(answers.map((answer) => answer.status))].sort()
      runs.push({
        id: attack.id,
        label: attack.label,
        expected: attack.expected,
        attacks: answers.length,
        statuses,
        attackMaxMs: answers.length === 0 ? null : Math.max(...answers.map((answer) => answer.ms)),
        other,
        rssAfterMb: residentMb(child.pid).rssMb,
        fdsAfter: openFds(child.pid),
        answered: attack.attack === null || (answers.length > 0 && answers.every((answer) => attack.expected.includes(answer.status)))
      })
    } finally {
      await stop(child)
    }
  }
  return runs
}

export function hostileStallChecks (runs, check) {
  for (const run of runs) {
    if (run.id === 'none') continue
    check(`hostile ${run.id}: others' p99 < ${HOSTILE_TARGETS.otherP99Ms} ms`, run.other.p99Ms < HOSTILE_TARGETS.otherP99Ms && run.other.socketErrors === 0)
    check(`hostile ${run.id}: answered ${run.expected.join(' or ')}`, run.answered)
  }
}

export function hostileStallLines (runs, fixed, mark) {
  const lines = ['hostile requests, each sent back to back while wrk loads the demo page on 10 other connections:']
  for (const run of runs) {
    const otherMet = run.other.p99Ms < HOSTILE_TARGETS.otherP99Ms && run.other.socketErrors === 0
    lines.push(
      run.attacks === 0 ? `  ${run.label}` : `  ${run.label}: ${run.attacks} sent, answered ${run.statuses.join('/')} (expected ${run.expected.join(' or ')}; slowest ${fixed(run.attackMaxMs, 0)} ms)  ${mark(run.answered)}`,
      `    others: ${fixed(run.other.rps, 0)} req/s, p50 ${fixed(run.other.p50Ms, 2)} ms, p99 ${fixed(run.other.p99Ms, 2)} ms` +
        `${run.other.socketErrors > 0 ? ` (${run.other.socketErrors} errors)` : ''} (target < ${HOSTILE_TARGETS.otherP99Ms})  ${mark(otherMet)}; ` +
        `after: ${fixed(run.rssAfterMb, 0)} MB resident, ${run.fdsAfter ?? '?'} open file descriptors`
    )
  }
  return lines
}
