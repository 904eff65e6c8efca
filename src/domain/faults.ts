// Faults a test can make the mock answer with, and the rules that decide which request gets one.
import { pathMatches } from './path-pattern.js'

/** Every fault, by the name `Prefer: fault=` and the fault rules use. */
export const FAULTS = [
  'status=429',
  'status=500',
  'status=502',
  'status=503',
  'status=504',
  'reset',
  'truncate',
  'hang',
  'slow-body',
  'malformed'
] as const
export type Fault = (typeof FAULTS)[number]

export function isFault (name: string): name is Fault {
  return (FAULTS as readonly string[]).includes(name)
}

/** What a rule looks at: the request's method, path (no query string) and the run test its path names. */
export interface FaultTarget {
  method: string
  path: string
  runTestId: string | null
}

export interface FaultMatch {
  run_test_id?: string
  method?: string
  /** The path exactly, or a prefix when it ends with `*`. */
  path?: string
}

export interface FaultRuleSpec {
  match: FaultMatch
  fault: Fault
  /** Fire at most this many times; no limit when absent. */
  times?: number
  /** Let this many matching requests through first. */
  after?: number
  /** Fire on this share of the matching requests (after `after`), drawn from the seed: 1 when absent. */
  probability?: number
}

export interface FaultRule extends FaultRuleSpec {
  id: string
  /** Matching requests seen so far. */
  seen: number
  /** Times it fired. */
  fired: number
}

export function ruleMatches (match: FaultMatch, target: FaultTarget): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== target.method) return false
  if (match.run_test_id !== undefined && match.run_test_id !== target.runTestId) return false
  if (match.path !== undefined && !pathMatches(match.path, target.path)) return false
  return true
}

/**
 * The fault the rules give a request, counting it as seen by every rule it matches; the first rule that
 * fires wins. `draw(rule, n)` is the uniform draw in [0, 1) for the rule's n-th matching request, so
 * that a run of requests meets the same faults every time.
 */
export function decideFault (rules: readonly FaultRule[], target: FaultTarget, draw: (rule: FaultRule, seen: number) => number): Fault | null {
  let chosen: Fault | null = null
  for (const rule of rules) {
    if (!ruleMatches(rule.match, target)) continue
    rule.seen++
    if (chosen !== null) continue
    if (rule.seen <= (rule.after ?? 0)) continue
    if (rule.times !== undefined && rule.fired >= rule.times) continue
    if (draw(rule, rule.seen) >= (rule.probability ?? 1)) continue
    rule.fired++
    chosen = rule.fault
  }
  return chosen
}
