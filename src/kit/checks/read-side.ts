// Checks of the read endpoints around the listing: their shapes, their agreement with the listing, and their 404/400 answers.
//
// Each sends a few GETs (paced and counted like every check): the run test, its status and executions,
// its newest execution's calls, one call, the id by name, and the answers to unknown ids and parameters.
import type { z } from 'zod'
import { ExecutionPageSchema, RunTestSchema, RunTestStatusSchema } from '../../schemas/run-tests.js'
import type { CheckContext, CheckDefinition, Outcome } from '../check-context.js'
import { describeAnswer } from '../check-context.js'
import type { KitResponse } from '../http-client.js'

type Json = Record<string, unknown>

/** A run test id no server holds: all zeros but the version and variant digits. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

function readJson (response: KitResponse): unknown {
  try {
    return JSON.parse(response.body)
  } catch {
    return undefined
  }
}

/** GETs `path` under the target with the keys; the parsed body when it is a 200 of the right shape, else null (and a failure). */
async function getShaped<T> (ctx: CheckContext, outcome: Outcome, path: string, schema: z.ZodType<T>, what: string): Promise<{ body: T; response: KitResponse } | null> {
  const response = await ctx.send('GET', `${ctx.settings.target}${path}`, ctx.keys())
  if (!outcome.expectStatus(response, 200, what)) return null
  const parsed = schema.safeParse(readJson(response))
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5)) outcome.fail(`${what}: ${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`, { request: response.request })
    return null
  }
  return { body: parsed.data, response }
}

/** An error answer: its status and the envelope's `detail`. */
async function expectError (ctx: CheckContext, outcome: Outcome, path: string, status: number, detail: string, what: string): Promise<void> {
  const response = await ctx.send('GET', `${ctx.settings.target}${path}`, ctx.keys())
  if (!outcome.expectStatus(response, status, what)) return
  const body = readJson(response) as Json | undefined
  if (body?.detail !== detail) outcome.fail(`${what}: the error's detail`, { request: response.request, expected: detail, seen: String(body?.detail) })
}

/** The rows of page 1 of the listing (the rows every check here compares with). */
async function firstRows (ctx: CheckContext, outcome: Outcome): Promise<Json[] | null> {
  const answer = await ctx.firstPage()
  if (answer.envelope === null) {
    outcome.fail(`the listing's page 1 could not be read: ${answer.problem ?? ''}`, { request: answer.response.request, seen: describeAnswer(answer.response) })
    return null
  }
  return answer.envelope.results.filter((row): row is Json => typeof row === 'object' && row !== null)
}

const runPath = (ctx: CheckContext): string => `/simulate/run-tests/${ctx.settings.runTestId}/`

