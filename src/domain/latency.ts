// Latency specs: a fixed delay, a uniform range, or a log-normal distribution given by its median and 99th percentile.

/** No delay is longer than this, whatever the spec or `Prefer: delay=` asks: a minute. */
export const MAX_DELAY_MS = 60_000

export type LatencySpec =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'lognormal'; medianMs: number; p99Ms: number }

/** The 99th percentile of the standard normal distribution. */
const Z99 = 2.3263478740408408

const NUMBER = /^\d+(?:\.\d+)?$/

/**
 * Reads `120` (ms), `50-300` (uniform between the two) or `lognormal:median=80,p99=600`. Returns the
 * spec, or the reason it cannot be read.
 */
export function parseLatencySpec (text: string): LatencySpec | string {
  const spec = text.trim()
  if (NUMBER.test(spec)) {
    const ms = Number(spec)
    return ms <= MAX_DELAY_MS ? { kind: 'fixed', ms } : `at most ${MAX_DELAY_MS} ms`
  }
  const range = /^(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)$/.exec(spec)
  if (range !== null) {
    const minMs = Number(range[1])
    const maxMs = Number(range[2])
    if (minMs > maxMs) return `the range ${spec} runs backwards`
    if (maxMs > MAX_DELAY_MS) return `at most ${MAX_DELAY_MS} ms`
    return { kind: 'uniform', minMs, maxMs }
  }
  const lognormal = /^lognormal:(.*)$/.exec(spec)
  if (lognormal !== null) {
    const fields = new Map<string, string>()
    for (const part of (lognormal[1] ?? '').split(',')) {
      const [key = '', value = ''] = part.split('=').map((side) => side.trim())
      fields.set(key, value)
    }
    const median = fields.get('median')
    const p99 = fields.get('p99')
    if (median === undefined || p99 === undefined || fields.size !== 2 || !NUMBER.test(median) || !NUMBER.test(p99)) {
      return 'expected lognormal:median=<ms>,p99=<ms>'
    }
    const medianMs = Number(median)
    const p99Ms = Number(p99)
    // Digits enough to overflow a double (a 1 and 400 zeros) read as Infinity.
    if (!Number.isFinite(medianMs) || !Number.isFinite(p99Ms)) return 'a log-normal latency needs finite numbers of ms'
    if (medianMs <= 0 || p99Ms < medianMs) return 'a log-normal latency needs 0 < median <= p99'
    return { kind: 'lognormal', medianMs, p99Ms }
  }
  return 'expected a number of ms (120), a range (50-300) or lognormal:median=<ms>,p99=<ms>'
}

/** The spec written back as it is read. */
export function formatLatencySpec (spec: LatencySpec): string {
  switch (spec.kind) {
    case 'fixed': return String(spec.ms)
    case 'uniform': return `${spec.minMs}-${spec.maxMs}`
    case 'lognormal': return `lognormal:median=${spec.medianMs},p99=${spec.p99Ms}`
  }
}

/**
 * The standard normal quantile of `p` in (0, 1): Acklam's rational approximation (relative error
 * under 1.15e-9), so that one uniform draw gives one normal draw and a draw is repeatable.
 */
export function normalQuantile (p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const low = 0.02425
  const poly = (coefficients: number[], x: number): number => coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0)
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    return poly(c, q) / (poly(d, q) * q + 1)
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    return -poly(c, q) / (poly(d, q) * q + 1)
  }
  const q = p - 0.5
  const r = q * q
  return (poly(a, r) * q) / (poly(b, r) * r + 1)
}

/** The delay, in whole milliseconds, that `unit` (a uniform draw in [0, 1)) gives under `spec`. */
export function sampleLatency (spec: LatencySpec, unit: number): number {
  let ms: number
  switch (spec.kind) {
    case 'fixed':
      ms = spec.ms
      break
    case 'uniform':
      ms = spec.minMs + unit * (spec.maxMs - spec.minMs)
      break
    case 'lognormal': {
      const mu = Math.log(spec.medianMs)
      const sigma = Math.log(spec.p99Ms / spec.medianMs) / Z99
      // A draw of exactly 0 would be -Infinity; the smallest draw above it stands in.
      ms = Math.exp(mu + sigma * normalQuantile(Math.max(unit, Number.EPSILON)))
      break
    }
  }
  return Math.min(MAX_DELAY_MS, Math.round(ms))
}
