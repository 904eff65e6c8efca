// Generated rows are byte-for-byte what they were when these digests were recorded, for every seed, run, position and contract.
//
// Each digest is a SHA-256 over the JSON the store writes for a row that is not cached
// (`JSON.stringify(presentRow(contract, generateRecord(plan, position)))`), one line per row, over the
// well-known runs and a spread of other run specs. A change to the generator, the Faker draws, a
// presenter or the datetime format changes a digest. If a change of the data is intended, run this file
// and copy the digests it found into GOLDEN, saying in the commit why every row changed.
//
// The generator draws through exact stand-ins for Faker's randomizer and methods (mersenne.ts,
// seeded-faker.ts); the tests at the end check each against the Faker code it stands for, over many
// seeds, so that a Faker upgrade that changes one fails here by name.
import { createHash } from 'node:crypto'
import type { Faker } from '@faker-js/faker'
import { generateMersenne53Randomizer } from '@faker-js/faker'
import t from 'tap'
import { CLOSINGS, FOLLOW_UPS } from '../../src/data/catalog.js'
import { generateRecord } from '../../src/data/generator.js'
import { MersenneRandomizer } from '../../src/data/mersenne.js'
import type { Contract, SimulationCallType } from '../../src/data/model.js'
import { CONTRACTS } from '../../src/data/model.js'
import { presentRow } from '../../src/data/present.js'
import { planRun } from '../../src/data/run-plan.js'
import type { RunProfile, RunSpec } from '../../src/data/runs.js'
import { RUN_PROFILES, WELL_KNOWN_RUNS } from '../../src/data/runs.js'
import type { SeededDraws } from '../../src/data/seeded-faker.js'
import { seededDraws, seededFaker } from '../../src/data/seeded-faker.js'

const SEEDS = [1, 2, 42, 4294967295] as const

/** Every position below this is covered where the run has it. */
const SHALLOW = 200
/** And these, where they exist: page boundaries and the far end of the large runs. */
const DEEP = [999, 4321, 9999, 123456, 500000, 999999] as const

/** Further ids for the extra runs below, one per spec. */
const EXTRA_IDS = [
  '0b6f3c2e-9d41-4a7b-8c15-3e2d9f6a1b70', '1c7a4d3f-8e52-4b8c-9d26-4f3e0a7b2c81',
  '2d8b5e40-7f63-4c9d-ae37-504f1b8c3d92', '3e9c6f51-6074-4dae-bf48-61502c9d4ea3',
  '4fad7062-5185-4ebf-8059-726130ae5fb4', '50be8173-4296-4fc0-9160-837241bf60c5',
  '61cf9284-33a7-40d1-a271-948352c071d6', '72d0a395-24b8-41e2-b382-a59463d182e7',
  '83e1b4a6-15c9-42f3-8493-b6a574e293f8', '94f2c5b7-06da-4304-95a4-c7b685f3a409',
  'a503d6c8-f7eb-4415-a6b5-d8c796045b1a', 'b614e7d9-e8fc-4526-b7c6-e9d8a7156c2b',
  'c725f8ea-d90d-4637-88d7-fae9b8267d3c', 'd83609fb-ca1e-4748-99e8-0bfac9378e4d',
  'e947100c-bb2f-4859-aaf9-1c0bda489f5e', 'fa58211d-ac30-496a-bb0a-2d1ceb59a06f',
  '0a69322e-9d41-4a7b-8c1b-3e2dfc6ab170', '1b7a433f-8e52-4b8c-9d2c-4f3e0d7bc281',
  '2c8b5440-7f63-4c9d-ae3d-504f1e8cd392', '3d9c6551-6074-4dae-bf4e-6150fa9de4a3',
  '4ead7662-5185-4ebf-805f-72610bae6fb4', '5fbe8773-4296-4fc0-9160-83724cbf70c5',
  '60cf9884-33a7-40d1-a271-94835dc081d6', '71d0a995-24b8-41e2-b382-a5946ed192e7'
] as const

const CALL_TYPES: readonly (SimulationCallType | undefined)[] = ['voice', 'text', undefined]

/** One run per (profile, call type, showcase), of varied sizes, so plans differ in every fixed field. */
function extraRuns (): RunSpec[] {
  const specs: RunSpec[] = []
  for (const profile of RUN_PROFILES as readonly RunProfile[]) {
    for (const callType of CALL_TYPES) {
      for (const showcase of [true, false]) {
        const id = EXTRA_IDS[specs.length] as string
        // A live run holds at most 10,000 rows.
        const rows = [60, 5_000, profile === 'live' ? 9_999 : 250_000][specs.length % 3] as number
        specs.push({ id, rows, profile, showcase, ...(callType === undefined ? {} : { callType }) })
      }
    }
  }
  return specs
}

