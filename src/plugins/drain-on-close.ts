// Makes close() wait until every response already sent has reached the socket, so a shutdown never cuts one short.
import type { FastifyInstance } from 'fastify'

/**
 * Node's `server.close()` also closes idle connections, and it counts a connection as idle as soon as
 * its response has called `end()`, while a large body may still be queued in the socket
 * (`closeIdleConnections` checks `res.finished`, not `res.writableFinished`). Such a response would
 * be cut off mid-body. Fastify runs `preClose` hooks before closing the server, and by then it answers
 * new requests with 503, so waiting here for the queued bodies to be flushed is bounded.
 * Hooks are added to the instance itself (not in an encapsulated plugin) so that they see every route.
 */
export function drainOnClose (app: FastifyInstance): void {
  let sending = 0
  let drained: (() => void) | null = null
  // A response emits 'close' exactly once: on the tick after 'finish' (its body handed to the operating
  // system) or when the client went away first. One listener shared by every response, on that event
  // alone, keeps the cost per request to a counter.
  const done = (): void => {
    sending--
    if (sending === 0 && drained !== null) drained()
  }

  // A callback hook, not an async one: it runs on every request, and this spares a promise each time.
  app.addHook('onRequest', function trackResponse (_request, reply, next) {
    sending++
    reply.raw.on('close', done)
    next()
  })

  app.addHook('preClose', async function waitForResponses () {
    if (sending === 0 || !app.server.listening) return
    await new Promise<void>((resolve) => {
      drained = resolve
    })
  })
}
