// What new calls of a run test are drawn from, for any run test: the plan of a generated one, or one made to match a run written out.
import type { RunContext } from './activity.js'
import { DOMAINS, EVALS, type ScenarioTemplate } from './catalog.js'
import { hashAt, hashString, uuidAt } from './hash.js'
import type { TestExecutionRef } from './model.js'
import { planRun, type PlannedScenario } from './run-plan.js'
import type { RunTestIdentity } from './run-tests.js'
import type { RunSource } from './store.js'

const TEMPLATES: readonly ScenarioTemplate[] = DOMAINS.flatMap((domain) => domain.scenarios)

/** The catalog template a scenario of that name speaks: the one of the same name, else one picked by the name's hash. */
function templateFor (name: string): ScenarioTemplate {
  return TEMPLATES.find((template) => template.name === name) ?? TEMPLATES[hashString(name) % TEMPLATES.length] as ScenarioTemplate
}

/**
 * A run test's context: a generated run's own plan, or for a run written out (a fixture, rows given to
 * the control plane) a plan drawn from `seed` and its id with the run test's own scenarios, eval
 * configs, agent and channel put in, so that its new calls look like its rows.
 */
export function contextOf (source: RunSource, seed: number): RunContext {
  if (source.context != null) return source.context
  const identity: RunTestIdentity = source.runTest.identity
  const plan = planRun(seed, { id: identity.id, rows: 0, profile: 'finished', callType: identity.simulationType })
  const key = hashAt(hashString(identity.id), seed >>> 0, 9100)
  const scenarios: PlannedScenario[] = identity.scenarios.map((scenario, index) => ({
    id: scenario.id,
    name: scenario.name,
    template: templateFor(scenario.name),
    datasetId: uuidAt(key, index, 0),
    columnIds: { persona: uuidAt(key, index, 10), situation: uuidAt(key, index, 20), outcome: uuidAt(key, index, 30) }
  }))
  const evals = identity.evalConfigs.map((config) => {
    const template = EVALS.find((candidate) => candidate.name === config.name)
    return { ...config, choices: template?.choices ?? ['Good', 'Bad'], multiple: template?.multiple ?? false }
  })
  const template = plan.executions[0] as TestExecutionRef
  const executions = [{ ...template, provider: identity.provider, agentDefinition: identity.agentDefinition }]
  return { seed, plan: { ...plan, scenarios, evals, executions } }
}