/** The positions checked in a run: the first SHALLOW (60 for the extra runs), and the deep ones it has. */
function positionsOf (spec: RunSpec, shallow: number): number[] {
  const positions: number[] = []
  for (let position = 0; position < Math.min(shallow, spec.rows); position++) positions.push(position)
  for (const position of DEEP) if (position >= shallow && position < spec.rows) positions.push(position)
  return positions
}

/** SHA-256 of every checked row's JSON, a line each, headed by the run and position it came from. */
function digestOf (contract: Contract, seed: number): string {
  const hash = createHash('sha256')
  const runs: [RunSpec, number][] = [
    ...WELL_KNOWN_RUNS.map((spec): [RunSpec, number] => [spec, SHALLOW]),
    ...extraRuns().map((spec): [RunSpec, number] => [spec, 60])
  ]
  for (const [spec, shallow] of runs) {
    const plan = planRun(seed, spec)
    for (const position of positionsOf(spec, shallow)) {
      hash.update(`${spec.id} ${position} `)
      hash.update(JSON.stringify(presentRow(contract, generateRecord(plan, position))))
      hash.update('\n')
    }
  }
  return hash.digest('hex')
}

/** Recorded from the data as it is meant to be; see the header before changing one. */
const GOLDEN: Record<Contract, Record<(typeof SEEDS)[number], string>> = {
  docs: {
    1: '55224b8243c32e5a1fb6a6b0edda50e3293c3fbdf6be800e43d5b07de1fbc193',
    2: '0e98f298d7e08f48d31a640cf99f5b392dd34429980d8e2b6435670498537c03',
    42: 'a7cfb5f50693446b8515b5b76f6b90d16209f2866db1f53c22690c800d73c3b3',
    4294967295: '8aa3672c480719f63965a15c2068893f56c5b893d0cd5cbf764f4d8cf36ac307'
  },
  platform: {
    1: 'ae5151498b5ce9ffa9212d773f415862850ad5db4dc4ec0b3adf3f55c873300a',
    2: '1cdd2dfe3b1855d34303ec4331dde16769790e239adb273a4ef819bf0a18c12f',
    42: '40e02c4a677c490de18c5429ff33decbee9f6329bd6fcbf492cb4907d4650b60',
    4294967295: '0ec57026516f0f533869eee64b6f401486c1aa8109874b2be0437088e3bd2c65'
  }
}

for (const contract of CONTRACTS) {
  for (const seed of SEEDS) {
    t.test(`rows are byte-for-byte what they were: ${contract} contract, seed ${seed}`, async (t) => {
      t.equal(digestOf(contract, seed), GOLDEN[contract][seed])
    })
  }
}

/** Seed words like the generator's (two hashes and a position), and some that are not. */
function seedWordsFor (index: number): number[] {
  if (index % 50 === 49) return [index]
  return [(index * 2654435761) % 2 ** 30, (index * 40503 + 17) % 2 ** 30, index * 7919]
}

t.test("the randomizer draws exactly what Faker's own Mersenne Twister draws", async (t) => {
  const faker = generateMersenne53Randomizer()
  const ours = new MersenneRandomizer()
  const seeds: (number | number[])[] = [0, 1, 42, 2 ** 32 - 1, 3.7, -1, [], [1, 2, 3], [2 ** 40, 1.5, -7], Array.from({ length: 700 }, (_, i) => i * 31)]
  for (let index = 0; index < 200; index++) seeds.push(seedWordsFor(index))
  const mismatches: string[] = []
  for (const seed of seeds) {
    faker.seed(seed)
    ours.seed(seed)
    // 1,400 draws use 2,800 words: several regenerations of the 624-word state.
    for (let draw = 0; draw < 1400; draw++) {
      if (faker.next() !== ours.next()) {
        mismatches.push(`seed ${JSON.stringify(seed)}, draw ${draw}`)
        break
      }
    }
  }
  t.same(mismatches, [])
})

type StandIn = readonly [call: string, viaFaker: (faker: Faker, index: number) => unknown, viaDraws: (draws: SeededDraws, index: number) => unknown]

const asTime = (date: Date): number => date.getTime()

