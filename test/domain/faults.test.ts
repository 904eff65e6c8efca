// Fault rules and the Prefer header: which request gets which fault, how often, and the same way every time.
import t from 'tap'
import { decideFault, isFault, ruleMatches, type FaultRule } from '../../src/domain/faults.js'
import { preferredDelay, preferredFault, preferredStatus } from '../../src/domain/prefer.js'

const RUN = '11111111-1111-4111-8111-111111111111'
const target = (method = 'GET', path = `/simulate/run-tests/${RUN}/call-executions/`, runTestId: string | null = RUN) => ({ method, path, runTestId })
const rule = (spec: Partial<FaultRule> & Pick<FaultRule, 'fault'>): FaultRule => ({ id: 'r1', match: {}, seen: 0, fired: 0, ...spec })
const always = (): number => 0

t.test('reads the mock\'s preferences from Prefer, alone or together, quoted or not', async (t) => {
  const cases: Array<[string | undefined, number | null, number | null, string | null]> = [
    [undefined, null, null, null],
    ['code=500', 500, null, null],
    ['delay=250', null, 250, null],
    ['delay=9999999999', null, 9_999_999_999, null],
    ['fault=reset', null, null, 'reset'],
    ['fault="status=503"', null, null, 'status=503'],
    ['fault=status=503', null, null, 'status=503'],
    ['delay=100, fault=truncate', null, 100, 'truncate'],
    ['respond-async; wait=5, code=404', 404, null, null],
    ['fault="status=503', null, null, null],
    ['xfault=reset, codes=500', null, null, null]
  ]
  for (const [prefer, code, delay, fault] of cases) {
    t.same([preferredStatus(prefer), preferredDelay(prefer), preferredFault(prefer)], [code, delay, fault], String(prefer))
  }
  t.ok(isFault('slow-body'))
  t.notOk(isFault('status=418'))
})

t.test('matches by run test, method (any case) and path, exactly or by prefix', async (t) => {
  t.ok(ruleMatches({}, target()))
  t.ok(ruleMatches({ run_test_id: RUN, method: 'get' }, target()))
  t.notOk(ruleMatches({ run_test_id: '22222222-2222-4222-8222-222222222222' }, target()))
  t.notOk(ruleMatches({ method: 'POST' }, target()))
  t.ok(ruleMatches({ path: `/simulate/run-tests/${RUN}/call-executions/` }, target()))
  t.notOk(ruleMatches({ path: '/simulate/run-tests/' }, target()))
  t.ok(ruleMatches({ path: '/simulate/*' }, target()))
})

t.test('fails the first N matching requests, then lets every one through: what a retry policy needs', async (t) => {
  const rules = [rule({ fault: 'status=503', times: 2 })]
  const faults = Array.from({ length: 5 }, () => decideFault(rules, target(), always))
  t.same(faults, ['status=503', 'status=503', null, null, null])
  t.match(rules[0], { seen: 5, fired: 2 })
})

t.test('lets the first requests through with after, then fires', async (t) => {
  const rules = [rule({ fault: 'reset', after: 2, times: 1 })]
  t.same(Array.from({ length: 4 }, () => decideFault(rules, target(), always)), [null, null, 'reset', null])
})

t.test('fires on the share of requests a probability asks for, the same requests each time', async (t) => {
  const draw = (_rule: FaultRule, seen: number): number => ((seen * 0.6180339887) % 1)
  const run = () => {
    const rules = [rule({ fault: 'status=500', probability: 0.25 })]
    return Array.from({ length: 400 }, () => decideFault(rules, target(), draw))
  }
  const first = run()
  const share = first.filter((fault) => fault !== null).length / first.length
  t.ok(share > 0.2 && share < 0.3, `fired on ${share}`)
  t.same(run(), first, 'deterministic')
})

t.test('the first rule that fires wins, and every matching rule counts the request', async (t) => {
  const rules = [rule({ id: 'a', fault: 'hang', match: { method: 'POST' } }), rule({ id: 'b', fault: 'truncate', times: 1 }), rule({ id: 'c', fault: 'malformed' })]
  t.same([decideFault(rules, target(), always), decideFault(rules, target(), always)], ['truncate', 'malformed'])
  t.same(rules.map((r) => [r.seen, r.fired]), [[0, 0], [2, 1], [2, 1]])
})
