// The walk plan fits the budget: three full walks at the smallest affordable limits, else the longest prefix that fits.
import fc from 'fast-check'
import t from 'tap'
import { MAX_WALK_ROWS, planWalk } from '../../src/kit/walk-plan.js'
import { propertyRuns } from '../property-runs.js'

t.test('small runs are walked whole at the smallest limits, large ones at larger limits or in part', async (t) => {
  t.same(planWalk(23, 450), { limits: [7, 10, 25], rows: 23, complete: true, requests: 8 })
  t.same(planWalk(0, 450), { limits: [7, 10, 25], rows: 0, complete: true, requests: 3 })
  t.same(planWalk(10_000, 450), { limits: [50, 100, 250], rows: 10_000, complete: true, requests: 340 })
  t.same(planWalk(1_000_000, 450), { limits: [100, 250, 500], rows: MAX_WALK_ROWS, complete: false, requests: 160 })
  t.same(planWalk(3000, 30), { limits: [100, 250, 500], rows: 1500, complete: false, requests: 24 })
  t.equal(planWalk(3000, 7), null, 'not even one block of pages fits')
})

t.test('a plan never needs more requests than the budget, and covers the whole run whenever it says so', async () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 1000 }), (count, budget) => {
    const plan = planWalk(count, budget)
    if (plan === null) return true
    const requests = plan.limits.reduce((sum, limit) => sum + Math.max(1, Math.ceil(plan.rows / limit)), 0)
    return requests === plan.requests && requests <= budget && plan.rows <= count && plan.complete === (plan.rows === count) && plan.limits.length === 3
  }), { numRuns: propertyRuns() })
})