const STAND_INS: readonly StandIn[] = [
  ['number.int({ min: 21, max: 79 })', (f) => f.number.int({ min: 21, max: 79 }), (d) => d.int(21, 79)],
  ['number.int({ min: -300, max: 300 })', (f) => f.number.int({ min: -300, max: 300 }), (d) => d.int(-300, 300)],
  ['number.int over microseconds', (f) => f.number.int({ min: 1_000_000, max: 120_000_000 }), (d) => d.int(1_000_000, 120_000_000)],
  ['number.int({ min: 800, max: 2500, multipleOf: 10 })', (f) => f.number.int({ min: 800, max: 2500, multipleOf: 10 }), (d) => d.int(800, 2500, 10)],
  ['number.int with min equal to max', (f) => f.number.int({ min: 5, max: 5 }), (d) => d.int(5, 5)],
  ['number.float()', (f) => f.number.float(), (d) => d.float()],
  ['number.float({ min: 0.82, max: 0.99 })', (f) => f.number.float({ min: 0.82, max: 0.99 }), (d) => d.float(0.82, 0.99)],
  ['number.float({ min: -0.5, max: 0.5 })', (f) => f.number.float({ min: -0.5, max: 0.5 }), (d) => d.float(-0.5, 0.5)],
  ['number.float({ min: 9, max: 480, fractionDigits: 2 })', (f) => f.number.float({ min: 9, max: 480, fractionDigits: 2 }), (d) => d.floatFixed(9, 480, 2)],
  ['datatype.boolean()', (f) => f.datatype.boolean(), (d) => d.boolean()],
  ['datatype.boolean({ probability: 0.04 })', (f) => f.datatype.boolean({ probability: 0.04 }), (d) => d.boolean(0.04)],
  ['helpers.arrayElement(CLOSINGS)', (f) => f.helpers.arrayElement(CLOSINGS), (d) => d.arrayElement(CLOSINGS)],
  ['helpers.arrayElement of one element', (f) => f.helpers.arrayElement(['only']), (d) => d.arrayElement(['only'])],
  ['helpers.arrayElements(FOLLOW_UPS, { min: 0, max: 2 })', (f) => f.helpers.arrayElements(FOLLOW_UPS, { min: 0, max: 2 }), (d) => d.arrayElements(FOLLOW_UPS, 0, 2)],
  ['helpers.arrayElements of 3, { min: 1, max: 3 }', (f) => f.helpers.arrayElements(['a', 'b', 'c'], { min: 1, max: 3 }), (d) => d.arrayElements(['a', 'b', 'c'], 1, 3)],
  ['helpers.arrayElements of 6, { min: 1, max: 3 }', (f) => f.helpers.arrayElements([1, 2, 3, 4, 5, 6], { min: 1, max: 3 }), (d) => d.arrayElements([1, 2, 3, 4, 5, 6], 1, 3)],
  ['helpers.shuffle', (f) => f.helpers.shuffle([1, 2, 3, 4, 5, 6, 7]), (d) => d.shuffle([1, 2, 3, 4, 5, 6, 7])],
  [
    'helpers.weightedArrayElement',
    (f) => f.helpers.weightedArrayElement([{ value: 'a', weight: 55 }, { value: 'b', weight: 40 }, { value: 'c', weight: 5 }]),
    (d) => d.weightedArrayElement([{ value: 'a', weight: 55 }, { value: 'b', weight: 40 }, { value: 'c', weight: 5 }])
  ],
  ['string.numeric(6)', (f) => f.string.numeric(6), (d) => d.numeric(6)],
  ["string.alpha({ length: 2, casing: 'upper' })", (f) => f.string.alpha({ length: 2, casing: 'upper' }), (d) => d.upperAlpha(2)],
  ["string.alphanumeric({ length: 6, casing: 'upper' })", (f) => f.string.alphanumeric({ length: 6, casing: 'upper' }), (d) => d.upperAlphanumeric(6)],
  ['string.uuid()', (f) => f.string.uuid(), (d) => d.uuid()],
  ["location.zipCode('#####')", (f) => f.location.zipCode('#####'), (d) => d.zipCode('#####')],
  ["phone.number({ style: 'international' })", (f) => f.phone.number({ style: 'international' }), (d) => d.phoneNumber()],
  [
    "date.birthdate({ mode: 'age', min: age, max: age })",
    (f, index) => asTime(f.date.birthdate({ mode: 'age', min: 21 + (index % 59), max: 21 + (index % 59) })),
    (d, index) => asTime(d.birthdate(21 + (index % 59)))
  ],
  ['person.firstName()', (f) => f.person.firstName(), (d) => d.firstName()],
  ['person.lastName()', (f) => f.person.lastName(), (d) => d.lastName()],
  ['location.city()', (f) => f.location.city(), (d) => d.city()],
  ['location.streetAddress()', (f) => f.location.streetAddress(), (d) => d.streetAddress()]
]

for (const [call, viaFaker, viaDraws] of STAND_INS) {
  t.test(`the stand-in for faker.${call} gives Faker's result and leaves the same draws after it`, async (t) => {
    const mismatches: string[] = []
    for (let index = 0; index < 400; index++) {
      const words = seedWordsFor(index)
      const faker = seededFaker(words)
      const expected = [viaFaker(faker, index), faker.number.float(), faker.number.float()]
      const draws = seededDraws(words)
      // The probes after the call read the randomizer both share: they differ if the stand-in used up more or fewer draws.
      const actual = [viaDraws(draws, index), faker.number.float(), faker.number.float()]
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`seed ${JSON.stringify(words)}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`)
    }
    t.same(mismatches.slice(0, 5), [])
  })
}
