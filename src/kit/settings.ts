// Validation of the kit's settings, shared by the commands' flags and the programmatic options; errors name the flag or option.
import { KitUsageError } from './errors.js'
import type { KitContract } from './check-context.js'

export const KIT_CONTRACTS: readonly KitContract[] = ['platform', 'docs']

/** Polite enough for production: a few requests a second, a few hundred in all. */
export const DEFAULT_MAX_RPS = 5
export const DEFAULT_MAX_REQUESTS = 500

const RUN_TEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** `scheme://host[:port][/prefix]` without a trailing slash; the kit appends the listing's path. */
export function parseTarget (text: string, name: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new KitUsageError(name, `not an absolute URL: ${JSON.stringify(text)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new KitUsageError(name, 'must be an http:// or https:// URL')
  if (url.username !== '' || url.password !== '') throw new KitUsageError(name, 'must not carry credentials; give the keys with --api-key and --secret-key')
  if (url.search !== '' || url.hash !== '') throw new KitUsageError(name, 'must not have a query or a fragment')
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export function parseRunTestId (text: string, name: string): string {
  if (!RUN_TEST_ID.test(text)) throw new KitUsageError(name, `must be a lowercase hyphenated UUID, not ${JSON.stringify(text)}`)
  return text
}

export function parseContract (text: string, name: string): KitContract {
  const contract = KIT_CONTRACTS.find((candidate) => candidate === text)
  if (contract === undefined) throw new KitUsageError(name, `must be ${KIT_CONTRACTS.join(' or ')}, not ${JSON.stringify(text)}`)
  return contract
}

export function checkMaxRps (value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new KitUsageError(name, `must be a positive number of requests per second, not ${String(value)}`)
  return value
}

export function checkMaxRequests (value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new KitUsageError(name, `must be a whole number of requests, at least 1, not ${String(value)}`)
  return value
}

/** A number flag's text: `Number('')` is 0 and `Number(' 5 ')` is 5, both of which a flag should refuse. */
export function numberText (text: string, name: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new KitUsageError(name, `must be a number, not ${JSON.stringify(text)}`)
  return Number(text)
}

export function checkKey (value: string | undefined, name: string, variable: string): string {
  if (value === undefined || value === '') throw new KitUsageError(name, `is required (or set ${variable})`)
  return value
}
