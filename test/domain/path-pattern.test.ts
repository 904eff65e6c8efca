// One rule for the paths a test names on the control plane: fault rules' `match.path` and the journal's `?path=`.
import fc from 'fast-check'
import t from 'tap'
import { pathMatches } from '../../src/domain/path-pattern.js'

const LISTING = '/simulate/run-tests/11111111-1111-4111-8111-111111111111/call-executions/'

const table: Array<{ pattern: string; path: string; match: boolean; why: string }> = [
  { pattern: LISTING, path: LISTING, match: true, why: 'a path without `*` matches itself' },
  { pattern: '/simulate/run-tests/', path: LISTING, match: false, why: 'without `*` a pattern is not a prefix' },
  { pattern: LISTING.slice(0, -1), path: LISTING, match: false, why: 'the trailing slash counts' },
  { pattern: '/simulate/*', path: LISTING, match: true, why: 'a last `*` makes the rest a prefix' },
  { pattern: '/simulate/run-tests/1*', path: LISTING, match: true, why: 'the prefix may end inside a segment' },
  { pattern: '/simulate/run-tests/2*', path: LISTING, match: false, why: 'a prefix that differs does not match' },
  { pattern: '*', path: '/health', match: true, why: '`*` alone is every path' },
  { pattern: '*', path: '', match: true, why: '`*` alone matches even an empty path' },
  { pattern: '/a*b', path: '/axb', match: false, why: 'only a last `*` is special' },
  { pattern: '/a*b', path: '/a*b', match: true, why: 'a `*` elsewhere is the character itself' },
  { pattern: '/A/*', path: '/a/b', match: false, why: 'case counts' }
]

for (const { pattern, path, match, why } of table) {
  t.test(`"${pattern}" ${match ? 'matches' : 'does not match'} "${path}": ${why}`, async (t) => {
    t.equal(pathMatches(pattern, path), match)
  })
}

const segment = fc.string({ unit: fc.constantFrom('a', 'b', '/', '-', '*', '1') })

t.test('a pattern ending in * matches exactly the paths that start with the rest of it', async () => {
  fc.assert(fc.property(segment, segment, (prefix, path) => {
    return pathMatches(`${prefix}*`, path) === path.startsWith(prefix)
  }))
})

t.test('a pattern not ending in * matches only the path equal to it', async () => {
  fc.assert(fc.property(segment.filter((pattern) => !pattern.endsWith('*')), segment, (pattern, path) => {
    return pathMatches(pattern, path) === (pattern === path) && pathMatches(pattern, pattern)
  }))
})
