// The package's name and version, read once from package.json so that the CLI, the health check and the package agree.
import { readFileSync } from 'node:fs'

// package.json sits one level above both src/ and dist/, so the same relative URL works compiled or not.
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string }

export const PACKAGE_NAME: string = manifest.name
export const VERSION: string = manifest.version
