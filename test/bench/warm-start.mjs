// `startMockServer()` in a warm process, as a test file that starts a mock per test sees it: the package's
// modules are loaded and one server has started and stopped already; each later call is timed from the
// call to the first 200 of the million-call run's first page (the run is configured, as by default).
// Run by run.mjs on the server's core; prints the samples as JSON on stdout.
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { startMockServer } from '../../dist/index.js'

const MILLION_PAGE = '/simulate/run-tests/55555555-5555-4555-8555-555555555555/call-executions/'
const AUTH = { 'x-api-key': 'test-api-key', 'x-secret-key': 'test-secret-key' }
const samples = Number(process.argv[2] ?? 5)

function status (url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: AUTH, agent: false }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode))
    }).on('error', reject)
  })
}

async function timedStart () {
  const begun = performance.now()
  const server = await startMockServer()
  try {
    const answered = await status(server.url + MILLION_PAGE)
    if (answered !== 200) throw new Error(`the first page answered ${answered}`)
    return performance.now() - begun
  } finally {
    await server.close()
  }
}

await timedStart()
const samplesMs = []
for (let i = 0; i < samples; i++) samplesMs.push(await timedStart())
process.stdout.write(JSON.stringify({ samplesMs }) + '\n')
