// Latency specs: read as written, and drawn with the distribution they name (checked over many seeded draws, without waiting).
import t from 'tap'
import { unitAt } from '../../src/data/hash.js'
import { MAX_DELAY_MS, formatLatencySpec, normalQuantile, parseLatencySpec, sampleLatency, type LatencySpec } from '../../src/domain/latency.js'

const specs: Array<[string, LatencySpec | RegExp]> = [
  ['120', { kind: 'fixed', ms: 120 }],
  [' 0 ', { kind: 'fixed', ms: 0 }],
  ['50-300', { kind: 'uniform', minMs: 50, maxMs: 300 }],
  ['50 - 300', { kind: 'uniform', minMs: 50, maxMs: 300 }],
  ['lognormal:median=80,p99=600', { kind: 'lognormal', medianMs: 80, p99Ms: 600 }],
  ['lognormal: median = 80 , p99 = 600', { kind: 'lognormal', medianMs: 80, p99Ms: 600 }],
  ['300-50', /runs backwards/],
  ['60001', /at most 60000 ms/],
  ['10-70000', /at most 60000 ms/],
  ['lognormal:median=80', /expected lognormal:median/],
  ['lognormal:median=600,p99=80', /0 < median <= p99/],
  ['lognormal:median=80,p99=600,p50=1', /expected lognormal:median/],
  ['fast', /expected a number of ms/],
  ['-5', /expected a number of ms/],
  [`lognormal:median=80,p99=1${'0'.repeat(400)}`, /needs finite numbers of ms/],
  [`lognormal:median=1${'0'.repeat(400)},p99=1${'0'.repeat(401)}`, /needs finite numbers of ms/]
]

for (const [text, expected] of specs) {
  t.test(`reads ${JSON.stringify(text)}`, async (t) => {
    const spec = parseLatencySpec(text)
    if (expected instanceof RegExp) t.match(spec, expected)
    else {
      t.same(spec, expected)
      t.same(parseLatencySpec(formatLatencySpec(expected)), expected, 'written back as it is read')
    }
  })
}

/** Draws as the mock makes them: one hash per request of a session. */
const draws = (spec: LatencySpec, count: number): number[] =>
  Array.from({ length: count }, (_, i) => sampleLatency(spec, unitAt(0x5eed, i, 11))).sort((a, b) => a - b)
const quantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))] as number

t.test('a fixed spec always gives its delay', async (t) => {
  t.same([...new Set(draws({ kind: 'fixed', ms: 120 }, 1000))], [120])
})

t.test('a uniform spec stays in its range and spreads over it evenly', async (t) => {
  const sorted = draws({ kind: 'uniform', minMs: 50, maxMs: 300 }, 20_000)
  t.ok(sorted[0]! >= 50 && sorted.at(-1)! <= 300)
  t.ok(Math.abs(quantile(sorted, 0.5) - 175) <= 5, `median ${quantile(sorted, 0.5)}`)
  t.ok(Math.abs(quantile(sorted, 0.1) - 75) <= 5, `10th percentile ${quantile(sorted, 0.1)}`)
})

t.test('a log-normal spec has the median and 99th percentile it names', async (t) => {
  const sorted = draws({ kind: 'lognormal', medianMs: 80, p99Ms: 600 }, 50_000)
  const median = quantile(sorted, 0.5)
  const p99 = quantile(sorted, 0.99)
  t.ok(Math.abs(median - 80) / 80 < 0.03, `median ${median} within 3% of 80`)
  t.ok(Math.abs(p99 - 600) / 600 < 0.06, `p99 ${p99} within 6% of 600`)
  t.ok(sorted[0]! > 0)
})

t.test('no draw exceeds the cap, whatever the spec', async (t) => {
  const sorted = draws({ kind: 'lognormal', medianMs: 20_000, p99Ms: 60_000 }, 5000)
  t.equal(sorted.at(-1), MAX_DELAY_MS)
})

t.test('the same draw gives the same delay: a session meets the same delays on every run', async (t) => {
  const spec: LatencySpec = { kind: 'lognormal', medianMs: 80, p99Ms: 600 }
  t.same(draws(spec, 100), draws(spec, 100))
})

t.test('the normal quantile matches known values', async (t) => {
  for (const [p, z] of [[0.5, 0], [0.975, 1.959964], [0.99, 2.326348], [0.01, -2.326348], [0.001, -3.090232]] as const) {
    t.ok(Math.abs(normalQuantile(p) - z) < 1e-5, `Φ⁻¹(${p}) = ${normalQuantile(p)}`)
  }
})
