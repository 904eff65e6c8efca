// The position cache forgets the least recently used entries once it holds too many or too much.
import t from 'tap'
import { BoundedLru } from '../../src/data/lru.js'

const keys = (cache: BoundedLru<string>, candidates: string[]): string[] => candidates.filter((key) => cache.get(key) !== undefined)

t.test('evicts the least recently used entry when the entry count is reached', async (t) => {
  const cache = new BoundedLru<string>(2, 100, () => 1)
  cache.set('a', 'A')
  cache.set('b', 'B')
  t.equal(cache.get('a'), 'A', 'reading a makes b the oldest')
  cache.set('c', 'C')
  t.same(keys(cache, ['a', 'b', 'c']), ['a', 'c'])
})

t.test('evicts as many old entries as the weight of a new one needs', async (t) => {
  const cache = new BoundedLru<string>(10, 10, (value) => value.length)
  cache.set('a', 'xxxx')
  cache.set('b', 'xxxx')
  cache.set('c', 'xxxxxxxx')
  t.same(keys(cache, ['a', 'b', 'c']), ['c'])
})

t.test('does not keep a value heavier than the whole cache, and replaces a key in place', async (t) => {
  const cache = new BoundedLru<string>(10, 5, (value) => value.length)
  cache.set('a', 'xx')
  cache.set('big', 'xxxxxx')
  t.equal(cache.get('big'), undefined)
  cache.set('a', 'xxxxx')
  t.equal(cache.get('a'), 'xxxxx')
})
