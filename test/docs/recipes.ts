// The test files the documentation shows (`// test/<name>` blocks), each with the line its run prints
// when it passes, and where the suite runs it as written; and how a block is read off its page.
import { readFileSync } from 'node:fs'

const ROOT = new URL('../../', import.meta.url)

/** A code block exactly as a page of the documentation shows it: the `lang` block whose first line is `first`. */
export function docsBlock (page: string, lang: string, first: string): string {
  const text = readFileSync(new URL(page, ROOT), 'utf8')
  const start = text.indexOf(`\`\`\`${lang}\n${first}\n`)
  if (start === -1) throw new Error(`${page} has no ${lang} block starting with "${first}"`)
  const body = text.slice(start + `\`\`\`${lang}\n`.length)
  return body.slice(0, body.indexOf('```'))
}

/** [page, file name, what a passing run prints] */
export type Recipe = [string, string, RegExp]

/**
 * Run in a project made with npm init -y, against the packed package, as CommonJS and as an ES module
 * (test/api/package.test.ts): they need nothing but the package and tap.
 */
export const PACKAGE_RECIPES: Recipe[] = [
  ['docs/ci.md', 'contract.test.ts', /ok 1 - lists the demo run five calls at a time/],
  ['docs/ci.md', 'inject.test.ts', /ok 1 - answers a request without keys with the platform's 401, in memory/],
  ['docs/control-plane.md', 'journal.test.ts', /ok 1 - the client asks for failed calls only, page after page/],
  ['docs/time-and-failure.md', 'polling.test.ts', /ok 1 - polls the live run until no call is still running/]
]

/** Run in this checkout (test/docs/examples.test.ts): they need a client of another project as well. */
export const CHECKOUT_RECIPES: Recipe[] = [
  ['docs/journal.md', 'wiremock.test.ts', /^ok 1 - the client read the first two pages of the demo run/m]
]
