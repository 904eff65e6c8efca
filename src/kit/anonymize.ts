// Replaces the personal data of a recorded fixture with stand-ins, deterministically: the same file and seed give the same bytes.
//
// Replaced: the simulated customers' names (the docs `customer_name`, `name` in persona cells) and
// every word of those names wherever it appears in text; phone numbers (the platform's `customer_name`
// and `phone_number`, and phone-like numbers in text); recording and audio URLs and any other URL in
// text; e-mail addresses. Each original value gets one stand-in, used everywhere it appears.
// Kept: ids, statuses, times, durations, scores, metrics, scenario and agent names, eval names and
// values, and the shape of everything, so the file still loads in the mock (its round-trip rule).
// Not found: personal data in text that no name field announces (an agent introducing itself, an
// address, a date of birth, card digits).
import { createHmac } from 'node:crypto'
import type { JsonValue } from '../schemas/common.js'
import type { DocsCallExecution } from '../schemas/docs-row.js'
import type { FixtureFile } from '../schemas/fixture.js'
import type { PlatformCallExecution, PlatformRow, PlatformSnapshotRow, ScenarioColumn } from '../schemas/platform-row.js'

const CONSONANTS = 'bdfgklmnprstvz'
const VOWELS = 'aeiou'

/** Words of a name: letters, at least two of them (single initials carry little and match too much). */
const NAME_WORD = /\p{L}[\p{L}\p{M}]+/gu

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/gi
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g
/** `+` and 7 or more digits with separators; North American `(415) 555-0123`; bare runs of 10 to 15 digits. */
const PHONE_IN_TEXT = /\+\d[\d\s().-]{5,}\d|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\b\d{10,15}\b/g

/** The stand-ins of one anonymization: each original maps to one replacement for the whole file. */
class StandIns {
  private readonly key: string
  private readonly names = new Map<string, string>()
  private readonly phones = new Map<string, string>()
  private readonly urls = new Map<string, string>()
  private readonly emails = new Map<string, string>()
  /** Originals a stand-in must never be, lowercased: a stand-in equal to another original would leak it back. */
  private readonly forbidden: Set<string>
  private readonly wordPattern: RegExp | null

