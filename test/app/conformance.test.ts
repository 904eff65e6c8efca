// Every page and every error the listing answers conforms to the committed OpenAPI document of its contract.
import type { LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { CONTRACTS, type Contract } from '../../src/data/model.js'
import { AUTH, DEMO_RUN, EMPTY_RUN, FIXTURE_RUN, UNKNOWN_RUN, build, listPath } from '../helper.js'
import { validateResponse } from '../openapi/response-validator.js'

const TEXT_RUN = '33333333-3333-4333-8333-333333333333'
const IN_PROGRESS_RUN = '66666666-6666-4666-8666-666666666666'
const FAILING_RUN = '77777777-7777-4777-8777-777777777777'

/** Checks one answer explicitly (build() checks it too) and insists that the document does describe it. */
function conforms (t: Test, contract: Contract, res: LightMyRequestResponse): void {
  const { method = 'GET', url = '' } = res.raw.req
  const errors = validateResponse(contract, { method, path: url, statusCode: res.statusCode, headers: res.headers, body: res.body })
  t.not(errors, null, `${method} ${url} is described by openapi/${contract}.json`)
  t.same(errors, [], `${method} ${url} (${res.statusCode}) conforms to openapi/${contract}.json`)
}

for (const contract of CONTRACTS) {
  t.test(`every page of several runs conforms to openapi/${contract}.json, snapshot rows included`, async (t) => {
    const app = build(t, { contract })
    const walks: Array<[string, string]> = [
      [DEMO_RUN, '?limit=5'],
      [FIXTURE_RUN, '?limit=3'],
      [IN_PROGRESS_RUN, '?limit=15'],
      [FAILING_RUN, ''],
      [EMPTY_RUN, ''],
      [TEXT_RUN, '?limit=250&page=39'],
      [DEMO_RUN, '?status=completed&limit=2'],
      [FIXTURE_RUN, '?search=%2B1415&limit=1'],
      [DEMO_RUN, '?limit=0&page=3']
    ]
    let snapshots = 0
    let rows = 0
    for (const [runId, query] of walks) {
      let url: string | null = listPath(runId, query)
      for (let pages = 0; url !== null && pages < 10; pages++) {
        const res: LightMyRequestResponse = await app.inject({ url, headers: AUTH })
        t.equal(res.statusCode, 200, url)
        conforms(t, contract, res)
        const body = res.json() as { next: string | null; results: Array<{ is_snapshot: boolean }> }
        rows += body.results.length
        snapshots += body.results.filter((row) => row.is_snapshot).length
        url = body.next === null ? null : new URL(body.next).pathname + new URL(body.next).search
      }
    }
    t.ok(rows > 100, `${rows} rows checked`)
    t.ok(snapshots > 0, `${snapshots} snapshot rows among them`)
  })

  t.test(`every error the listing answers conforms to openapi/${contract}.json`, async (t) => {
    const app = build(t, { contract })
    const cases: Array<{ status: number; method?: 'GET' | 'HEAD' | 'POST' | 'DELETE'; url: string; headers?: Record<string, string> }> = [
      { status: 301, url: `/simulate/run-tests/${DEMO_RUN}/call-executions?limit=5` },
      { status: 301, method: 'POST', url: `/simulate/run-tests/${DEMO_RUN}/call-executions` },
      { status: 401, url: listPath(DEMO_RUN) },
      { status: 401, url: listPath(DEMO_RUN), headers: { ...AUTH, 'x-secret-key': 'wrong' } },
      { status: 401, url: listPath(DEMO_RUN), headers: { ...AUTH, authorization: 'Bearer nope' } },
      { status: 401, method: 'POST', url: listPath(DEMO_RUN) },
      { status: 401, url: listPath(DEMO_RUN), headers: { ...AUTH, prefer: 'code=401' } },
      { status: 403, url: listPath(DEMO_RUN), headers: { ...AUTH, prefer: 'code=403' } },
      { status: 404, url: listPath(UNKNOWN_RUN), headers: AUTH },
      { status: 404, url: listPath(DEMO_RUN, '?format=xml'), headers: AUTH },
      { status: 404, url: listPath(DEMO_RUN, '?limit=5&%66orm%61t=xml'), headers: AUTH },
      { status: 404, url: listPath('AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE'), headers: AUTH },
      { status: 404, url: '/simulate/run-tests/not-a-uuid/call-executions' },
      { status: 404, url: listPath(DEMO_RUN), headers: { ...AUTH, prefer: 'code=404' } },
      { status: 405, method: 'POST', url: listPath(DEMO_RUN), headers: AUTH },
      { status: 405, method: 'DELETE', url: listPath(DEMO_RUN), headers: AUTH },
      { status: 405, url: listPath(DEMO_RUN), headers: { ...AUTH, prefer: 'code=405' } },
      { status: 406, url: listPath(DEMO_RUN), headers: { ...AUTH, accept: 'text/html' } },
      { status: 406, url: listPath(DEMO_RUN), headers: { ...AUTH, prefer: 'code=406' } },
      { status: 500, url: listPath(DEMO_RUN, '?limit=abc'), headers: AUTH },
      { status: 500, url: listPath(DEMO_RUN, '?limit=-1'), headers: AUTH },
      { status: 500, url: listPath(DEMO_RUN, '?page=0'), headers: AUTH },
      { status: 500, url: listPath(DEMO_RUN), headers: { ...AUTH, prefer: 'code=500' } },
      { status: 200, method: 'HEAD', url: listPath(DEMO_RUN), headers: AUTH }
    ]
    for (const { status, method = 'GET', url, headers = {} } of cases) {
      const res = await app.inject({ method, url, headers })
      t.equal(res.statusCode, status, `${method} ${url}`)
      conforms(t, contract, res)
    }
  })
}
