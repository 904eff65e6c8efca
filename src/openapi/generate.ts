// Produces each contract's OpenAPI document as it is committed under openapi/: from the app itself, with fixed inputs.
import { buildApp, buildDocumentedApp } from '../app.js'
import { DEFAULTS } from '../config.js'
import type { Contract } from '../data/model.js'
import { createStoreFromConfig } from '../data/setup.js'
import { DOCUMENT_SERVER_URL, EXAMPLE_SEED } from './examples.js'
import { formatOpenapiJson } from './format.js'

/** Where each contract's document is committed, relative to the package root. */
export const OPENAPI_FILES: Readonly<Record<Contract, string>> = {
  docs: 'openapi/docs.json',
  platform: 'openapi/platform.json'
}

/** Where the control plane's document is committed; it is the same whichever contract is served. */
export const ADMIN_OPENAPI_FILE = 'openapi/admin.json'

/**
 * The document a default mock serves for `contract`, as the text of its committed file. Nothing in it
 * depends on the time, the machine or the port: the seed is fixed and `servers` is the default address.
 */
export async function generateOpenapiDocument (contract: Contract): Promise<string> {
  const app = await buildDocumentedApp({
    store: createStoreFromConfig({ ...DEFAULTS, seed: EXAMPLE_SEED }),
    contract,
    apiKey: DEFAULTS.apiKey,
    secretKey: DEFAULTS.secretKey,
    accessToken: null,
    seed: EXAMPLE_SEED
  })
  try {
    await app.ready()
    return formatOpenapiJson(app.swagger())
  } finally {
    await app.close()
  }
}

/** The control plane's document as a default mock serves it at `http://localhost:8000/__mock/openapi.json`, as the text of its committed file. */
export async function generateAdminDocument (): Promise<string> {
  const app = buildApp({
    store: createStoreFromConfig({ ...DEFAULTS, seed: EXAMPLE_SEED }),
    contract: DEFAULTS.contract,
    apiKey: DEFAULTS.apiKey,
    secretKey: DEFAULTS.secretKey,
    accessToken: null,
    seed: EXAMPLE_SEED
  })
  try {
    // Fetched at the default address, which the document names as its only server.
    const res = await app.inject({ url: '/__mock/openapi.json', headers: { host: new URL(DOCUMENT_SERVER_URL).host } })
    if (res.statusCode !== 200) throw new Error(`/__mock/openapi.json answered ${res.statusCode}`)
    return res.body
  } finally {
    await app.close()
  }
}
