// A small least-recently-used cache bounded both by entry count and by the total weight of its values.

export class BoundedLru<V> {
  readonly #entries = new Map<string, { value: V; weight: number }>()
  #weight = 0

  constructor (
    private readonly maxEntries: number,
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number
  ) {}

  get (key: string): V | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    // Map iteration follows insertion order, so re-inserting marks the entry as most recently used.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry.value
  }

  /** Stores `value` unless it alone outweighs the whole cache; evicts the least recently used to make room. */
  set (key: string, value: V): void {
    const weight = this.weigh(value)
    const previous = this.#entries.get(key)
    if (previous !== undefined) {
      this.#entries.delete(key)
      this.#weight -= previous.weight
    }
    if (weight > this.maxWeight) return
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size < this.maxEntries && this.#weight + weight <= this.maxWeight) break
      this.#entries.delete(oldest)
      this.#weight -= entry.weight
    }
    this.#entries.set(key, { value, weight })
    this.#weight += weight
  }
}
