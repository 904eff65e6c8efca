// Request bodies read the way the platform's serializers read them: each field's coercion and its error, word for word.
//
// The platform validates a POST body with a Django REST framework serializer before the view runs
// (`validated_request` in `tfc/utils/api_contracts.py`): fields in declared order, each with DRF's own
// messages and codes, then the serializer's `validate`, then (with `reject_unknown_fields`) every key it
// does not declare as "Unknown field.". A serializer built on `StrictInputSerializer` rejects unknown keys
// before it reads any field, so its answer names only them. The errors are returned as DRF collects
// them; errors.ts renders them in the platform's envelope.

/** One message and its DRF code (`required`, `invalid`, `null`, …); a plain message has no code. */
export class ErrorDetail {
  readonly message: string
  readonly code: string | null

  constructor (message: string, code: string | null) {
    this.message = message
    this.code = code
  }
}

/**
 * A field's errors as DRF nests them: a list of messages; for a list field, the bad items' errors by
 * index; for a list of objects, one entry per item (`{}` for a good one) of each field's errors.
 */
export type FieldError = ErrorDetail[] | { [key: string]: FieldError } | FieldError[]

/** What a serializer's `errors` holds, in its order. */
export type FieldErrors = Array<[string, FieldError]>

export const NON_FIELD_ERRORS = 'non_field_errors'

/** A field's reading: the value, or the field's errors. */
type Read<T> = { value: T } | { error: FieldError }

export interface FieldSpec<T> {
  required: boolean
  /** The value when the key is absent and the field is not required. */
  fallback?: T
  allowNull?: boolean
  read: (raw: unknown) => Read<T>
}

export const detail = (message: string, code: string | null): ErrorDetail[] => [new ErrorDetail(message, code)]

/** Python's name for a JSON value's type, as DRF's messages quote it. */
export function pythonType (value: unknown): string {
  if (value === null) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  switch (typeof value) {
    case 'string': return 'str'
    case 'boolean': return 'bool'
    case 'number': return Number.isInteger(value) ? 'int' : 'float'
    default: return 'dict'
  }
}

/** Python's `str()` of a JSON value, as `"{input}" is not a valid choice.` shows it. */
function pythonStr (value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value)
  return JSON.stringify(value)
}

