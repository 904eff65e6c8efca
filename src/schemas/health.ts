// The health check's answer: what a container probe or a test harness needs to know about a running mock.
import { z } from 'zod'
import { CONTRACTS } from '../data/model.js'
import { UuidSchema } from './common.js'

export const HealthSchema = z
  .strictObject({
    status: z.literal('ok'),
    version: z.string().describe('The mock package version.'),
    contract: z.enum(CONTRACTS).describe('The row shape the listing serves.'),
    seed: z.number().int().nullable().describe('Seed of the generated data; null when the embedding code did not say.'),
    runs: z.array(UuidSchema).describe('Every run test id the listing answers for (those created in sessions aside).'),
    settings: z
      .strictObject({
        admin: z.boolean().describe('Whether the control plane (/__mock/, /__admin/) is on.'),
        latency: z.string().nullable().describe('The process-wide delay spec (`--latency`), or null.'),
        rateLimit: z.string().nullable().describe('The process-wide rate limit (`--rate-limit`), or null.'),
        clock: z.enum(['frozen', 'realtime']).describe('How session clocks start (`--clock`).'),
        slowBodyRate: z.int().describe('Bytes a second of the slow-body fault.')
      })
      .describe('The process-wide settings that shape answers in time and failure.')
  })
  .meta({ id: 'Health', description: 'The mock is up and serving these run tests.' })
export type Health = z.infer<typeof HealthSchema>
