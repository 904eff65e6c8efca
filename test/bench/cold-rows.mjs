// Measures how many rows per second the store writes when none of them is cached, per contract and run, shallow and deep.
//
// A row that is not in the store's cache is generated and written as JSON on the request's path
// (`JSON.stringify(presentRow(contract, generateRecord(plan, position)))`), so this rate bounds how fast
// a cold page of many rows can be answered. Each measurement uses a fresh store, and so a fresh plan and
// empty caches, and asks for every row once. Not part of `npm test`: timings are not assertions.
//
//   npm run build && node test/bench/cold-rows.mjs [--rows 4000] [--rounds 3] [--seed 1] [--json] [--dist DIR]
//
// `measureColdRows(options)` returns the same figures for other scripts (the `npm run bench` runner).
// It imports the built code (dist/, or the build in `--dist`, e.g. of an earlier commit), so build first.
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { URL, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const TEN_THOUSAND_RUN = '33333333-3333-4333-8333-333333333333'
const MILLION_RUN = '55555555-5555-4555-8555-555555555555'

/** Where each run is read: the first rows, and a stretch far down the listing. */
const CASES = [
  { run: TEN_THOUSAND_RUN, label: '10k text', depth: 'shallow', offset: 0 },
  { run: TEN_THOUSAND_RUN, label: '10k text', depth: 'deep', offset: 5_000 },
  { run: MILLION_RUN, label: '1M voice', depth: 'shallow', offset: 0 },
  { run: MILLION_RUN, label: '1M voice', depth: 'deep', offset: 654_321 }
]
const CONTRACTS = ['docs', 'platform']

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/**
 * Times one page of `rows` uncached rows from a store made for this page alone. The rows are read as a
 * streamed page reads them, without the row cache (`rowJson(index, false)`): this measures producing
 * rows, not keeping them.
 */
function timeColdPage (createStore, spec, seed, contract, offset, rows) {
  const store = createStore({ seed, runs: [spec], fixtureRuns: new Map() })
  const query = { runId: spec.id, search: '', status: '', offset, limit: rows }
  const started = performance.now()
  const page = store.pageJson(query, contract)
  let characters = 0
  for (let index = 0; index < page.length; index++) characters += page.rowJson(index, false).length
  const ms = performance.now() - started
  if (page.length !== rows || characters === 0) throw new Error(`expected ${rows} rows from ${spec.id} at ${offset}, got ${page.length}`)
  return ms
}

/**
 * Cold rows per second for both contracts on the 10k text run and the million-row voice run, at the
 * top of the listing and deep in it. Every case is warmed up, then timed `rounds` times (each on a
 * fresh store); the figure is the median round.
 */
export async function measureColdRows ({ rows = 4_000, warmupRows = 2_000, rounds = 3, seed = 1, dist = new URL('../../dist/', import.meta.url) } = {}) {
  const { createStore } = await import(new URL('data/store.js', dist).href)
  const { WELL_KNOWN_RUNS } = await import(new URL('data/runs.js', dist).href)
  const specOf = (id) => WELL_KNOWN_RUNS.find((spec) => spec.id === id)

  const results = []
  for (const contract of CONTRACTS) {
    for (const { run, label, depth, offset: wanted } of CASES) {
      const spec = specOf(run)
      if (rows > spec.rows) throw new Error(`--rows ${rows} is more than run ${run} has (${spec.rows})`)
      // A deep page that would run past the end starts earlier, so that it has all its rows.
      const offset = Math.min(wanted, spec.rows - rows)
      // Warm-up, so that the JIT has settled: the same rows are fine, as nothing is cached.
      timeColdPage(createStore, spec, seed, contract, offset, Math.min(warmupRows, rows))
      const roundsMs = Array.from({ length: rounds }, () => timeColdPage(createStore, spec, seed, contract, offset, rows))
      const ms = median(roundsMs)
      results.push({
        contract,
        run,
        label,
        depth,
        offset,
        rows,
        ms,
        rowsPerSecond: rows / (ms / 1000),
        roundsRowsPerSecond: roundsMs.map((one) => rows / (one / 1000))
      })
    }
  }
  const slowest = Math.min(...results.map((result) => result.rowsPerSecond))
  return { settings: { rows, warmupRows, rounds, seed, node: process.version }, results, slowestRowsPerSecond: slowest }
}

/** The figures as a small table for people. */
export function coldRowsTable ({ settings, results, slowestRowsPerSecond }) {
  const header = ['contract', 'run', 'depth', 'offset', 'rows', 'ms', 'rows/s', 'all rounds']
  const rows = [header, ...results.map((result) => [
    result.contract,
    result.label,
    result.depth,
    String(result.offset),
    String(result.rows),
    result.ms.toFixed(1),
    result.rowsPerSecond.toFixed(0),
    result.roundsRowsPerSecond.map((rate) => rate.toFixed(0)).join(' ')
  ])]
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  const line = (row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')
  return [
    `Cold rows (no cache, fresh store), seed ${settings.seed}, Node ${settings.node}: median of ${settings.rounds} rounds after ${settings.warmupRows} warm-up rows.`,
    '',
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `slowest: ${slowestRowsPerSecond.toFixed(0)} rows/s`
  ].join('\n')
}

function wholeNumber (name, text, min, max) {
  const value = Number(text)
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    process.stderr.write(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}\n`)
    process.exit(2)
  }
  return value
}

async function main () {
  const { values: flags } = parseArgs({
    options: {
      rows: { type: 'string', default: '4000' },
      rounds: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      dist: { type: 'string' }
    },
    strict: true
  })
  const figures = await measureColdRows({
    rows: wholeNumber('--rows', flags.rows, 1, 1_000_000),
    rounds: wholeNumber('--rounds', flags.rounds, 1, 99),
    seed: wholeNumber('--seed', flags.seed, 0, 4_294_967_295),
    ...(flags.dist === undefined ? {} : { dist: pathToFileURL(resolve(flags.dist) + '/') })
  })
  if (flags.json) process.stdout.write(JSON.stringify(figures, null, 2) + '\n')
  else process.stdout.write(coldRowsTable(figures) + '\n')
}

// Run as a script, not when imported.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`cold-rows failed: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
