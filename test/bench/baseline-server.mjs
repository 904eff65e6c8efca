// The bench's yardstick: a bare node:http server answering each recorded path with the bytes the mock sent for it.
//
// It does nothing but look the path up and write a status, headers and a body that are already in memory, so
// its throughput is the most this machine, this Node and this payload allow; the bench reports the mock as a
// fraction of it. Usage: node baseline-server.mjs <responses.json> [delay ms]; it prints `listening on <url>` on stderr when ready, as the mock does.
import { Buffer } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import process from 'node:process'
import { setTimeout } from 'node:timers'

const [file, delayText = '0'] = process.argv.slice(2)
if (file === undefined) {
  process.stderr.write('usage: node baseline-server.mjs <responses.json> [delay ms]\n')
  process.exit(2)
}
/** Each answer waits this long first (a timer, as the mock's --latency does), to compare the two under a delay. */
const delayMs = Number(delayText)

/** @type {{ keepAliveTimeoutMs: number, responses: Record<string, { status: number, headers: [string, string][], body: string }> }} */
const recorded = JSON.parse(readFileSync(file, 'utf8'))
const responses = new Map(
  Object.entries(recorded.responses).map(([path, { status, headers, body }]) => [
    path,
    // Flat [name, value, name, value, …]: writeHead sends them in this order and with this spelling.
    { status, headers: headers.flat(), body: Buffer.from(body, 'base64') }
  ])
)

const server = createServer((request, response) => {
  const answer = responses.get(request.url ?? '')
  if (answer === undefined) {
    response.writeHead(404).end()
    return
  }
  if (delayMs > 0) setTimeout(() => response.writeHead(answer.status, answer.headers).end(answer.body), delayMs)
  else response.writeHead(answer.status, answer.headers).end(answer.body)
})
// The same idle timeout as the mock, so that Node writes the same `Keep-Alive` header.
server.keepAliveTimeout = recorded.keepAliveTimeoutMs
server.listen(0, '127.0.0.1', () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  process.stderr.write(`listening on http://127.0.0.1:${port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
