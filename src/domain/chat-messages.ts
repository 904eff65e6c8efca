// The chat loop's messages and metrics, read as the platform reads them: DRF's nested serializer first, then its pydantic model.
import { ErrorDetail, detail, pythonType, type FieldError } from './drf-fields.js'

/** A tool call as the agent made it. */
export interface ToolCall {
  id: string
  type: string
  function: { name: string; arguments: string }
}

/** A message as the platform's `ChatMessage` dumps it without its nulls, keys in its order. */
export interface ChatMessage {
  role: 'user' | 'assistant' | 'tool'
  content?: string
  tool_call_id?: string
  name?: string
  metadata?: Record<string, unknown>
  tool_calls?: ToolCall[]
}

const ROLES = ['user', 'assistant', 'tool'] as const
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

type Read<T> = { value: T } | { error: FieldError }

/** A `CharField`: a string, or a number read as its text; `blank` false refuses "". */
function readText (raw: unknown, blank: boolean): Read<string> {
  if (typeof raw === 'number') return { value: String(raw) }
  if (typeof raw !== 'string') return { error: detail('Not a valid string.', 'invalid') }
  if (!blank && raw.trim() === '') return { error: detail('This field may not be blank.', 'blank') }
  return { value: raw }
}

/** A nested serializer's fields: each present key read, required ones missing reported; errors by field. */
function readFields (raw: unknown, fields: Record<string, { required: boolean; nullable: boolean; read: (value: unknown) => Read<unknown> }>): Read<Record<string, unknown>> {
  if (!isObject(raw)) return { error: { non_field_errors: detail(`Invalid data. Expected a dictionary, but got ${pythonType(raw)}.`, 'invalid') } }
  const errors: Record<string, FieldError> = {}
  const value: Record<string, unknown> = {}
  for (const [name, field] of Object.entries(fields)) {
    if (!(name in raw)) {
      if (field.required) errors[name] = detail('This field is required.', 'required')
      continue
    }
    const item = raw[name]
    if (item === null) {
      if (field.nullable) value[name] = null
      else errors[name] = detail('This field may not be null.', 'null')
      continue
    }
    const read = field.read(item)
    if ('error' in read) errors[name] = read.error
    else value[name] = read.value
  }
  return Object.keys(errors).length > 0 ? { error: errors } : { value }
}

/** A list of nested objects (`many=True`): one entry per item, `{}` for a good one, when any is bad. */
function readMany<T> (raw: unknown, item: (value: unknown) => Read<T>): Read<T[]> {
  if (!Array.isArray(raw)) return { error: { non_field_errors: detail(`Expected a list of items but got type "${pythonType(raw)}".`, 'not_a_list') } }
  const values: T[] = []
  const errors: FieldError[] = []
  let bad = false
  for (const entry of raw) {
    const read = item(entry)
    if ('error' in read) {
      bad = true
      errors.push(read.error)
    } else {
      values.push(read.value)
      errors.push({})
    }
  }
  return bad ? { error: errors } : { value: values }
}

function readToolCall (raw: unknown): Read<ToolCall> {
  const read = readFields(raw, {
    id: { required: true, nullable: false, read: (value) => readText(value, false) },
    type: { required: true, nullable: false, read: (value) => readText(value, false) },
    function: {
      required: true,
      nullable: false,
      read: (value) => readFields(value, {
        name: { required: true, nullable: false, read: (text) => readText(text, false) },
        arguments: { required: true, nullable: false, read: (text) => readText(text, false) }
      })
    }
  })
  if ('error' in read) return read
  const fn = read.value.function as { name: string; arguments: string }
  return { value: { id: read.value.id as string, type: read.value.type as string, function: { name: fn.name, arguments: fn.arguments } } }
}

function readMessage (raw: unknown): Read<ChatMessage> {
  const read = readFields(raw, {
    role: {
      required: true,
      nullable: false,
      read: (value) => typeof value === 'string' && (ROLES as readonly string[]).includes(value)
        ? { value }
        : { error: [new ErrorDetail(`"${typeof value === 'string' ? value : JSON.stringify(value)}" is not a valid choice.`, 'invalid_choice')] }
    },
    content: { required: false, nullable: true, read: (value) => readText(value, true) },
    tool_call_id: { required: false, nullable: true, read: (value) => readText(value, true) },
    name: { required: false, nullable: true, read: (value) => readText(value, true) },
    metadata: {
      required: false,
      nullable: true,
      read: (value) => isObject(value) ? { value } : { error: detail(`Expected a dictionary of items but got type "${pythonType(value)}".`, 'not_a_dict') }
    },
    tool_calls: { required: false, nullable: true, read: (value) => readMany(value, readToolCall) }
  })
  if ('error' in read) return read
  const fields = read.value
  const message: ChatMessage = { role: fields.role as ChatMessage['role'] }
  if (typeof fields.content === 'string') message.content = fields.content
  if (typeof fields.tool_call_id === 'string') message.tool_call_id = fields.tool_call_id
  if (typeof fields.name === 'string') message.name = fields.name
  if (isObject(fields.metadata)) message.metadata = fields.metadata
  if (Array.isArray(fields.tool_calls)) message.tool_calls = fields.tool_calls as ToolCall[]
  return { value: message }
}

/** `messages` of a send-message body: null when absent or null, else the messages or the serializer's errors. */
export function readChatMessages (raw: unknown): Read<ChatMessage[] | null> {
  if (raw === null || raw === undefined) return { value: null }
  return readMany(raw, readMessage)
}

const METRIC_KEYS = ['cost', 'duration', 'latency', 'response_time', 'tokens']

/**
 * `SendChatRequest`'s checks of `metrics`, after DRF's: each value a number (a numeric string is
 * read as one) or null, then only the allowed keys. Returns the metrics as numbers, or the message of
 * the view's 400 ("Invalid request data format…").
 */
export function readMetrics (metrics: Record<string, unknown> | null): { value: Record<string, number | null> | null } | { error: string } {
  if (metrics === null) return { value: null }
  const problems: string[] = []
  const value: Record<string, number | null> = {}
  for (const [key, raw] of Object.entries(metrics)) {
    if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') {
      value[key] = raw === null ? null : Number(raw)
    } else if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) {
      value[key] = Number(raw)
    } else if (typeof raw === 'string') {
      problems.push(
        `metrics -> ${key} -> float: Input should be a valid number, unable to parse string as a number (type: float_parsing)`,
        `metrics -> ${key} -> int: Input should be a valid integer, unable to parse string as an integer (type: int_parsing)`
      )
    } else {
      problems.push(
        `metrics -> ${key} -> float: Input should be a valid number (type: float_type)`,
        `metrics -> ${key} -> int: Input should be a valid integer (type: int_type)`
      )
    }
  }
  if (problems.length === 0) {
    const invalid = Object.keys(metrics).filter((key) => !METRIC_KEYS.includes(key)).sort()
    if (invalid.length > 0) {
      problems.push(`metrics: Value error, Invalid metric keys: ${invalid.join(', ')}. Allowed keys are: ${METRIC_KEYS.join(', ')} (type: value_error)`)
    }
  }
  if (problems.length > 0) return { error: `Invalid request data format. Expected SendChatRequest schema. Errors: ${problems.join('; ')}` }
  return { value }
}
