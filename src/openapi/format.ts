// How the OpenAPI document is written out, the same for the committed files and the served copies.
import { createRequire } from 'node:module'
import type * as Yaml from 'yaml'

/** Two-space JSON ending with a newline. */
export function formatOpenapiJson (document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n'
}

/**
 * The YAML writer, loaded on the first YAML document asked for; the command's single-file build
 * leaves it out, so that starting the command never reads it.
 */
let yaml: typeof Yaml | undefined

/** YAML without anchors: the document reuses objects, and some OpenAPI tools do not follow YAML aliases. */
export function formatOpenapiYaml (document: unknown): string {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml
  return yaml.stringify(document, { aliasDuplicateObjects: false })
}
