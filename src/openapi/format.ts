// How the OpenAPI document is written out, the same for the committed files and the served copies.
import { stringify } from 'yaml'

/** Two-space JSON ending with a newline. */
export function formatOpenapiJson (document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n'
}

/** YAML without anchors: the document reuses objects, and some OpenAPI tools do not follow YAML aliases. */
export function formatOpenapiYaml (document: unknown): string {
  return stringify(document, { aliasDuplicateObjects: false })
}