  constructor (seed: number, nameWords: ReadonlySet<string>, phones: ReadonlySet<string>) {
    this.key = `futureagi-mock anonymize ${seed}`
    this.forbidden = new Set([...nameWords, ...[...phones].map((phone) => phone.replace(/\D/g, ''))].map((value) => value.toLowerCase()))
    // Longest first, so that "Annabel" is replaced whole rather than as "Anna" + "bel".
    const words = [...nameWords].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    this.wordPattern = words.length === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{M}\\p{N}])`, 'giu')
  }

  private digest (kind: string, value: string, attempt: number): Buffer {
    return createHmac('sha256', this.key).update(`${kind}\u0000${attempt}\u0000${value}`).digest()
  }

  /** A stand-in from `make`, retried until it is no original value. */
  private fresh (kind: string, value: string, make: (bytes: Buffer) => string): string {
    for (let attempt = 0; ; attempt++) {
      const candidate = make(this.digest(kind, value, attempt))
      if (!this.forbidden.has(candidate.toLowerCase()) && candidate !== value) return candidate
    }
  }

  /** One word of a name, written in the original's case (Dana → Kolima, DANA → KOLIMA). */
  nameWord (word: string): string {
    const lower = word.toLowerCase()
    let standIn = this.names.get(lower)
    if (standIn === undefined) {
      standIn = this.fresh('name', lower, (bytes) => {
        let made = ''
        const syllables = 2 + (bytes[0] as number) % 2
        for (let index = 0; index < syllables; index++) {
          made += CONSONANTS[(bytes[1 + 2 * index] as number) % CONSONANTS.length] as string
          made += VOWELS[(bytes[2 + 2 * index] as number) % VOWELS.length] as string
        }
        return made
      })
      this.names.set(lower, standIn)
    }
    if (word === word.toUpperCase() && word.length > 1) return standIn.toUpperCase()
    if (word === lower) return standIn
    return standIn.charAt(0).toUpperCase() + standIn.slice(1)
  }

  /** Every known name word in `text` replaced, whatever its case; the rest of the text untouched. */
  nameText (text: string): string {
    return this.wordPattern === null ? text : text.replace(this.wordPattern, (word) => this.nameWord(word))
  }

  /**
   * Same separators and length; the first digit is kept so the number still reads as from the same
   * country. The stand-in is chosen for the digits alone, so `+14155550123` and `+1 415 555 0123`
   * become the same number written the same two ways.
   */
  phone (phone: string): string {
    const digits = phone.replace(/\D/g, '')
    let standIn = this.phones.get(digits)
    if (standIn === undefined) {
      standIn = this.fresh('phone', digits, (bytes) =>
        digits.replace(/\d/g, (original, index: number) => (index === 0 ? original : String((bytes[index % bytes.length] as number) % 10))))
      this.phones.set(digits, standIn)
    }
    let next = 0
    const chosen = standIn
    return phone.replace(/\d/g, () => chosen.charAt(next++))
  }

  /** A URL on a reserved domain, keeping the file extension (`.wav`) so the kind of file still shows. */
  url (url: string): string {
    let standIn = this.urls.get(url)
    if (standIn === undefined) {
      const extension = /\.[A-Za-z0-9]{1,5}$/.exec(url.split(/[?#]/)[0] ?? '')?.[0] ?? ''
      standIn = this.fresh('url', url, (bytes) => `https://recordings.example.invalid/${bytes.subarray(0, 12).toString('hex')}${extension}`)
      this.urls.set(url, standIn)
    }
    return standIn
  }

  email (email: string): string {
    let standIn = this.emails.get(email.toLowerCase())
    if (standIn === undefined) {
      standIn = this.fresh('email', email.toLowerCase(), (bytes) => `person-${bytes.subarray(0, 5).toString('hex')}@example.invalid`)
      this.emails.set(email.toLowerCase(), standIn)
    }
    return standIn
  }

  /** Free text: URLs, e-mail addresses, phone numbers, then the words of known names. */
  text (text: string): string {
    const scrubbed = text
      .replace(URL_IN_TEXT, (url) => this.url(url))
      .replace(EMAIL_IN_TEXT, (email) => this.email(email))
      .replace(PHONE_IN_TEXT, (phone) => this.phone(phone))
    return this.nameText(scrubbed)
  }

  /** Every string inside a JSON value, as free text. */
  json (value: JsonValue): JsonValue {
    if (typeof value === 'string') return this.text(value)
    if (Array.isArray(value)) return value.map((item) => this.json(item))
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.json(item)]))
    }
    return value
  }
}

