// RFC 7240's answer to `Prefer`: what the mock applied goes back in `Preference-Applied`; what it left aside is noted for the journal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { listPreferences } from '../domain/prefer.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The preferences of the request's `Prefer` header the mock applied, in the order it applied them; null for none. */
    mockPreferencesApplied: AppliedPreference[] | null
  }
}

export interface AppliedPreference {
  name: string
  /** The value as the client asked for it (unquoted). */
  asked: string
  /** The value the mock used: the asked one, or what it was cut to (`delay=` beyond the longest delay). */
  used: string
}

/** A token as RFC 9110 defines it: anything else is written as a quoted string. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

function formatPreference ({ name, used }: AppliedPreference): string {
  return `${name}=${TOKEN.test(used) ? used : JSON.stringify(used)}`
}

export function decoratePreferences (app: FastifyInstance): void {
  app.decorateRequest('mockPreferencesApplied', null)
}

/** Notes that the request's `name=asked` preference was applied (as `used`), and says so in `Preference-Applied`. */
export function preferenceApplied (request: FastifyRequest, reply: FastifyReply, name: string, asked: string, used: string = asked): void {
  const applied = (request.mockPreferencesApplied ??= [])
  applied.push({ name, asked, used })
  reply.header('preference-applied', applied.map(formatPreference).join(', '))
}

const sameValue = (given: string | null, asked: string): boolean =>
  given === asked || (given !== null && /^\d+$/.test(given) && Number(given) === Number(asked))

/**
 * The preferences of the request's `Prefer` header that were not applied, as sent and joined with
 * `, ` (a misspelt `fault=slowbody`, a code the listing cannot force, RFC 7240's own `respond-async`),
 * or null when there are none.
 */
export function ignoredPreferences (request: FastifyRequest): string | null {
  const prefer = request.headers.prefer
  if (typeof prefer !== 'string' || prefer === '') return null
  const unmatched = [...(request.mockPreferencesApplied ?? [])]
  const ignored: string[] = []
  for (const item of listPreferences(prefer)) {
    const index = unmatched.findIndex((applied) => applied.name === item.name && sameValue(item.value, applied.asked))
    if (index === -1) ignored.push(item.text)
    else unmatched.splice(index, 1)
  }
  return ignored.length === 0 ? null : ignored.join(', ')
}
