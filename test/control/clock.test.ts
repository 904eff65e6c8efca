// Session clocks: frozen until told, advanced, set, or running with (injected) wall time.
import t from 'tap'
import { SessionClock, parseDuration } from '../../src/control/clock.js'

t.test('reads durations in ms, s, m, h and d, and their combinations', async (t) => {
  const cases: Array<[string, number | null]> = [
    ['30s', 30e6], ['250ms', 250e3], ['5m', 300e6], ['1h', 3600e6], ['1d', 86_400e6], ['1m30s', 90e6], ['1.5s', 1.5e6],
    ['', null], ['30', null], ['s', null], ['-5s', null], ['30 s', null]
  ]
  for (const [text, us] of cases) t.equal(parseDuration(text), us, JSON.stringify(text))
})

t.test('a frozen clock stands still until advanced or set', async (t) => {
  let wall = 1000
  const clock = new SessionClock(5_000_000, false, () => wall)
  wall += 60_000
  t.equal(clock.now(), 5_000_000)
  clock.advance(30e6)
  t.equal(clock.now(), 35_000_000)
  clock.set(1)
  t.equal(clock.now(), 1)
})

t.test('a running clock follows wall time from where it stood, and freezes where it is', async (t) => {
  let wall = 0
  const clock = new SessionClock(0, false, () => wall)
  clock.run(true)
  wall = 2500
  t.equal(clock.now(), 2_500_000)
  clock.advance(1e6)
  wall = 3500
  t.equal(clock.now(), 4_500_000, 'advanced, and still running')
  clock.run(false)
  wall = 10_000
  t.equal(clock.now(), 4_500_000)
  t.notOk(clock.running)
})
