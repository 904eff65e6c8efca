// The documentation as a small site: every relative link between README.md and docs/*.md leads to a file, and every anchor to a heading.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DOCS = join(ROOT, 'docs')

/** README.md and every page of docs/, as absolute paths. */
const PAGES = [join(ROOT, 'README.md'), ...readdirSync(DOCS).filter((name) => name.endsWith('.md')).sort().map((name) => join(DOCS, name))]

/** The page's lines outside fenced code blocks (a `# comment` in a shell block is no heading, a `[x](y)` in code no link). */
function prose (text: string): Array<{ line: number; text: string }> {
  const lines: Array<{ line: number; text: string }> = []
  let fence: string | null = null
  for (const [index, line] of text.split('\n').entries()) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker !== undefined) {
      if (fence === null) fence = marker
      else if (marker.startsWith(fence)) fence = null
      continue
    }
    if (fence === null) lines.push({ line: index + 1, text: line })
  }
  return lines
}

/** The anchor GitHub gives a heading: the rendered text in lower case, punctuation dropped, spaces as hyphens. */
function slug (heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-')
}

/** The anchors of a page's headings, the second of a name suffixed `-1`, the third `-2`, as GitHub does. */
function anchors (page: string): Set<string> {
  const found = new Set<string>()
  for (const { text } of prose(readFileSync(page, 'utf8'))) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1]
    if (heading === undefined) continue
    const base = slug(heading)
    let name = base
    for (let n = 1; found.has(name); n++) name = `${base}-${n}`
    found.add(name)
  }
  return found
}

interface Link { line: number; target: string }

/** The page's inline links, outside code blocks and code spans. */
function links (page: string): Link[] {
  const found: Link[] = []
  for (const { line, text } of prose(readFileSync(page, 'utf8'))) {
    const outsideCode = text.replace(/(`+)[^`]*?\1/g, (span) => span.includes('](') ? '' : 'code')
    for (const match of outsideCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ line, target: match[1] ?? '' })
    }
  }
  return found
}

t.test('the anchor of a heading is spelled as GitHub spells it', async (t) => {
  t.equal(slug('Live runs and the clock'), 'live-runs-and-the-clock')
  t.equal(slug('`verify`: check a server against the contract'), 'verify-check-a-server-against-the-contract')
  t.equal(slug('How to test your client\'s …'), 'how-to-test-your-clients-')
  t.equal(slug('The same from a test, in-process'), 'the-same-from-a-test-in-process')
  t.equal(slug('`GET /__mock/runs`'), 'get-__mockruns')
})

t.test('finds links in prose and leaves code alone', async (t) => {
  const dir = t.testdir({
    'page.md': [
      '# Title',
      'See [the rules](other.md#rules) and [`a file`](data/a.json "title").',
      '`[not](a-link.md)` and:',
      '```md',
      '[also not](a-link.md)',
      '# Not a heading',
      '```',
      '## Title'
    ].join('\n')
  })
  const page = join(dir, 'page.md')
  t.same(links(page), [{ line: 2, target: 'other.md#rules' }, { line: 2, target: 'data/a.json' }])
  t.same([...anchors(page)], ['title', 'title-1'])
})

for (const page of PAGES) {
  const name = relative(ROOT, page)
  t.test(`every relative link of ${name} leads to a file, and every anchor to a heading`, async (t) => {
    const broken: string[] = []
    for (const { line, target } of links(page)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue
      const [path = '', anchor] = target.split('#', 2)
      const file = path === '' ? page : resolve(dirname(page), decodeURIComponent(path))
      if (!existsSync(file)) {
        broken.push(`${name}:${line}: ${target}: no such file`)
        continue
      }
      if (anchor !== undefined && file.endsWith('.md') && !anchors(file).has(decodeURIComponent(anchor))) {
        broken.push(`${name}:${line}: ${target}: no heading with the anchor #${anchor} in ${relative(ROOT, file)}`)
      }
    }
    t.same(broken, [], 'dead links')
  })
}

t.test('README.md and the index docs/README.md link to every page of docs/', async (t) => {
  for (const index of [join(ROOT, 'README.md'), join(DOCS, 'README.md')]) {
    const linked = new Set(links(index).map(({ target }) => resolve(dirname(index), target.split('#')[0] ?? '')))
    const missing = PAGES.filter((page) => page.startsWith(DOCS) && page !== index && !linked.has(page)).map((page) => relative(ROOT, page))
    t.same(missing, [], `pages ${relative(ROOT, index)} does not link to`)
  }
})
