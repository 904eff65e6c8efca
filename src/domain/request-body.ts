// A request body as DRF's parsers read it: JSON, a form, or nothing; what it says of a body it cannot read.
//
// DRF picks a parser by the body's media type (`JSONParser`, `FormParser`, `MultiPartParser` are the
// platform's defaults) only when the request has a body: an empty body, or one sent without a
// `Content-Type`, reads as no data at all (`{}`), whatever it holds.

/** What a body reads as: a JSON value, or the parser's refusal. */
export type BodyReading =
  | { ok: true; value: unknown }
  | { ok: false; kind: 'parse'; reason: string }
  | { ok: false; kind: 'media-type'; mediaType: string }

/** Line and column (1-based) of a character offset, as Python's json module reports them. */
function position (text: string, offset: number): string {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return `line ${line} column ${column} (char ${offset})`
}

/**
 * Python's `json.loads` message for text it cannot read, as near as JavaScript's parser tells: where
 * it stopped, and "Expecting value" (the message for most mistakes, such as a stray word or an empty body).
 */
export function jsonErrorReason (text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : ''
  const at = /position (\d+)/.exec(message)
  const offset = at !== null ? Number(at[1]) : /end of JSON input/.test(message) || text.trim() === '' ? text.length : 0
  return `Expecting value: ${position(text, offset)}`
}

/** A form body: each key's last value, or every value of a key given more than once. */
function readForm (text: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    const before = form[key]
    form[key] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value]
  }
  return form
}

/** Reads `text`, sent with the `Content-Type` header `contentType` (undefined when none was). */
export function readBody (text: string, contentType: string | undefined): BodyReading {
  if (text === '' || contentType === undefined) return { ok: true, value: {} }
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  if (mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType)) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown }
    } catch (error) {
      return { ok: false, kind: 'parse', reason: jsonErrorReason(text, error) }
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') return { ok: true, value: readForm(text) }
  return { ok: false, kind: 'media-type', mediaType: contentType.trim() }
}
