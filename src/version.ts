// The package's name and version, read once from package.json so that the CLI, the health check and the package agree.
import { readFileSync } from 'node:fs'
import { PACKAGE_JSON } from './package-files.js'

const manifest = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { name: string; version: string }

export const PACKAGE_NAME: string = manifest.name
export const VERSION: string = manifest.version
