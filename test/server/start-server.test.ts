// startServer leaves the filter columns of the start-up runs to the first filtered request of each.
import t from 'tap'
import { DEFAULTS } from '../../src/config.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import type { SourcedStore } from '../../src/data/store.js'
import { startServer } from '../../src/server.js'

t.test('starts without building any filter columns, and answers a filtered request all the same', async (t) => {
  const store = createStoreFromConfig(DEFAULTS)
  const calls: string[] = []
  const watched: SourcedStore = {
    ...store,
    warm () {
      calls.push('warm')
      store.warm()
    }
  }
  const { app } = await startServer({ ...DEFAULTS, port: 0 }, { logger: false, store: watched })
  t.teardown(() => app.close())
  t.same(calls, [])
  t.ok(app.server.listening)
  const res = await app.inject({
    url: '/simulate/run-tests/55555555-5555-4555-8555-555555555555/call-executions/?status=failed&limit=3',
    headers: { 'x-api-key': DEFAULTS.apiKey, 'x-secret-key': DEFAULTS.secretKey }
  })
  t.equal(res.statusCode, 200)
  const page = res.json() as { count: number; results: Array<{ status: string }> }
  t.ok(page.count > 0)
  t.ok(page.results.every((row) => row.status === 'failed'))
})
