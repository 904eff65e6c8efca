// Builds a fresh app for one test, with the default keys, and closes it when the test ends.
import { request, type IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp, type AppOptions } from '../src/app.js'
import { DEFAULTS } from '../src/config.js'
import type { Contract } from '../src/data/model.js'
import { createStoreFromConfig } from '../src/data/setup.js'
import { validateResponse } from './openapi/response-validator.js'

export const API_KEY = DEFAULTS.apiKey
export const SECRET_KEY = DEFAULTS.secretKey
export const AUTH = { 'x-api-key': API_KEY, 'x-secret-key': SECRET_KEY }

export const DEMO_RUN = '11111111-1111-4111-8111-111111111111'
export const EMPTY_RUN = '22222222-2222-4222-8222-222222222222'
export const FIXTURE_RUN = '44444444-4444-4444-8444-444444444444'
export const MILLION_RUN = '55555555-5555-4555-8555-555555555555'
export const UNKNOWN_RUN = '99999999-9999-4999-8999-999999999999'

export const listPath = (runId: string, query = ''): string =>
  `/simulate/run-tests/${runId}/call-executions/${query}`

export function build (t: Test, overrides: Partial<AppOptions> & { seed?: number } = {}) {
  const { seed, ...appOverrides } = overrides
  const store = createStoreFromConfig({ ...DEFAULTS, seed: seed ?? DEFAULTS.seed })
  const app = buildApp({
    store,
    contract: DEFAULTS.contract,
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
    accessToken: null,
    ...appOverrides
  })
  t.teardown(() => app.close())
  checkResponsesAgainstDocument(t, app, appOverrides.contract ?? DEFAULTS.contract)
  return app
}

/**
 * Every answer a test gets through `app.inject(options)` is also checked against the committed OpenAPI
 * document of the app's contract, so the document cannot drift from what the mock sends. Answers the
 * document does not describe (the mock's own routes, unknown URLs) are left alone.
 */
function checkResponsesAgainstDocument (t: Test, app: FastifyInstance, contract: Contract): void {
  const inject = app.inject.bind(app) as (...args: unknown[]) => unknown
  const checked = (...args: unknown[]): unknown => {
    // The chained and callback forms are passed through unchecked; the suite uses the promise form.
    if (args.length !== 1) return inject(...args)
    return (inject(args[0]) as ReturnType<FastifyInstance['inject']>).then((res) => {
      const { method = 'GET', url = '' } = res.raw.req
      // A body cut on purpose (Prefer: fault=malformed, truncate) is not one the document describes.
      if (/fault="?(malformed|truncate)/.test(String(res.raw.req.headers.prefer ?? ''))) return res
      const errors = validateResponse(contract, { method, path: url, statusCode: res.statusCode, headers: res.headers, body: res.body })
      if (errors !== null) t.same(errors, [], `${method} ${url} answers as openapi/${contract}.json says (${res.statusCode})`)
      return res
    })
  }
  app.inject = checked as FastifyInstance['inject']
}

/**
 * A HEAD request over a real connection: `inject` passes a HEAD answer's body through, where Node's
 * HTTP server drops it, so what a client receives is only seen on a socket.
 */
export async function headOverSocket (app: FastifyInstance, url: string, headers: Record<string, string>) {
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  return new Promise<{ statusCode: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    request(`${origin}${url}`, { method: 'HEAD', headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }))
    }).on('error', reject).end()
  })
}
