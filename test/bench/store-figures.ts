// Prints the store's figures for the million-row run: start-up, memory, and filter latencies with a cold cache.
//
// Not a test (timings depend on the machine). Run it with tap's TypeScript loader:
//   TS_NODE_TRANSPILE_ONLY=1 node --expose-gc --import @isaacs/ts-node-temp-fork-for-pr-2009/import test/bench/store-figures.ts
// The loader itself holds the TypeScript compiler in memory, so the figures print the process's
// memory before the store exists and what the store added.
import type { PageQuery } from '../../src/data/model.js'
import { planRun } from '../../src/data/run-plan.js'
import { WELL_KNOWN_RUNS } from '../../src/data/runs.js'
import { createStore } from '../../src/data/store.js'

const MILLION = '55555555-5555-4555-8555-555555555555'
const SEED = 1

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)

function memory (): { rss: number; heap: number; buffers: number } {
  gc()
  const usage = process.memoryUsage()
  return { rss: usage.rss, heap: usage.heapUsed, buffers: usage.arrayBuffers }
}

function timed<T> (label: string, run: () => T): T {
  const started = performance.now()
  const result = run()
  console.log(`${label.padEnd(58)} ${(performance.now() - started).toFixed(1).padStart(7)} ms`)
  return result
}

const before = memory()
console.log(`before the store: rss ${mb(before.rss)}, heap ${mb(before.heap)} (node and the TypeScript loader)`)

const store = timed('create the store (all well-known runs)', () => createStore({ seed: SEED, runs: WELL_KNOWN_RUNS, fixtureRuns: new Map() }))
const page = (filter: Partial<PageQuery>): number => store.page({ runId: MILLION, search: '', status: '', offset: 0, limit: 10, ...filter }).count

timed('first page, unfiltered', () => page({}))
timed('page at offset 999,990, unfiltered', () => page({ offset: 999_990 }))
timed('first filter: build the columns, scan (status=failed)', () => page({ status: 'failed' }))
for (const status of ['completed', 'cancelled', 'analyzing', 'Completed']) {
  const count = timed(`status=${status}`, () => page({ status }))
  console.log(`  ${count} rows`)
}
// Terms that hit one scenario, one agent's number, every number, and most scenarios, then nothing.
const plan = planRun(SEED, WELL_KNOWN_RUNS.find((run) => run.id === MILLION) as (typeof WELL_KNOWN_RUNS)[number])
const scenarioWord = plan.scenarios[0]?.name.split(' ')[0] as string
const phoneTail = plan.executions[0]?.phoneNumber?.slice(-4) as string
for (const search of [scenarioWord, phoneTail, '+1', 'a%e', 'no such thing']) {
  const count = timed(`search=${search}`, () => page({ search }))
  console.log(`  ${count} rows`)
}
const both = timed('search=r, status=completed, offset 400,000', () => page({ search: 'r', status: 'completed', offset: 400_000 }))
console.log(`  ${both} rows`)
timed('search=r, status=completed again (cached), offset 10', () => page({ search: 'r', status: 'completed', offset: 10 }))

const after = memory()
console.log(`after: rss ${mb(after.rss)} (+${mb(after.rss - before.rss)}), heap ${mb(after.heap)} (+${mb(after.heap - before.heap)}), array buffers ${mb(after.buffers)}`)