const TRUE_VALUES = new Set<unknown>(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1', 1, true])
const FALSE_VALUES = new Set<unknown>(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0', 0, false])

/** DRF's `BooleanField`. */
export const booleanField = (required: boolean, fallback?: boolean): FieldSpec<boolean> => ({
  required,
  fallback,
  read (raw) {
    if (TRUE_VALUES.has(raw)) return { value: true }
    if (FALSE_VALUES.has(raw)) return { value: false }
    return { error: detail('Must be a valid boolean.', 'invalid') }
  }
})

const HEX32 = /^[0-9a-f]{32}$/

/**
 * DRF's `UUIDField`: what Python's `uuid.UUID(hex=…)` accepts (any case, with or without hyphens or
 * braces, an `urn:uuid:` prefix), read as the lowercase hyphenated form; an integer is `UUID(int=…)`.
 */
export function parseUuid (raw: unknown): string | null {
  let hex: string
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) {
    hex = raw.toString(16).padStart(32, '0')
  } else if (typeof raw === 'string') {
    hex = raw.replace(/^urn:uuid:/i, '').replace(/^\{|\}$/g, '').replaceAll('-', '').toLowerCase()
  } else {
    return null
  }
  if (!HEX32.test(hex)) return null
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const uuidField = (required: boolean, allowNull = false): FieldSpec<string | null> => ({
  required,
  allowNull,
  read (raw) {
    const id = parseUuid(raw)
    return id === null ? { error: detail('Must be a valid UUID.', 'invalid') } : { value: id }
  }
})

/** DRF's `ListField(child=UUIDField())`. */
export const uuidListField = (required: boolean, allowEmpty = true): FieldSpec<string[]> => ({
  required,
  fallback: [],
  read (raw) {
    if (!Array.isArray(raw)) return { error: detail(`Expected a list of items but got type "${pythonType(raw)}".`, 'not_a_list') }
    if (!allowEmpty && raw.length === 0) return { error: detail('This list may not be empty.', 'empty') }
    const ids: string[] = []
    const bad: { [index: string]: ErrorDetail[] } = {}
    raw.forEach((item, index) => {
      const id = item === null ? null : parseUuid(item)
      if (id === null) bad[String(index)] = item === null ? detail('This field may not be null.', 'null') : detail('Must be a valid UUID.', 'invalid')
      else ids.push(id)
    })
    return Object.keys(bad).length > 0 ? { error: bad } : { value: ids }
  }
})

/** DRF's `ChoiceField`. */
export const choiceField = <C extends string>(choices: readonly C[], required: boolean): FieldSpec<C> => ({
  required,
  read (raw) {
    const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : null
    if (text !== null && (choices as readonly string[]).includes(text)) return { value: text as C }
    return { error: detail(`"${pythonStr(raw)}" is not a valid choice.`, 'invalid_choice') }
  }
})

/** DRF's `CharField(allow_null=True, allow_blank=True)`: numbers are read as their text. */
export const textField = (required: boolean): FieldSpec<string | null> => ({
  required,
  allowNull: true,
  read (raw) {
    if (typeof raw === 'string') return { value: raw }
    if (typeof raw === 'number') return { value: String(raw) }
    return { error: detail('Not a valid string.', 'invalid') }
  }
})

/** DRF's `DictField(allow_null=True)`. */
export const dictField = (required: boolean): FieldSpec<Record<string, unknown> | null> => ({
  required,
  allowNull: true,
  read (raw) {
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return { value: raw as Record<string, unknown> }
    return { error: detail(`Expected a dictionary of items but got type "${pythonType(raw)}".`, 'not_a_dict') }
  }
})

/** Any JSON value, left to the view to read (the chat's message list, which the view checks itself). */
export const anyField = (required: boolean): FieldSpec<unknown> => ({
  required,
  allowNull: true,
  read: (raw) => ({ value: raw })
})

export interface SerializerSpec<T> {
  fields: { [K in keyof T]: FieldSpec<T[K]> }
  /** `StrictInputSerializer`: unknown keys are the only errors reported when there are any. */
  strict: boolean
  /** The serializer's `validate`, run once every field is valid: a message for `non_field_errors`, or null. */
  validate?: (data: T) => string | null
}

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reads `body` (the parsed request body) with the serializer `spec`, unknown keys rejected. */
export function validateBody<T> (spec: SerializerSpec<T>, body: unknown): Validated<T> {
  if (body === null) return { ok: false, errors: [[NON_FIELD_ERRORS, detail('No data provided', 'null')]] }
  if (!isObject(body)) {
    return { ok: false, errors: [[NON_FIELD_ERRORS, detail(`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`, 'invalid')]] }
  }
  const names = Object.keys(spec.fields)
  const unknown = Object.keys(body).filter((key) => !names.includes(key)).sort()
  const unknownErrors: FieldErrors = unknown.map((key) => [key, detail('Unknown field.', spec.strict ? 'invalid' : null)])
  if (spec.strict && unknown.length > 0) return { ok: false, errors: unknownErrors }
  const errors: FieldErrors = []
  const data: Record<string, unknown> = {}
  for (const name of names) {
    const field = spec.fields[name as keyof T] as FieldSpec<unknown>
    if (!(name in body)) {
      if (field.required) errors.push([name, detail('This field is required.', 'required')])
      else if (field.fallback !== undefined) data[name] = field.fallback
      continue
    }
    const raw = body[name]
    if (raw === null) {
      if (field.allowNull === true) data[name] = null
      else errors.push([name, detail('This field may not be null.', 'null')])
      continue
    }
    const read = field.read(raw)
    if ('error' in read) errors.push([name, read.error])
    else data[name] = read.value
  }
  if (errors.length === 0 && spec.validate !== undefined) {
    const message = spec.validate(data as T)
    if (message !== null) errors.push([NON_FIELD_ERRORS, detail(message, 'invalid')])
  }
  const all = [...errors, ...unknownErrors]
  return all.length === 0 ? { ok: true, data: data as T } : { ok: false, errors: all }
}

/**
 * `EmptyRequestSerializer`: no body, an empty one (`{}`, `[]`, `""`) or nothing at all; anything else is
 * refused, each key of an object also named as unknown.
 */
export function validateEmptyBody (body: unknown): Validated<Record<string, never>> {
  if (body === undefined || body === null || body === '') return { ok: true, data: {} }
  if (Array.isArray(body) && body.length === 0) return { ok: true, data: {} }
  if (isObject(body) && Object.keys(body).length === 0) return { ok: true, data: {} }
  const errors: FieldErrors = [[NON_FIELD_ERRORS, detail('This endpoint does not accept a request body.', 'invalid')]]
  if (isObject(body)) for (const key of Object.keys(body).sort()) errors.push([key, detail('Unknown field.', null)])
  return { ok: false, errors }
}

const MESSAGE_KEYS = ['message', 'detail', 'error', NON_FIELD_ERRORS]

/** `stringify_error_value` of the platform's `api_errors.py`. */
function stringify (error: FieldError | ErrorDetail): string {
  if (error instanceof ErrorDetail) return error.message
  if (Array.isArray(error)) return (error as Array<FieldError | ErrorDetail>).map(stringify).join(', ')
  return Object.entries(error).map(([key, items]) => `${key}: ${stringify(items)}`).join('; ')
}

/** The first code in the errors, depth first (`first_error_code`). */
function firstCode (error: FieldError | ErrorDetail): string | null {
  if (error instanceof ErrorDetail) return error.code
  for (const item of Array.isArray(error) ? error as Array<FieldError | ErrorDetail> : Object.values(error)) {
    const code = firstCode(item)
    if (code !== null) return code
  }
  return null
}

/** The envelope's parts for a serializer's errors: message, code, `attr` and `details`, as `build_error_envelope` derives them. */
export function envelopeParts (errors: FieldErrors): { message: string; code: string; attr: string | null; details: Record<string, string[]> } {
  const byKey = new Map(errors)
  const messageKey = MESSAGE_KEYS.find((key) => byKey.has(key))
  const message = messageKey !== undefined
    ? stringify(byKey.get(messageKey) as FieldError)
    : errors.length === 1
      ? `${(errors[0] as [string, FieldError])[0]}: ${stringify((errors[0] as [string, FieldError])[1])}`
      : errors.map(([key, error]) => `${key}: ${stringify(error)}`).join('; ')
  let code = 'invalid'
  for (const [, error] of errors) {
    const found = firstCode(error)
    if (found !== null) {
      code = found
      break
    }
  }
  const attr = errors.map(([key]) => key).find((key) => !MESSAGE_KEYS.includes(key)) ?? null
  const details: Record<string, string[]> = {}
  for (const [key, error] of errors) details[key] = Array.isArray(error) ? (error as Array<FieldError | ErrorDetail>).map(stringify) : [stringify(error)]
  return { message, code, attr, details }
}
