// The simulated customer of a chat: its opening line and each reply, a pure function of the scenario, its persona and what the agent said.
//
// It speaks the lines the generated rows' transcripts are made of (catalog.ts, filled by the generator's
// `fill` and `drawVars`), so a conversation held through the chat loop reads like the rows around it. The
// persona, the values it quotes (order numbers, amounts, dates) and the length of the chat are drawn from
// (seed, run, scenario) alone: every execution of a run test meets the same customer. Each reply is drawn
// from (seed, run, scenario, turn) and a hash of the agent's message, so the same agent gets the same
// conversation, word for word, and another answer can change it.
import { CLOSINGS, FOLLOW_UPS, type ScenarioTemplate } from './catalog.js'
import { drawVars, fill, type Persona } from './generator.js'
import { hashString, seedWord } from './hash.js'
import { seededDraws } from './seeded-faker.js'
import { REFERENCE_DATE } from './seeded-faker.js'

/** What the customer knows of the run test it is simulated for. */
export interface CustomerSetting {
  seed: number
  runId: string
  /** The company the agent works for, and the agent's first name, as the run's rows name them. */
  company: string
  agentFirstName: string
  scenario: { id: string; name: string; template: ScenarioTemplate }
}

/** The customer of one scenario: who it is and the lines it means to say, in order. */
export interface Customer {
  setting: CustomerSetting
  persona: Persona
  /** The values its lines quote (order number, amounts, dates…), for the call's summary too. */
  vars: Readonly<Record<string, string>>
  /** The opening line, the answer to the agent's first question, the follow-ups and the closing line. */
  lines: string[]
}

/** One customer message and whether the customer ends the chat with it. */
export interface CustomerTurn {
  content: string
  ended: boolean
}

/** Draw words for the customer: (seed, run, scenario), then whatever a draw adds. */
function wordsOf (setting: CustomerSetting): number[] {
  return [seedWord(setting.seed), hashString(setting.runId), hashString(setting.scenario.id)]
}

/** Dates the customer quotes are reckoned from the reference date, so they do not move with the clock. */
const REFERENCE_US = REFERENCE_DATE.getTime() * 1000

export function customerOf (setting: CustomerSetting): Customer {
  const d = seededDraws(wordsOf(setting))
  const persona: Persona = { first: d.firstName(), last: d.lastName(), age: d.int(21, 79) }
  const vars = drawVars(d, setting, setting.scenario, persona, REFERENCE_US)
  const { template } = setting.scenario
  // How long the chat runs is the scenario's: none to two follow-up questions before the goodbye.
  const followUps = d.arrayElements(FOLLOW_UPS, 0, 2).map(([customer]) => customer)
  const [closing] = d.arrayElement(CLOSINGS)
  const lines = [template.opener, template.detail, ...followUps, closing].map((line) => fill(line, vars))
  return { setting, persona, vars, lines }
}

/** The customer's first message. */
export function openingLine (customer: Customer): string {
  return customer.lines[0] as string
}

/** Agent replies this customer answers before it says goodbye: one less than its lines. */
export function plannedTurns (customer: Customer): number {
  return customer.lines.length - 1
}

const GOODBYE = /\b(good ?bye|bye|have a (great|good|nice|lovely) (day|evening|one))\b/i
const QUESTION = /\?\s*$|\?["')\]]?\s/

const SIGN_OFFS = ['Okay, thanks. Bye.', 'Alright, thank you. Goodbye.', 'Thanks for your help, bye!'] as const
const NUDGES = ['Sorry, I did not catch that. ', 'Hello? ', 'Could you say that again? '] as const
const ACKNOWLEDGEMENTS = ['Okay. ', 'Alright. ', 'Right. ', 'Sure. '] as const

/** Whether an agent's message is a real answer: at least two words of text. */
function saysSomething (text: string): boolean {
  return /\S+\s+\S+/.test(text.trim())
}

/**
 * The customer's answer to the agent's `turn`-th reply (1 for the reply to the opening line). It
 * follows its lines, shaped by what the agent said: a goodbye from the agent ends the chat at once; a
 * reply with no words in it is met with a nudge; an answer to a question the agent did not ask comes
 * with an acknowledgement first. The last line ends the chat.
 */
export function customerReply (customer: Customer, turn: number, agentSaid: string): CustomerTurn {
  const d = seededDraws([...wordsOf(customer.setting), turn, hashString(agentSaid)])
  if (GOODBYE.test(agentSaid)) return { content: d.arrayElement(SIGN_OFFS), ended: true }
  const index = Math.min(Math.max(turn, 1), customer.lines.length - 1)
  const line = customer.lines[index] as string
  const ended = index === customer.lines.length - 1
  if (!saysSomething(agentSaid)) return { content: d.arrayElement(NUDGES) + line, ended }
  if (index === 1 && !QUESTION.test(agentSaid) && d.boolean(0.6)) return { content: d.arrayElement(ACKNOWLEDGEMENTS) + line, ended }
  return { content: line, ended }
}
