// The schemas of the control plane's index, its list of sessions and its live journal stream.
import { z } from 'zod'

export const SessionSummarySchema = z
  .strictObject({
    name: z.string(),
    requests: z.int().min(0).describe('Requests of the platform\'s API the session has had.'),
    journal: z.strictObject({
      entries: z.int().min(0).describe('Entries its journal holds now.'),
      capacity: z.int().min(0).describe('Entries it keeps at most (`--journal-size`).'),
      bytes: z.int().min(0).describe('An estimate of the memory they hold.')
    }),
    clock: z.strictObject({
      now: z.iso.datetime().describe('The instant the session\'s live runs are seen at.'),
      running: z.boolean()
    }),
    latency: z.string().nullable().describe('The delay its answers get (its own, else the process-wide one); null for none.'),
    faults: z.int().min(0).describe('Fault rules it holds (`GET /__mock/faults` lists them).'),
    createdRuns: z.int().min(0).describe('Run tests created in it.')
  })
  .meta({ id: 'SessionSummary', description: 'A live session.' })

export const SessionListSchema = z
  .strictObject({ sessions: z.array(SessionSummarySchema) })
  .meta({ id: 'SessionList', description: 'Every live session: the default one first, then the others, the one used most recently first.' })

export const ControlPlaneIndexSchema = z
  .strictObject({
    name: z.string(),
    version: z.string(),
    openapi: z.url().describe('The control plane\'s OpenAPI document.'),
    inspector: z.url().describe('The inspector page (this URL, asked for HTML).'),
    endpoints: z.array(z.strictObject({
      method: z.string(),
      path: z.string(),
      operationId: z.string().nullable(),
      summary: z.string().nullable()
    }))
  })
  .meta({ id: 'ControlPlaneIndex', description: 'What the control plane offers: its endpoints and its OpenAPI document.' })

export const JournalStreamSchema = z
  .string()
  .meta({
    id: 'JournalStream',
    description: 'Server-Sent Events (`text/event-stream`): first `ready` (`{session, journal, maxClients}`), then a ' +
      '`request` event per request journaled in the session from then on, its data a `JournalEntry` and its id the ' +
      'entry\'s, sent in batches every 100 ms, oldest first, at most 200 a batch; `gap` (`{dropped}`) before a batch when ' +
      'entries were dropped, because the client read too slowly (more than 1,000 waiting) or more than 200 came in 100 ms; ' +
      'a comment line every 15 s.'
  })

export const InspectorPageSchema = z
  .string()
  .meta({ id: 'InspectorPage', description: 'The inspector page: sessions, the live journal, runs and controls, read and changed through this API.' })