function escapeRegExp (text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function optional<T> (value: T | null, replace: (value: T) => T): T | null {
  return value === null ? null : replace(value)
}

function hasReason (entry: object): entry is { reason: string | null } {
  return 'reason' in entry
}

/** An eval map with every entry's `reason` as free text; pending entries (`{}`) have none. */
function withReasons<Entry extends object> (entries: Record<string, Entry>, text: (value: string) => string): Record<string, Entry> {
  return Object.fromEntries(Object.entries(entries).map(([id, entry]) =>
    [id, hasReason(entry) ? { ...entry, reason: optional(entry.reason, text) } : entry]))
}

/** The simulated customer's name as a persona cell holds it, if it does. */
function personaName (cell: ScenarioColumn): string | null {
  const value = cell.value
  if (cell.data_type !== 'persona' || typeof value !== 'object' || value === null || Array.isArray(value)) return null
  return typeof value.name === 'string' ? value.name : null
}

function scenarioColumns (cells: Record<string, ScenarioColumn>, standIns: StandIns): Record<string, ScenarioColumn> {
  return Object.fromEntries(Object.entries(cells).map(([key, cell]) => {
    const value = cell.value
    if (personaName(cell) !== null && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // The name is a name through and through; the other persona fields are text.
      const persona = Object.fromEntries(Object.entries(value).map(([field, item]) =>
        [field, field === 'name' && typeof item === 'string' ? standIns.nameText(item) : standIns.json(item)]))
      return [key, { ...cell, value: persona }]
    }
    return [key, { ...cell, value: standIns.json(value) }]
  }))
}

function liveRow (row: PlatformCallExecution, standIns: StandIns): PlatformCallExecution {
  const text = (value: string): string => standIns.text(value)
  return {
    ...row,
    transcript: row.transcript.map((item) => 'speaker_role' in item
      ? { ...item, content: text(item.content) }
      : { ...item, messages: item.messages.map(text), content: item.content.map((part) => ({ ...part, content: text(part.content) })) }) as PlatformCallExecution['transcript'],
    audio_url: optional(row.audio_url, (url) => standIns.url(url)),
    customer_name: optional(row.customer_name, (phone) => standIns.phone(phone)),
    eval_outputs: withReasons(row.eval_outputs, text),
    eval_metrics: withReasons(row.eval_metrics, text),
    scenario_columns: scenarioColumns(row.scenario_columns, standIns),
    ended_reason: optional(row.ended_reason, text),
    call_summary: optional(row.call_summary, text),
    recordings: Object.fromEntries(Object.entries(row.recordings).map(([kind, url]) => [kind, standIns.url(url)])),
    scenario_graph: Object.fromEntries(Object.entries(row.scenario_graph).map(([key, value]) => [key, standIns.json(value)])),
    processing_skip_reason: optional(row.processing_skip_reason, text),
    tool_outputs: standIns.json(row.tool_outputs),
    customer_cost_breakdown: standIns.json(row.customer_cost_breakdown),
    customer_latency_metrics: standIns.json(row.customer_latency_metrics),
    // An empty number (outbound calls of the legacy executor) stays empty: there is nothing in it.
    phone_number: optional(row.phone_number, (phone) => (phone === '' ? phone : standIns.phone(phone)))
  }
}

function snapshotRow (row: PlatformSnapshotRow, standIns: StandIns): PlatformSnapshotRow {
  const text = (value: string): string => standIns.text(value)
  const url = (value: string): string => standIns.url(value)
  return {
    ...row,
    transcript: row.transcript.map((item) => ({ ...item, content: text(item.content) })),
    audio_url: optional(row.audio_url, url),
    customer_name: optional(row.customer_name, (phone) => standIns.phone(phone)),
    eval_outputs: optional(row.eval_outputs, (outputs) => withReasons(outputs, text)),
    scenario_columns: scenarioColumns(row.scenario_columns, standIns),
    ended_reason: optional(row.ended_reason, text),
    call_summary: optional(row.call_summary, text),
    recordings: {
      mono: { ...row.recordings.mono, combined_url: optional(row.recordings.mono.combined_url, url) },
      stereo_url: optional(row.recordings.stereo_url, url)
    }
  }
}

function docsRow (row: DocsCallExecution, standIns: StandIns): DocsCallExecution {
  const text = (value: string): string => standIns.text(value)
  return {
    ...row,
    transcript: row.transcript.map((item) => ({ ...item, content: text(item.content) })),
    eval_outputs: optional(row.eval_outputs, (outputs) => withReasons(outputs, text)),
    customer_name: optional(row.customer_name, (name) => standIns.nameText(name)),
    call_summary: optional(row.call_summary, text),
    ended_reason: optional(row.ended_reason, text)
  }
}

/** The personal values the fixture's fields name: the words of customer names, and phone numbers. */
export function personalValuesOf (fixture: FixtureFile): { names: string[]; phones: string[] } {
  const names = new Set<string>()
  const phones = new Set<string>()
  const addName = (name: string | null): void => {
    if (name !== null && name.trim() !== '') names.add(name)
  }
  const addPhone = (phone: string | null | undefined): void => {
    if (typeof phone === 'string' && /\d/.test(phone)) phones.add(phone)
  }
  for (const run of fixture.runTests) {
    for (const row of run.rows as ReadonlyArray<DocsCallExecution | PlatformRow>) {
      if ('created_at' in row) {
        addName(row.customer_name)
        continue
      }
      addPhone(row.customer_name)
      if (!row.is_snapshot) addPhone(row.phone_number)
      for (const cell of Object.values(row.scenario_columns)) addName(personaName(cell))
    }
  }
  return { names: [...names], phones: [...phones] }
}

/** The fixture with its personal data replaced; the same fixture and seed give the same result. */
export function anonymizeFixture (fixture: FixtureFile, seed: number): FixtureFile {
  const { names, phones } = personalValuesOf(fixture)
  const words = new Set(names.flatMap((name) => name.match(NAME_WORD) ?? []))
  const standIns = new StandIns(seed, words, new Set(phones))
  if (fixture.contract === 'docs') {
    return { contract: 'docs', runTests: fixture.runTests.map((run) => ({ ...run, rows: run.rows.map((row) => docsRow(row, standIns)) })) }
  }
  return {
    contract: 'platform',
    runTests: fixture.runTests.map((run) => ({
      ...run,
      rows: run.rows.map((row) => (row.is_snapshot ? snapshotRow(row, standIns) : liveRow(row, standIns)))
    }))
  }
}
