// startServer warms the store as it starts, so the first filtered request is as fast as any.
import t from 'tap'
import { DEFAULTS } from '../../src/config.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import type { SourcedStore } from '../../src/data/store.js'
import { startServer } from '../../src/server.js'

t.test('warms the store as it starts', async (t) => {
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
  t.same(calls, ['warm'])
  t.ok(app.server.listening)
})
