// Reading served rows: the sort key keeps microseconds, and a snapshot is searched by its call's phone number.
import t from 'tap'
import { scenarioNameOf, searchedPhoneOf, sortKeyOf } from '../../src/kit/row-fields.js'

t.test('timestamps compare to the microsecond, with or without a fraction', async (t) => {
  t.equal(sortKeyOf({ timestamp: '2026-04-04T12:00:12.004518Z' }), Date.UTC(2026, 3, 4, 12, 0, 12) * 1000 + 4518)
  t.equal(sortKeyOf({ timestamp: '2026-04-04T12:00:12Z' }), Date.UTC(2026, 3, 4, 12, 0, 12) * 1000)
  t.equal(sortKeyOf({ timestamp: '2026-04-04T12:00:12.5Z' }), Date.UTC(2026, 3, 4, 12, 0, 12) * 1000 + 500_000)
  t.ok((sortKeyOf({ timestamp: '2026-04-04T12:00:12.000002Z' }) ?? 0) > (sortKeyOf({ timestamp: '2026-04-04T12:00:12.000001Z' }) ?? 0))
  for (const timestamp of ['2026-04-04 12:00:12Z', '2026-04-04T12:00:12+00:00', 42, undefined]) t.equal(sortKeyOf({ timestamp }), null)
})

t.test('the phone number search sees: a live row\'s own, a snapshot\'s call\'s, nothing for docs rows', async (t) => {
  const live = { id: 'a', is_snapshot: false, phone_number: '+14155550100' }
  const snapshot = { id: 'b', is_snapshot: true, original_call_execution_id: 'a' }
  const rows = new Map<string, unknown>([['a', live]])
  t.equal(searchedPhoneOf(live, rows), '+14155550100')
  t.equal(searchedPhoneOf(snapshot, rows), '+14155550100')
  t.equal(searchedPhoneOf(snapshot, new Map()), undefined, 'unknown when the call was not seen')
  t.equal(searchedPhoneOf({ id: 'c', is_snapshot: false, created_at: 'x' }, rows), undefined, 'docs rows do not say')
  t.equal(scenarioNameOf({ scenario: { id: 'x', name: 'Billing' } }), 'Billing')
  t.equal(scenarioNameOf({ scenario: 'Billing' }), 'Billing')
})
