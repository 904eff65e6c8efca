// The simulated customer: the same words for the same agent, lines from its scenario, and a chat that always ends.
import fc from 'fast-check'
import t from 'tap'
import { DOMAINS } from '../../src/data/catalog.js'
import { customerOf, customerReply, openingLine, plannedTurns, type CustomerSetting } from '../../src/data/simulated-customer.js'
import { propertyRuns } from '../property-runs.js'

const template = DOMAINS[0]?.scenarios[0]
if (template === undefined) throw new Error('the catalog has no scenario')
const setting = (overrides: Partial<CustomerSetting> = {}): CustomerSetting => ({
  seed: 1,
  runId: 'c4a7c4a7-0000-4000-8000-000000000001',
  company: 'Northwind Mobile',
  agentFirstName: 'Ava',
  scenario: { id: 'd7fc8fcf-58a7-4a53-9f37-5e4b60504611', name: template.name, template },
  ...overrides
})

t.test('opens with the scenario\'s own problem, its placeholders filled', async (t) => {
  const opening = openingLine(customerOf(setting()))
  t.match(opening, /^Hi, I was charged twice for my \w+ bill and I want one of them refunded\.$/)
  t.notMatch(opening, /\{/)
})

t.test('answers the agent\'s first reply with the details the scenario gives', async (t) => {
  const customer = customerOf(setting())
  const reply = customerReply(customer, 1, 'Can you confirm the last four digits of the card?')
  t.match(reply.content, /^Sure, it ends in \d{4}\. Both charges were \$\d+\.\d{2}\.$/)
  t.equal(reply.ended, false)
})

t.test('a goodbye from the agent ends the chat whatever the turn', async (t) => {
  const customer = customerOf(setting())
  for (const said of ['Goodbye!', 'Thanks, have a great day.', 'ok bye']) t.equal(customerReply(customer, 1, said).ended, true, said)
})

t.test('an agent that says nothing gets a nudge before the next line', async (t) => {
  const reply = customerReply(customerOf(setting()), 1, 'ok')
  t.match(reply.content, /^(Sorry, I did not catch that\. |Hello\? |Could you say that again\? )Sure, it ends in/)
})

t.test('the same scenario, seed and agent words give the same customer; the words change the reply\'s draws only', async (t) => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 60 }), fc.string(), (seed, turn, said) => {
    const a = customerOf(setting({ seed }))
    const b = customerOf(setting({ seed }))
    t.same(a.lines, b.lines)
    t.same(customerReply(a, turn, said), customerReply(b, turn, said))
  }), { numRuns: propertyRuns(50) })
})

t.test('every chat ends within the customer\'s planned turns, whatever the agent says', async (t) => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.array(fc.string({ maxLength: 40 }), { minLength: 60, maxLength: 60 }), (seed, replies) => {
    const customer = customerOf(setting({ seed }))
    const planned = plannedTurns(customer)
    t.ok(planned >= 2 && planned <= 4, 'two to four turns')
    let turn = 0
    for (const said of replies) {
      turn++
      if (customerReply(customer, turn, said).ended) break
    }
    return turn <= planned
  }), { numRuns: propertyRuns(50) })
})
