// RFC 7240: the answer names the preferences of `Prefer` the mock applied; the journal names the ones it did not.
import t from 'tap'
import type { Timers } from '../../src/plugins/behaviour.js'
import { AUTH, DEMO_RUN, build, listPath } from '../helper.js'

/** Delays pass at once, and their lengths are kept. */
function quickTimers (lengths: number[]): Timers {
  return {
    setTimeout: (callback, ms) => {
      lengths.push(ms)
      return setImmediate(callback)
    },
    clearTimeout: (handle) => clearImmediate(handle as NodeJS.Immediate)
  }
}

const cases: Array<{ prefer: string | undefined; status: number; applied: string | undefined; ignored: string[]; why: string }> = [
  { prefer: undefined, status: 200, applied: undefined, ignored: [], why: 'no header, nothing to say' },
  { prefer: 'fault=slowbody', status: 200, applied: undefined, ignored: ['fault=slowbody'], why: 'a misspelt fault is not applied, and the journal says so' },
  { prefer: 'fault=malformed', status: 200, applied: 'fault=malformed', ignored: [], why: 'a fault that shapes the body' },
  { prefer: 'fault="status=503"', status: 503, applied: 'fault="status=503"', ignored: [], why: 'a value that is not a token is quoted' },
  { prefer: 'fault=status=429', status: 429, applied: 'fault="status=429"', ignored: [], why: 'the header survives the platform\'s error envelope' },
  { prefer: 'code=404', status: 404, applied: 'code=404', ignored: [], why: 'a forced error' },
  { prefer: 'code=418', status: 200, applied: undefined, ignored: ['code=418'], why: 'a code the listing cannot force' },
  { prefer: 'delay=0, fault=status=500', status: 500, applied: 'fault="status=500", delay=0', ignored: [], why: 'two preferences at once' },
  { prefer: 'respond-async; wait=5, code=401', status: 401, applied: 'code=401', ignored: ['respond-async', 'wait=5'], why: 'RFC 7240\'s own preferences are left aside' },
  { prefer: 'code=500, fault=status=502', status: 502, applied: 'fault="status=502"', ignored: ['code=500'], why: 'a fault answers before the code would' },
  { prefer: 'fault=bogus, fault=reset-now, delay=abc', status: 200, applied: undefined, ignored: ['fault=bogus', 'fault=reset-now', 'delay=abc'], why: 'every one left aside is listed, as sent' }
]

for (const { prefer, status, applied, ignored, why } of cases) {
  t.test(`Prefer: ${String(prefer)}: ${why}`, async (t) => {
    const app = build(t, { timers: quickTimers([]) })
    const res = await app.inject({ url: listPath(DEMO_RUN, '?limit=2'), headers: { ...AUTH, ...(prefer === undefined ? {} : { prefer }) } })
    t.equal(res.statusCode, status)
    t.equal(res.headers['preference-applied'], applied)
    const journal = (await app.inject({ url: '/__mock/requests' })).json() as { requests: Array<{ ignoredPreferences: string[] }> }
    t.same(journal.requests[0]?.ignoredPreferences, ignored)
  })
}

t.test('names the delay it used: one beyond the longest is cut to 60000', async (t) => {
  const lengths: number[] = []
  const app = build(t, { timers: quickTimers(lengths) })
  const res = await app.inject({ url: listPath(DEMO_RUN, '?limit=1'), headers: { ...AUTH, prefer: 'delay=99999999' } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['preference-applied'], 'delay=60000')
  t.same(lengths, [60_000])
  const journal = (await app.inject({ url: '/__mock/requests' })).json() as { requests: Array<{ ignoredPreferences: string[] }> }
  t.same(journal.requests[0]?.ignoredPreferences, [], 'applied, though cut')
})

t.test('records the preferences left aside when a fault leaves no answer to carry the header', async (t) => {
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  await t.rejects(fetch(`${origin}${listPath(DEMO_RUN)}`, { headers: { ...AUTH, prefer: 'fault=reset, return=minimal' } }))
  // The journal hears of a reset request as its connection closes.
  let entry: { fault: string | null; ignoredPreferences: string[] } | undefined
  for (let i = 0; i < 100 && entry === undefined; i++) {
    entry = ((await (await fetch(`${origin}/__mock/requests`)).json()) as { requests: Array<{ fault: string | null; ignoredPreferences: string[] }> }).requests[0]
    if (entry === undefined) await new Promise((resolve) => setTimeout(resolve, 20))
  }
  t.match(entry, { fault: 'reset', ignoredPreferences: ['return=minimal'] })
})

t.test('leaves the mock\'s own routes without the header', async (t) => {
  const app = build(t)
  for (const url of ['/health', '/__mock/runs', '/openapi.json']) {
    const res = await app.inject({ url, headers: { prefer: 'delay=0' } })
    t.equal(res.headers['preference-applied'], undefined, url)
  }
})
