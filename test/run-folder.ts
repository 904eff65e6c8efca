// Runs every test file of one folder in one process, one file after the other.
//
// tap gives each file it runs a process of its own, and each pays for the runner, its coverage hooks
// and the modules it loads (tap, Fastify, zod, the sources) before its first test: about a second and
// a half of CPU on two cores, more than most files' own tests. `npm test` runs one file per folder,
// `test/<folder>.test.ts`, which runs the folder's files here; each of them still runs alone
// (`npx tap test/domain/uuid.test.ts`).
import { readdirSync } from 'node:fs'
import t from 'tap'

/** Imports each `*.test.ts` of `folder` in name order; the process may take as long as its files together. */
export async function runFolder (folder: URL): Promise<void> {
  const files = readdirSync(folder).filter((name) => name.endsWith('.test.ts')).sort()
  if (files.length === 0) throw new Error(`no test files in ${folder.pathname}`)
  // tap's time limit is per process (30 s, or --timeout): each file gets it, or what it asks for itself.
  // The whole of it is granted before the first import, since the first files' tests run while the
  // later ones load.
  const perFile = t.options.timeout ?? 30_000
  let budget = perFile * files.length
  t.setTimeout(budget)
  for (const name of files) {
    await import(new URL(name, folder).href)
    const asked = t.options.timeout ?? budget
    if (asked !== budget) {
      budget += asked - perFile
      t.setTimeout(budget)
    }
  }
}
