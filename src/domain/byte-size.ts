// What a value parsed from JSON holds in memory, estimated from its shape: the size the control plane's bounds count.

/** A JS object's header and a property's slot, a number or a pointer: V8's figures on a 64-bit build, rounded up. */
const OBJECT_BYTES = 32
const SLOT_BYTES = 16
const STRING_HEADER_BYTES = 16

/** Characters past Latin-1 make V8 store a string with two bytes a character. */
const WIDE = /[\u0100-\uffff]/

function stringBytes (text: string): number {
  return STRING_HEADER_BYTES + (WIDE.test(text) ? 2 : 1) * text.length
}

/**
 * The bytes a JSON-shaped value (strings, numbers, booleans, null, arrays and plain objects of them)
 * keeps alive, counting every string as its own even when it is shared: an upper estimate, which is
 * what a bound needs. Linear in the value's size; other values count as one slot.
 */
export function byteSize (value: unknown): number {
  if (typeof value === 'string') return stringBytes(value)
  if (Array.isArray(value)) {
    let total = OBJECT_BYTES
    for (const item of value) total += SLOT_BYTES + byteSize(item)
    return total
  }
  if (typeof value === 'object' && value !== null) {
    let total = OBJECT_BYTES
    for (const [key, item] of Object.entries(value)) total += SLOT_BYTES + stringBytes(key) + byteSize(item)
    return total
  }
  return SLOT_BYTES
}

/** `n` bytes as the bounds name them: `64 MB`, `32 KB`, `512 bytes`. */
export function formatBytes (n: number): string {
  if (n >= 2 ** 20 && n % 2 ** 20 === 0) return `${n / 2 ** 20} MB`
  if (n >= 2 ** 10 && n % 2 ** 10 === 0) return `${n / 2 ** 10} KB`
  return `${n} bytes`
}
