// A page too large to hold whole, written as it is sent: a few rows at a time, at the pace the client reads.
import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { JsonPage } from '../data/model.js'

/**
 * Rows are written into chunks of about this many characters. The stream asks for the next chunk only
 * when the socket has taken the previous ones, so a slow client holds a few chunks, not the page.
 */
const CHUNK_CHARACTERS = 64 * 1024

/**
 * Writing a chunk stops after this long even when it is not full, and the next one is written on a
 * later turn of the event loop: other connections are served in between, whatever the page's size.
 */
const SLICE_MS = 4

/** Items of a list written as JSON one at a time, as a page's rows are: for answers of the journal. */
export function jsonItems<T> (items: readonly T[], json: (item: T) => string): Pick<JsonPage, 'length' | 'rowJson'> {
  return { length: items.length, rowJson: (index) => json(items[index] as T) }
}

/**
 * The page's bytes: `head`, the rows separated by commas, then `tail`. Rows are not kept in the row
 * cache; a client that goes away destroys the stream, which stops the writing at the next chunk.
 */
export function pageStream (head: string, page: Pick<JsonPage, 'length' | 'rowJson'>, tail: string): Readable {
  async function * chunks (): AsyncGenerator<Buffer> {
    let chunk = head
    let sliceStart = performance.now()
    for (let index = 0; index < page.length; index++) {
      chunk += (index === 0 ? '' : ',') + page.rowJson(index, false)
      if (chunk.length >= CHUNK_CHARACTERS || performance.now() - sliceStart >= SLICE_MS) {
        yield Buffer.from(chunk)
        chunk = ''
        await nextTurn()
        sliceStart = performance.now()
      }
    }
    yield Buffer.from(chunk + tail)
  }
  return Readable.from(chunks(), { objectMode: false })
}
