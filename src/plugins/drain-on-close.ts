// Makes close() wait until every response already sent has reached the socket, so a shutdown never cuts one short.
import type { ServerResponse } from 'node:http'
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
  const sending = new Set<ServerResponse>()
  let drained: (() => void) | null = null

  app.addHook('onRequest', async function trackResponse (_request, reply) {
    const res = reply.raw
    sending.add(res)
    const done = (): void => {
      sending.delete(res)
      if (sending.size === 0 && drained !== null) drained()
    }
    // 'finish': handed to the operating system; 'close': the client went away first.
    res.once('finish', done).once('close', done)
  })

  app.addHook('preClose', async function waitForResponses () {
    if (sending.size === 0 || !app.server.listening) return
    await new Promise<void>((resolve) => {
      drained = resolve
    })
  })
}
