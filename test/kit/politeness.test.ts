// Pacing and budget: request starts are spaced 1/maxRps apart, and the request after the budget is refused.
import t from 'tap'
import { BudgetExhaustedError } from '../../src/kit/errors.js'
import { createPoliteness, type Clock } from '../../src/kit/politeness.js'
import { createScrubber, scrubDeep } from '../../src/kit/redact.js'

/** A clock that moves only when someone sleeps. */
function fakeClock (): Clock {
  let now = 0
  return {
    now: () => now,
    sleep: async (ms) => { now += ms }
  }
}

t.test('requests start at most maxRps per second, evenly spaced, even when asked for all at once', async (t) => {
  const clock = fakeClock()
  const politeness = createPoliteness({ maxRps: 4, maxRequests: 100, clock })
  const starts: number[] = []
  for (let i = 0; i < 5; i++) {
    await politeness.acquire()
    starts.push(clock.now())
  }
  t.same(starts, [0, 250, 500, 750, 1000])
})

t.test('the request past the budget is refused with a message saying how to raise it', async (t) => {
  const politeness = createPoliteness({ maxRps: 1000, maxRequests: 2, clock: fakeClock() })
  await politeness.acquire()
  await politeness.acquire()
  await t.rejects(politeness.acquire(), new BudgetExhaustedError(2))
  t.equal(politeness.used(), 2)
})

t.test('secrets are scrubbed from text and from every string of a value, short ones left alone', async (t) => {
  const scrub = createScrubber(['s3cret-key', 'quo"te-key', 'ab', undefined])
  t.equal(scrub('a s3cret-key and {"k":"quo\\"te-key"} ab'), 'a <redacted> and {"k":"<redacted>"} ab')
  t.same(scrubDeep({ list: ['s3cret-key'], 's3cret-key': 1, n: 2 }, scrub), { list: ['<redacted>'], '<redacted>': 1, n: 2 })
})
