// Rate limits: read as N/s or N/min, and a token bucket that refills with the time it is given.
import t from 'tap'
import { TokenBucket, formatRateLimit, parseRateLimit } from '../../src/domain/rate-limit.js'

t.test('reads N/s and N/min, and refuses anything else', async (t) => {
  t.same(parseRateLimit('20/s'), { requests: 20, periodMs: 1000 })
  t.same(parseRateLimit(' 5 / sec '), { requests: 5, periodMs: 1000 })
  t.same(parseRateLimit('100/min'), { requests: 100, periodMs: 60_000 })
  t.equal(formatRateLimit({ requests: 100, periodMs: 60_000 }), '100/min')
  for (const bad of ['20', '0/s', '20/h', 'fast', '-1/s']) t.type(parseRateLimit(bad), 'string', bad)
})

t.test('lets a burst of N through, then says how many whole seconds until the next', async (t) => {
  const bucket = new TokenBucket({ requests: 3, periodMs: 1000 }, 0)
  t.same([bucket.take(0), bucket.take(0), bucket.take(0)], [null, null, null])
  t.equal(bucket.take(0), 1, 'a third of a second until a token: rounded up to 1')
  t.equal(bucket.take(200), 1)
  t.equal(bucket.take(334), null, 'refilled one token after a third of a second')
  const slow = new TokenBucket({ requests: 2, periodMs: 60_000 }, 0)
  slow.take(0)
  slow.take(0)
  t.equal(slow.take(0), 30, 'half a minute for one of two a minute')
})
