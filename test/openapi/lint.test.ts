// The committed OpenAPI documents pass Redocly's recommended rules, with the exceptions openapi/redocly.yaml explains.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { CONTRACTS } from '../../src/data/model.js'
import { ADMIN_OPENAPI_FILE, OPENAPI_FILES } from '../../src/openapi/generate.js'
import { exactEnv } from '../exact-env.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const REDOCLY = fileURLToPath(new URL('../../node_modules/.bin/redocly', import.meta.url))

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number }
  problems: Array<{ ruleId: string; severity: string; message: string }>
}

const FILES = [...CONTRACTS.map((contract) => ({ file: OPENAPI_FILES[contract], ignored: 1 })), { file: ADMIN_OPENAPI_FILE, ignored: 0 }]

for (const { file, ignored } of FILES) {
  t.test(`${file} has no lint errors or warnings`, async (t) => {
    // The same command as `npm run lint:openapi`, one file at a time so that the JSON report is one object.
    // No telemetry and no update check: the linter must not need the network.
    const { stdout } = await promisify(execFile)(...exactEnv(REDOCLY, ['lint', '--config', 'openapi/redocly.yaml', '--format', 'json', file], {
      PATH: process.env.PATH ?? '', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true'
    }), { cwd: ROOT })
    const report = JSON.parse(stdout) as LintReport
    t.same(report.problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message}`), [])
    t.equal(report.totals.errors, 0)
    t.equal(report.totals.warnings, 0)
    t.equal(report.totals.ignored, ignored, 'at most the redirect\'s missing 2XX response, listed in openapi/.redocly.lint-ignore.yaml')
  })
}
