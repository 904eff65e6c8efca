// The session of every request, resolved once as it arrives, and its journal written as the answer leaves.
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { JournalRecord } from '../control/journal.js'
import { SESSION_HEADER, type Session, type Sessions } from '../control/sessions.js'
import { isRunTestId } from '../domain/uuid.js'
import type { PlatformError } from '../errors.js'
import { SECRET_HEADERS } from '../logger.js'
import { ignoredPreferences } from './preferences.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The session the request belongs to (the default one unless `X-Mock-Session` names another),
     * resolved (and made, when new) the first time it is read: only by requests that use it.
     */
    readonly mockSession: Session
    /** The session once `mockSession` has been read; null before. */
    mockSessionResolved: Session | null
    /** Whether the request is in its session's journal already: one cut short is recorded as its connection closes. */
    mockJournaled: boolean
    /** The run test a request read, when its path does not name it (a test execution's, a call's): for the journal. */
    mockRunTestId: string | null
  }
  interface FastifyContextConfig {
    /** False for the mock's own routes (control plane, health, documents), which journals leave out. */
    journal?: boolean
  }
}

/** Shown in the journal in place of a credential's value. */
export const REDACTED_VALUE = '<redacted>'

const SECRET = new Set<string>(SECRET_HEADERS)

/** A rough size of what an entry holds in memory, for the journals' shared bound. */
const ENTRY_OVERHEAD_BYTES = 320

/**
 * `request.mockSession`, resolved when first read. Only what uses a session reads it (the platform's
 * routes, their delays and faults, the journal, the control plane once its token is checked), so the
 * mock's own routes (health, documents) never make one. A `/simulate/...` request with a header that
 * is not a session name belongs to the default session: a platform client is never answered
 * differently for sending one. The control plane checks the header itself and refuses a bad one.
 * Making a session can fail (every session active and the bound reached): the read throws the 409.
 */
export function resolveSessions (app: FastifyInstance, sessions: Sessions): void {
  app.decorateRequest('mockSessionResolved', null)
  app.decorateRequest('mockJournaled', false)
  app.decorateRequest('mockRunTestId', null)
  app.decorateRequest('mockSession', {
    getter (this: FastifyRequest): Session {
      return (this.mockSessionResolved ??= sessions.resolve(this.headers[SESSION_HEADER]))
    }
  })
}

export interface JournalOptions {
  sessions: Sessions
  /** The listing's own check of the credentials, to record whether they were accepted. */
  authenticate: (headers: IncomingHttpHeaders) => PlatformError | null
  /** Scheme, host and path prefix of the recorded absolute URLs; null uses `http://` and the Host. */
  publicUrl: string | null
}

/** The run test a path names, whether or not a route matched it. */
const RUN_IN_PATH = /^\/simulate\/run-tests\/([^/]+)\//

let sequence = 0

/** The origin of the last request recorded, for the next one from the same Host to share its string. */
let lastHost = ''
let lastOrigin = ''

function originOf (request: FastifyRequest, publicUrl: string | null): string {
  if (publicUrl !== null) return publicUrl
  const host = request.headers.host ?? request.hostname
  if (host !== lastHost) {
    lastHost = host
    lastOrigin = `http://${host}`
  }
  return lastOrigin
}

/** Whether a header name (in any case) is a credential's: its length is checked before its letters. */
function isSecretHeader (name: string): boolean {
  return SECRET_LENGTHS.has(name.length) && (SECRET.has(name) || SECRET.has(name.toLowerCase()))
}

const SECRET_LENGTHS = new Set(SECRET_HEADERS.map((name) => name.length))

/** The request's headers, names as sent and credential values replaced, as one flat string of lines. */
function headerLinesOf (rawHeaders: string[]): string {
  let copy: string[] | null = null
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!isSecretHeader(rawHeaders[i] as string)) continue
    copy ??= rawHeaders.slice()
    copy[i + 1] = REDACTED_VALUE
  }
  return (copy ?? rawHeaders).join('\n')
}

function recordOf (request: FastifyRequest, reply: FastifyReply, options: JournalOptions, status: number): JournalRecord {
  const target = request.url
  const headerLines = headerLinesOf(request.raw.rawHeaders)
  const param = request.mockRunTestId ?? (request.params as { run_test_id?: string } | undefined)?.run_test_id
  const runTestId = param ?? (target.startsWith('/simulate/run-tests/') ? RUN_IN_PATH.exec(target)?.[1] : undefined)
  const elapsed = reply.elapsedTime
  const ignored = request.headers.prefer === undefined ? null : ignoredPreferences(request)
  return {
    seq: ++sequence,
    time: Math.round(Date.now() - elapsed),
    method: request.method,
    target,
    headerLines,
    status,
    durationMs: elapsed,
    runTestId: runTestId !== undefined && isRunTestId(runTestId) ? runTestId : null,
    // The view's own check when it made one, so that it is not made twice.
    keysAccepted: request.mockKeysAccepted ?? options.authenticate(request.headers) === null,
    fault: request.mockFault ?? null,
    ignoredPreferences: ignored,
    matched: !request.is404,
    origin: originOf(request, options.publicUrl),
    bytes: ENTRY_OVERHEAD_BYTES + headerLines.length + target.length + (ignored?.length ?? 0)
  }
}

function sessionOrNull (request: FastifyRequest): Session | null {
  try {
    return request.mockSession
  } catch {
    return null
  }
}

/**
 * Records a request in its session's journal, once, with `status` (0 when no answer was sent). The
 * record is one object and one string: nothing is serialised until the journal is read.
 */
export function journalWriter (options: JournalOptions): (request: FastifyRequest, reply: FastifyReply, status: number) => void {
  return function journal (request, reply, status) {
    if (request.mockJournaled || request.routeOptions.config.journal === false) return
    request.mockJournaled = true
    // A request refused because its session could not be made has no journal to go in.
    const session = request.mockSessionResolved ?? sessionOrNull(request)
    if (session !== null) options.sessions.record(session, recordOf(request, reply, options, status))
  }
}

/** Writes every request but the mock's own routes into its session's journal once the answer is sent. */
export function recordRequests (app: FastifyInstance, journal: (request: FastifyRequest, reply: FastifyReply, status: number) => void): void {
  app.addHook('onResponse', function recordRequest (request, reply, done) {
    journal(request, reply, reply.statusCode)
    done()
  })
}

/** For an encapsulated context of the mock's own routes: leaves every route registered in it out of the journals. */
export function leaveOutOfJournal (app: FastifyInstance): void {
  app.addHook('onRoute', function markOwnRoute (route) {
    route.config = { ...route.config, journal: false }
  })
}
