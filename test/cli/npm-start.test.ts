// `npm start` as the docs show it: npm passes SIGTERM and SIGINT on, so the server stops with npm; with --silent, stdout is JSON lines only.
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { exactEnv } from '../exact-env.js'
import { requireFreshBuild } from './helper.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const START_LINE = /^futureagi-mock \S+ listening on http:\/\/127\.0\.0\.1:(\d+) /m

t.setTimeout(120_000)
t.before(requireFreshBuild)

/** Whether something accepts connections on the port. */
function listening (port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  t.test(`the server started by npm start stops when npm gets ${signal}`, async (t) => {
    // Only what a shell would have: npm's own variables of an outer `npm test` must not leak in.
    const child = spawn(...exactEnv('npm', ['start', '--silent', '--', '--port', '0', '--host', '127.0.0.1'], {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT
    }), { cwd: ROOT })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    let port = 0
    t.teardown(async () => {
      if (child.exitCode === null) child.kill('SIGKILL')
      // A server npm left behind would hold its port: find it by the port and report it, never leave it.
      if (port !== 0 && await listening(port)) t.fail(`a server still listens on ${port}`)
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line after 60 s; stderr: ${stderr}`)), 60_000)
      const check = (): void => {
        const match = START_LINE.exec(stderr)
        if (match === null) return
        clearTimeout(timer)
        port = Number(match[1])
        resolve()
      }
      child.stderr.on('data', check)
      void exited.then(() => reject(new Error(`npm exited before the server listened; stderr: ${stderr}`)))
    })
    t.ok(await listening(port), `listening on ${port}`)

    child.kill(signal)
    t.equal(await exited, 0, 'npm exits 0')
    let stillListening = true
    for (let i = 0; i < 50 && stillListening; i++) {
      stillListening = await listening(port)
      if (stillListening) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    t.notOk(stillListening, 'the server is gone too')
    t.match(stdout, new RegExp(`"signal":"${signal}","msg":"closing"`), 'the server itself got the signal')
    const lines = stdout.split('\n').filter((line) => line !== '')
    t.ok(lines.length >= 2, `${lines.length} lines on stdout`)
    for (const line of lines) t.doesNotThrow(() => JSON.parse(line), `a JSON line: ${line.slice(0, 80)}`)
  })
}
