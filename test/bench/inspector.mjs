// The inspector's cost to the platform's endpoint: the demo page loaded with wrk, with and without an
// inspector page open on the live journal (every request wrk makes is streamed to it).
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { setTimeout as sleep } from 'node:timers/promises'
import { DEMO_RUN, get, listPath, median, startMock, stop, wrk } from './lib.mjs'

// Node's own, as in a browser.
const { fetch, AbortController } = globalThis

const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/**
 * The page: Debian's Chromium showing /__mock/#requests when it is installed, else what the page does
 * on the wire: the stream read as it comes. Resolves once the stream is open; `close()` ends it.
 *
 * Chromium is launched from this process, so on the load generator's core: at the lowest priority
 * (`nice -n 19`), so that the browser's drawing takes what wrk leaves and the figure measures what
 * the open page costs the server, not what the browser takes from the load generator.
 */
async function openPage (origin) {
  // BENCH_INSPECTOR_PAGE=stream measures the stream alone, without a browser's own work on the load core.
  if (existsSync(CHROMIUM) && process.env.BENCH_INSPECTOR_PAGE !== 'stream') {
    const { chromium } = await import('playwright-core')
    const dir = mkdtempSync(join(tmpdir(), 'futureagi-mock-bench-'))
    const niced = join(dir, 'chromium')
    writeFileSync(niced, `#!/bin/sh\nexec nice -n 19 ${CHROMIUM} "$@"\n`)
    chmodSync(niced, 0o755)
    const browser = await chromium.launch({ executablePath: niced, args: ARGS })
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${origin}/__mock/#requests`)
    await page.locator('#live.on').waitFor({ timeout: 30_000 })
    return { kind: 'Chromium at nice 19', close: async () => { await browser.close(); rmSync(dir, { recursive: true, force: true }) } }
  }
  const abort = new AbortController()
  const response = await fetch(`${origin}/__mock/requests/stream`, { signal: abort.signal })
  if (response.status !== 200) throw new Error(`the journal stream answered ${response.status}`)
  const reader = response.body.getReader()
  const reading = (async () => { for (;;) if ((await reader.read()).done) return })().catch(() => {})
  return { kind: 'stream reader', close: async () => { abort.abort(); await reading } }
}

/**
 * Alternating rounds on one mock: without a page, then with one, each `durationS` after a warm-up; the
 * round whose ratio (with / without) is the median is the figure.
 */
export async function inspectorLoad (contract, { connections = 100, rounds, durationS, warmupS }) {
  const mock = await startMock(contract)
  const url = mock.url + listPath(DEMO_RUN)
  try {
    const probe = await get(url)
    if (probe.status !== 200) throw new Error(`the demo page answered ${probe.status}`)
    await wrk(url, connections, warmupS)
    const measured = []
    let kind = null
    for (let round = 0; round < rounds; round++) {
      const without = await wrk(url, connections, durationS)
      const page = await openPage(mock.url)
      kind = page.kind
      // The page's first reads (sessions, journal) are done before the load starts.
      await sleep(500)
      const withPage = await wrk(url, connections, durationS)
      await page.close()
      measured.push({ without, withPage, ratio: withPage.rps / without.rps })
    }
    const middle = [...measured].sort((a, b) => a.ratio - b.ratio)[Math.floor(measured.length / 2)]
    return { contract, connections, page: kind, ...middle, medianRatio: median(measured.map((m) => m.ratio)), rounds: measured }
  } finally {
    await stop(mock.child)
  }
}
