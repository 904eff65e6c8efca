// verify against a mock that drifts in one way (through a rewriting proxy) fails, and names the check that caught it.
import t from 'tap'
import { verifyContract } from '../../src/kit/verify.js'
import { DEMO_RUN, FAST, KEYS, pageDrift, startDriftProxy, startKitMock, type Drift } from './helper.js'

type Row = Record<string, unknown>

function rowsOf (page: Record<string, unknown>): Row[] {
  return page.results as Row[]
}

/** The upstream answer with its body's text replaced, for 401s with the given code. */
function rewordUnauthorized (code: string, from: string, to: string): Drift {
  return {
    rewrite: (answer) => (answer.status === 401 && answer.body.includes(`"code":"${code}"`) ? { ...answer, body: answer.body.replaceAll(from, to) } : answer)
  }
}

interface DriftCase {
  drift: string
  make: Drift
  /** The check that must fail. */
  caughtBy: string
  /** Checks the drift does not touch, which must still pass: the failure is pinned, not smeared. */
  stillPass: string[]
}

const CASES: DriftCase[] = [
  {
    drift: 'the envelope loses current_page',
    make: pageDrift((page) => { delete page.current_page }),
    caughtBy: 'envelope.keys',
    stillPass: ['auth.missing-keys', 'params.limit-malformed', 'rows.schema']
  },
  {
    drift: 'the 401 for missing keys is reworded',
    make: rewordUnauthorized('not_authenticated', 'Authentication credentials were not provided.', 'Authentication credentials are missing.'),
    caughtBy: 'auth.missing-keys',
    stillPass: ['auth.wrong-keys', 'auth.invalid-token', 'envelope.keys', 'rows.schema']
  },
  {
    drift: 'the 401s lose WWW-Authenticate',
    make: {
      rewrite (answer) {
        if (answer.status !== 401) return answer
        const headers = { ...answer.headers }
        delete headers['www-authenticate']
        return { ...answer, headers }
      }
    },
    caughtBy: 'auth.wrong-keys',
    stillPass: ['routing.unknown-run', 'envelope.keys']
  },
  {
    drift: 'rows come out of timestamp order',
    make: pageDrift((page) => {
      const rows = rowsOf(page)
      if (rows.length >= 2) [rows[0], rows[1]] = [rows[1] as Row, rows[0] as Row]
    }),
    caughtBy: 'pagination.order',
    stillPass: ['envelope.links', 'rows.schema', 'rows.invariants']
  },
  {
    drift: 'search becomes case-sensitive',
    make: pageDrift((page, url) => {
      const term = url.searchParams.get('search')?.trim()
      if (term === undefined || term === '') return
      const kept = rowsOf(page).filter((row) => String(row.scenario).includes(term) || String(row.phone_number).includes(term))
      page.results = kept
      page.count = kept.length
    }),
    caughtBy: 'filters.search-case-insensitive',
    stillPass: ['filters.status-exact', 'pagination.walk', 'envelope.links']
  },
  {
    drift: 'next puts page first instead of in place or last',
    make: pageDrift((page) => {
      if (typeof page.next !== 'string') return
      const [base, query = ''] = page.next.split('?')
      const pairs = query.split('&')
      page.next = `${base ?? ''}?${[...pairs.filter((pair) => pair.startsWith('page=')), ...pairs.filter((pair) => !pair.startsWith('page='))].join('&')}`
    }),
    caughtBy: 'envelope.links',
    stillPass: ['envelope.keys', 'pagination.walk', 'rows.schema']
  },
  {
    drift: 'a row carries a string where a number belongs',
    make: pageDrift((page) => {
      const [row] = rowsOf(page)
      if (row !== undefined) row.duration = String(row.duration ?? 12)
    }),
    caughtBy: 'rows.schema',
    stillPass: ['envelope.keys', 'pagination.walk', 'rows.invariants']
  },
  {
    drift: 'agent_talk_percentage no longer follows from talk_ratio',
    make: pageDrift((page) => {
      for (const row of rowsOf(page)) if (typeof row.agent_talk_percentage === 'number') row.agent_talk_percentage = Math.min(100, row.agent_talk_percentage + 5)
    }),
    caughtBy: 'rows.invariants',
    stillPass: ['rows.schema', 'pagination.walk']
  },
  {
    drift: 'total_pages counts one page too many',
    make: pageDrift((page) => { page.total_pages = (page.total_pages as number) + 1 }),
    caughtBy: 'pagination.walk',
    stillPass: ['envelope.links', 'rows.schema']
  },
  {
    drift: 'a malformed limit is answered 400 instead of the platform\'s 500',
    make: {
      rewrite: (answer, url) => (url.searchParams.get('limit') === 'abc' ? { ...answer, status: 400 } : answer)
    },
    caughtBy: 'params.limit-malformed',
    stillPass: ['params.page-malformed', 'params.limit-negative']
  }
]

t.test('verify fails on a drifted server and names the check that caught the drift', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  for (const { drift, make, caughtBy, stillPass } of CASES) {
    await t.test(`${drift}: caught by ${caughtBy}`, async (t) => {
      const target = await startDriftProxy(t, mock.url, make)
      const report = await verifyContract({ target, runTestId: DEMO_RUN, ...KEYS, ...FAST })
      const statusOf = (name: string): string | undefined => report.results.find((result) => result.name === name)?.status
      t.equal(report.ok, false, 'the run fails')
      t.equal(statusOf(caughtBy), 'fail', `${caughtBy} fails`)
      for (const name of stillPass) t.equal(statusOf(name), 'pass', `${name} still passes`)
    })
  }
})

t.test('the same proxy without a drift passes, so the failures above are the drifts\' doing', async (t) => {
  const mock = await startKitMock(t, { contract: 'platform' })
  const target = await startDriftProxy(t, mock.url, { rewrite: (answer) => answer })
  const report = await verifyContract({ target, runTestId: DEMO_RUN, ...KEYS, ...FAST })
  t.ok(report.ok, 'passes', { failed: report.results.filter((result) => result.status !== 'pass').map((result) => result.name) })
})