export const READ_SIDE_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'readside.run-test',
    title: 'the run test: its shape, every scenario its rows show, and their agent definition',
    async run (ctx, outcome) {
      const rows = await firstRows(ctx, outcome)
      const got = await getShaped(ctx, outcome, runPath(ctx), RunTestSchema, 'the run test')
      if (rows === null || got === null) return
      const { body, response } = got
      if (body.id !== ctx.settings.runTestId) outcome.fail('the run test\'s id', { request: response.request, expected: ctx.settings.runTestId, seen: body.id })
      if (body.last_run_at !== null) outcome.fail('last_run_at is filled by the list only', { request: response.request, expected: 'null', seen: String(body.last_run_at) })
      for (const row of rows) {
        if (typeof row.scenario_id === 'string' && !body.scenarios.includes(row.scenario_id)) {
          outcome.fail('a row\'s scenario is not among the run test\'s scenarios', { request: response.request, seen: row.scenario_id })
        }
        if (row.is_snapshot === false && typeof row.agent_definition_used_id === 'string' && row.agent_definition_used_id !== body.agent_definition) {
          outcome.fail('a row ran another agent definition than the run test\'s', { request: response.request, expected: String(body.agent_definition), seen: row.agent_definition_used_id })
        }
      }
    }
  },
  {
    name: 'readside.get-id-by-name',
    title: 'the run test\'s name (percent-encoded in the path) leads back to its id; an unknown name is a 400',
    async run (ctx, outcome) {
      const got = await getShaped(ctx, outcome, runPath(ctx), RunTestSchema, 'the run test')
      if (got === null) return
      const path = `/simulate/run-tests/get-id-by-name/${encodeURIComponent(got.body.name)}/`
      const response = await ctx.send('GET', `${ctx.settings.target}${path}`, ctx.keys())
      if (!outcome.expectStatus(response, 200, 'the id by name')) return
      const body = readJson(response) as { result?: { run_test_id?: string; run_test_name?: string } } | undefined
      if (body?.result?.run_test_id !== ctx.settings.runTestId) {
        outcome.fail('the id found by the name', { request: response.request, expected: ctx.settings.runTestId, seen: String(body?.result?.run_test_id) })
      }
      await expectError(ctx, outcome, `/simulate/run-tests/get-id-by-name/${encodeURIComponent(`no run test is named this ${UNKNOWN_ID}`)}/`, 400, 'Run test not found', 'an unknown name')
    }
  },
  {
    name: 'readside.status-and-executions',
    title: 'status reads the newest execution; the executions\' calls and the listing\'s rows agree',
    async run (ctx, outcome) {
      const count = await ctx.count()
      const status = await getShaped(ctx, outcome, `${runPath(ctx)}status/`, RunTestStatusSchema, 'the status')
      const executions = await getShaped(ctx, outcome, `${runPath(ctx)}executions/?limit=100`, ExecutionPageSchema, 'the executions')
      if (status === null || executions === null) return
      const rows = executions.body.results
      if (!('execution_id' in status.body)) {
        if (count > 0) outcome.fail('a run test with calls has an execution', { request: status.response.request, seen: 'not_found' })
        return
      }
      const newest = rows[0]
      if (newest === undefined || newest.id !== status.body.execution_id) {
        outcome.fail('status reads the newest execution', { request: status.response.request, expected: String(newest?.id), seen: status.body.execution_id })
        return
      }
      if (newest.calls !== status.body.total_calls) outcome.fail('the newest execution\'s calls', { request: status.response.request, expected: String(newest.calls), seen: String(status.body.total_calls) })
      const titled = status.body.status.charAt(0).toUpperCase() + status.body.status.slice(1)
      if (newest.status !== titled) outcome.fail('the newest execution\'s status', { request: executions.response.request, expected: titled, seen: newest.status })
      const calls = rows.reduce((sum, row) => sum + row.calls, 0)
      if (executions.body.count <= rows.length && calls > count) {
        outcome.fail('the executions hold more calls than the listing has rows', { request: executions.response.request, expected: `at most ${count}`, seen: String(calls) })
      }
    }
  },
  {
    name: 'readside.test-execution',
    title: 'the newest execution\'s calls: its count, and each row the listing\'s row in list mode',
    async run (ctx, outcome) {
      const executions = await getShaped(ctx, outcome, `${runPath(ctx)}executions/?limit=1`, ExecutionPageSchema, 'the executions')
      const newest = executions?.body.results[0]
      if (executions === null || newest === undefined) {
        if (executions !== null) outcome.skip('the run test has no execution')
        return
      }
      const response = await ctx.send('GET', `${ctx.settings.target}/simulate/test-executions/${newest.id}/?limit=5`, ctx.keys())
      if (!outcome.expectStatus(response, 200, 'the execution\'s calls')) return
      const body = readJson(response) as { count?: number; results?: Json[]; status?: string } | undefined
      if (body?.count !== newest.calls) outcome.fail('the execution\'s count is its calls', { request: response.request, expected: String(newest.calls), seen: String(body?.count) })
      for (const row of body?.results ?? []) {
        if (!Array.isArray(row.transcript) || row.transcript.length !== 0) outcome.fail('list mode leaves the transcript out', { request: response.request, seen: String(row.id) })
        if (!Array.isArray(row.rerun_snapshots)) outcome.fail('each call carries its rerun_snapshots', { request: response.request, seen: String(row.id) })
        if (row.is_snapshot !== false) outcome.fail('an execution\'s page lists calls, not snapshot rows', { request: response.request, seen: String(row.id) })
      }
    }
  },
  {
    name: 'readside.call',
    title: 'a call\'s own page is its listing row, value for value, plus rerun_snapshots; a snapshot row\'s id is a 404',
    async run (ctx, outcome) {
      const rows = await firstRows(ctx, outcome)
      if (rows === null) return
      const live = rows.find((row) => row.is_snapshot === false)
      if (live === undefined) {
        outcome.skip('page 1 holds no call')
        return
      }
      const response = await ctx.send('GET', `${ctx.settings.target}/simulate/call-executions/${String(live.id)}/`, ctx.keys())
      if (!outcome.expectStatus(response, 200, 'the call')) return
      const body = readJson(response) as Json | undefined
      if (body === undefined || !Array.isArray(body.rerun_snapshots)) {
        outcome.fail('the call carries rerun_snapshots', { request: response.request, seen: clipKeys(body) })
        return
      }
      for (const [key, value] of Object.entries(live)) {
        if (JSON.stringify(body[key]) !== JSON.stringify(value)) {
          outcome.fail(`the call's ${key} differs from its listing row's`, { request: response.request, expected: JSON.stringify(value).slice(0, 200), seen: JSON.stringify(body[key]).slice(0, 200) })
        }
      }
      const snapshot = rows.find((row) => row.is_snapshot === true)
      if (snapshot !== undefined) await expectError(ctx, outcome, `/simulate/call-executions/${String(snapshot.id)}/`, 404, 'Call execution not found', 'a snapshot row\'s id')
    }
  },
  {
    name: 'readside.errors',
    title: 'an unknown run test, execution and call, and an unknown query parameter, are answered as the platform answers them',
    async run (ctx, outcome) {
      await expectError(ctx, outcome, `/simulate/run-tests/${UNKNOWN_ID}/`, 404, 'Run test not found', 'an unknown run test')
      await expectError(ctx, outcome, `/simulate/run-tests/${UNKNOWN_ID}/executions/`, 404, 'Run test not found.', 'an unknown run test\'s executions')
      await expectError(ctx, outcome, `/simulate/call-executions/${UNKNOWN_ID}/`, 404, 'Call execution not found', 'an unknown call')
      await expectError(ctx, outcome, `/simulate/test-executions/${UNKNOWN_ID}/`, 500, 'Failed to retrieve test execution: No TestExecution matches the given query.', 'an unknown execution')
      await expectError(ctx, outcome, '/simulate/run-tests/?verify_unknown_parameter=1', 400, 'verify_unknown_parameter: Unknown field.', 'an unknown parameter of the run tests list')
    }
  }
]

function clipKeys (body: Json | undefined): string {
  return body === undefined ? 'not JSON' : Object.keys(body).slice(0, 10).join(',')
}
