// The read endpoints around the listing: run tests, one run test, its id by name, its status and executions, one execution's calls, one call.
import t from 'tap'
import { AUTH, DEMO_RUN, EMPTY_RUN, MILLION_RUN, UNKNOWN_RUN, build, listPath } from '../helper.js'

const get = (app: ReturnType<typeof build>, url: string, headers: Record<string, string> = {}) =>
  app.inject({ url, headers: { ...AUTH, ...headers } })

t.test('smoke', async (t) => {
  const app = build(t)
  for (const url of [
    '/simulate/run-tests/',
    `/simulate/run-tests/${DEMO_RUN}/`,
    '/simulate/run-tests/get-id-by-name/Every%20status%20showcase/',
    `/simulate/run-tests/${DEMO_RUN}/status/`,
    `/simulate/run-tests/${EMPTY_RUN}/status/`,
    `/simulate/run-tests/${DEMO_RUN}/executions/`,
    `/simulate/run-tests/${MILLION_RUN}/executions/`
  ]) {
    const res = await get(app, url)
    console.log(url, res.statusCode, res.body.slice(0, 600))
  }
  const executions = (await get(app, `/simulate/run-tests/${DEMO_RUN}/executions/`)).json() as { results: Array<{ id: string }> }
  const te = executions.results[0]?.id as string
  const page = await get(app, `/simulate/test-executions/${te}/?limit=2`)
  console.log(page.statusCode, page.body.slice(0, 400), page.body.slice(-900))
  const rows = (await get(app, listPath(DEMO_RUN, '?limit=1'))).json() as { results: Array<{ id: string }> }
  const call = await get(app, `/simulate/call-executions/${rows.results[0]?.id}/`)
  console.log(call.statusCode, call.body.slice(0, 200))
  console.log((await get(app, `/simulate/call-executions/${UNKNOWN_RUN}/`)).body)
  console.log((await get(app, '/simulate/run-tests/?foo=1&page=x')).body)
})
