// The inspector page: it reads and changes the mock only through the control plane's API (and the
// platform's, for runs), exactly as a test would. Plain modern JavaScript, no build step.

const CALL_STATUSES = ['pending', 'queued', 'ongoing', 'analyzing', 'completed', 'failed', 'cancelled']
const PAGE_OF_REQUESTS = 500
const SHOWN_AT_MOST = 5000
const CALLS_PER_PAGE = 25
const OWN_HEADER = 'X-Mock-Inspector'

const $ = (selector, root = document) => root.querySelector(selector)
const store = window.sessionStorage

const state = {
  session: store.getItem('session') ?? 'default',
  token: store.getItem('token'),
  apiKey: store.getItem('apiKey') ?? 'test-api-key',
  secretKey: store.getItem('secretKey') ?? 'test-secret-key',
  filter: { method: '', path: '', status: '', run_test_id: '', own: false },
  requests: [],
  total: 0,
  limit: PAGE_OF_REQUESTS,
  selected: null,
  stream: null,
  newSinceLoad: 0,
  run: null,
  callsPage: 1,
  callsPages: 1,
  document: null
}

// -- Talking to the mock ------------------------------------------------------------------------

class HttpError extends Error {
  constructor (status, body) {
    super(typeof body === 'object' && body !== null && typeof body.error === 'string'
      ? `${status}: ${body.error}`
      : typeof body === 'object' && body !== null && typeof body.detail === 'string' ? `${status}: ${body.detail}` : `HTTP ${status}`)
    this.status = status
    this.body = body
  }
}

function controlHeaders (json = false) {
  const headers = {}
  if (state.session !== 'default') headers['X-Mock-Session'] = state.session
  if (state.token !== null) headers.Authorization = `Bearer ${state.token}`
  if (json) headers['Content-Type'] = 'application/json'
  return headers
}

/** A control-plane call, relative to the page (so a proxy's path prefix is kept). A 401 asks for the token. */
async function control (path, { method = 'GET', body } = {}) {
  const response = await fetch(path, {
    method,
    headers: controlHeaders(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  const data = text === '' ? null : parseJson(text)
  if (response.status === 401) {
    askForToken()
    throw new HttpError(401, data)
  }
  if (!response.ok) throw new HttpError(response.status, data)
  return data
}

/** A read of the platform's API in the session, with the keys given on the Runs view, marked as the inspector's own. */
async function platform (path) {
  const headers = { 'X-Api-Key': state.apiKey, 'X-Secret-Key': state.secretKey, Accept: 'application/json', [OWN_HEADER]: '1' }
  if (state.session !== 'default') headers['X-Mock-Session'] = state.session
  const response = await fetch(`../${path}`, { headers })
  const text = await response.text()
  const data = parseJson(text)
  if (!response.ok) throw new HttpError(response.status, data)
  return data
}

function parseJson (text) {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function say (message, isError = false) {
  const status = $('#status')
  status.textContent = message
  status.classList.toggle('error', isError)
}

function fail (error) {
  say(error instanceof HttpError && error.status === 401 ? 'The control plane needs its admin token.' : String(error.message ?? error), true)
}

function askForToken () {
  const dialog = $('#token-dialog')
  if (!dialog.open) dialog.showModal()
}

// -- Small DOM helpers --------------------------------------------------------------------------

function el (tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue
    if (name === 'className') node.className = value
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value)
    else node.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child))
  return node
}

function facts (dl, pairs) {
  dl.replaceChildren(...pairs.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value ?? '—')]))
}

const time = (iso) => (iso === null || iso === undefined ? '—' : iso.replace('T', ' ').replace(/(\.\d{3})\d*/, '$1').replace(/\+00:00$|Z$/, ''))
const statusClass = (status) => `s${String(status)[0]}`

// -- Views --------------------------------------------------------------------------------------

const VIEWS = ['sessions', 'requests', 'runs', 'controls']

function currentView () {
  const name = window.location.hash.slice(1)
  return VIEWS.includes(name) ? name : 'requests'
}

function show () {
  const view = currentView()
  for (const name of VIEWS) $(`#view-${name}`).hidden = name !== view
  for (const link of document.querySelectorAll('nav a[data-view]')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  refreshView(view).catch(fail)
}

async function refreshView (view) {
  if (view === 'sessions') return loadSessions()
  if (view === 'requests') return loadRequests()
  if (view === 'runs') return loadRuns()
  return loadControls()
}

// -- Sessions -----------------------------------------------------------------------------------

async function loadSessions () {
  const { sessions } = await control('sessions')
  const select = $('#session')
  const names = sessions.map((session) => session.name)
  if (!names.includes(state.session)) names.push(state.session)
  select.replaceChildren(...names.map((name) => el('option', { value: name, selected: name === state.session }, name)))
  $('#sessions-table tbody').replaceChildren(...sessions.map((session) => el('tr', { className: session.name === state.session ? 'selected' : null },
    el('th', { scope: 'row' }, el('button', { type: 'button', className: 'link', onclick: () => pickSession(session.name) }, session.name)),
    el('td', {}, session.requests),
    el('td', {}, `${session.journal.entries} / ${session.journal.capacity}`),
    el('td', {}, `${time(session.clock.now)}${session.clock.running ? ' (running)' : ''}`),
    el('td', {}, session.latency ?? 'none'),
    el('td', {}, session.faults),
    el('td', {}, session.createdRuns)
  )))
  say(`${sessions.length} live session${sessions.length === 1 ? '' : 's'}.`)
}

function pickSession (name) {
  state.session = name
  store.setItem('session', name)
  const select = $('#session')
  if (![...select.options].some((option) => option.value === name)) select.append(el('option', { value: name }, name))
  select.value = name
  state.run = null
  state.selected = null
  $('#run').hidden = true
  $('#call').hidden = true
  $('#request-detail').hidden = true
  openStream()
  show()
}

// -- Requests -----------------------------------------------------------------------------------

function filterQuery () {
  const query = new URLSearchParams()
  for (const name of ['method', 'path', 'status', 'run_test_id']) {
    const value = state.filter[name].trim()
    if (value !== '') query.set(name, value)
  }
  query.set('limit', String(state.limit))
  return query
}

const isOwn = (entry) => Object.keys(entry.headers).some((name) => name.toLowerCase() === OWN_HEADER.toLowerCase())

/** The journal's own filter, for entries that arrive live (the method in any case, the path exactly). */
function matches (entry) {
  const { method, path, status, run_test_id: run, own } = state.filter
  if (!own && isOwn(entry)) return false
  if (method !== '' && entry.method.toUpperCase() !== method.toUpperCase()) return false
  if (path.trim() !== '' && entry.path !== path.trim()) return false
  if (status.trim() !== '' && entry.status !== Number(status)) return false
  if (run.trim() !== '' && entry.runTestId !== run.trim()) return false
  return true
}

async function loadRequests () {
  const journal = await control(`requests?${filterQuery()}`)
  state.total = journal.total
  state.requests = journal.requests.filter((entry) => state.filter.own || !isOwn(entry))
  state.newSinceLoad = 0
  renderRequests()
}

function requestRow (entry) {
  const row = el('tr', { 'data-id': entry.id, className: state.selected?.id === entry.id ? 'selected' : null },
    el('td', { className: 'mono' }, time(entry.time).slice(11)),
    el('td', {}, entry.method),
    el('td', { className: 'path mono', title: entry.query === '' ? entry.path : `${entry.path}?${entry.query}` },
      el('button', { type: 'button', className: 'link', onclick: () => openRequest(entry) }, entry.query === '' ? entry.path : `${entry.path}?${entry.query}`)),
    el('td', { className: statusClass(entry.status) }, entry.status),
    el('td', { className: 'mono' }, entry.durationMs.toFixed(1)),
    el('td', { className: entry.fault === null ? null : 'fault' }, entry.fault ?? '')
  )
  return row
}

function renderRequests () {
  const body = $('#requests-table tbody')
  body.replaceChildren(...state.requests.map(requestRow))
  captionRequests()
  $('#requests-more').hidden = state.limit >= state.total || state.limit >= SHOWN_AT_MOST
}

function captionRequests () {
  const shown = $('#requests-table tbody').rows.length
  const total = state.total + state.newSinceLoad
  $('#requests-caption').textContent = `${shown} shown of ${total} in session ${state.session}'s journal matching the filter, newest first`
}

/** Live entries wait here and are drawn together, a few times a second: a busy mock must not keep the page drawing. */
const incoming = []
let drawing = null
const DRAW_EVERY_MS = 500
const DRAWN_AT_ONCE = 100

function addLive (entry) {
  if (currentView() === 'sessions') return
  if (!matches(entry)) return
  incoming.push(entry)
  if (incoming.length > SHOWN_AT_MOST) incoming.splice(0, incoming.length - SHOWN_AT_MOST)
  drawing ??= setTimeout(drawLive, DRAW_EVERY_MS)
}

function drawLive () {
  drawing = null
  const arrived = incoming.splice(0, incoming.length)
  state.newSinceLoad += arrived.length
  // Newest first: the batch arrived oldest first.
  arrived.reverse()
  state.requests = arrived.concat(state.requests).slice(0, SHOWN_AT_MOST)
  if (currentView() !== 'requests') return
  const body = $('#requests-table tbody')
  // At most a screenful of new rows a draw; under a heavy load the table keeps the newest page of them.
  const rows = document.createDocumentFragment()
  rows.append(...arrived.slice(0, DRAWN_AT_ONCE).map(requestRow))
  body.prepend(rows)
  const keep = arrived.length > DRAWN_AT_ONCE ? PAGE_OF_REQUESTS : SHOWN_AT_MOST
  while (body.rows.length > keep) body.lastElementChild.remove()
  captionRequests()
}

function openRequest (entry) {
  state.selected = entry
  for (const row of document.querySelectorAll('#requests-table tbody tr')) row.classList.toggle('selected', row.dataset.id === entry.id)
  const detail = $('#request-detail')
  detail.hidden = false
  $('#h-request').textContent = `${entry.method} ${entry.path}`
  const query = new URLSearchParams(entry.query)
  facts($('#request-facts'), [
    ['URL', entry.url ?? `${entry.path}${entry.query === '' ? '' : `?${entry.query}`}`],
    ['Time', time(entry.time)],
    ['Status', String(entry.status)],
    ['Duration', `${entry.durationMs.toFixed(2)} ms`],
    ['Fault', entry.fault ?? 'none'],
    ['Run test', entry.runTestId ?? '—'],
    ['Listing page', entry.runTestId === null ? '—' : `page ${query.get('page') ?? '1'}, limit ${query.get('limit') ?? 'default'}`],
    ['Keys accepted', entry.keysAccepted ? 'yes' : 'no']
  ])
  $('#request-headers tbody').replaceChildren(...Object.entries(entry.headers).map(([name, value]) =>
    el('tr', {}, el('th', { scope: 'row' }, name), el('td', { className: 'mono' }, value))))
  $('#curl').textContent = curlOf(entry)
  $('#refetched').hidden = true
  $('#refetch').hidden = entry.method !== 'GET'
  $('#h-request').focus()
}

const CREDENTIALS = new Set(['authorization', 'x-api-key', 'x-secret-key', 'cookie', 'proxy-authorization'])
const LEFT_OUT = new Set(['host', 'connection', 'content-length', 'accept-encoding', 'x-mock-inspector'])
const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`

/** The request as a curl command: credentials as shell variables to fill in, never their values. */
export function curlOf (entry) {
  const url = entry.url ?? `${window.location.origin}${entry.path}${entry.query === '' ? '' : `?${entry.query}`}`
  const parts = ['curl']
  if (entry.method !== 'GET') parts.push('-X', entry.method)
  parts.push(quote(url))
  for (const [name, value] of Object.entries(entry.headers)) {
    const lower = name.toLowerCase()
    if (LEFT_OUT.has(lower) || lower.startsWith('sec-')) continue
    if (CREDENTIALS.has(lower)) {
      const variable = `$${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
      parts.push('-H', lower === 'authorization' ? `"${name}: Bearer ${variable}"` : `"${name}: ${variable}"`)
    } else {
      parts.push('-H', quote(`${name}: ${value}`))
    }
  }
  return parts.join(' ')
}

async function copyCurl () {
  const text = $('#curl').textContent
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    // Without the clipboard API (a page that is not a secure context), select the text to copy by hand.
    const range = document.createRange()
    range.selectNodeContents($('#curl'))
    window.getSelection().removeAllRanges()
    window.getSelection().addRange(range)
    say('Selected the command: copy it with the keyboard.')
    return
  }
  say('Copied the curl command (credentials are left as shell variables).')
}

async function refetch () {
  const entry = state.selected
  if (entry === null) return
  const out = $('#refetched')
  out.hidden = false
  out.textContent = 'Fetching…'
  try {
    const data = await platform(`${entry.path.replace(/^\//, '')}${entry.query === '' ? '' : `?${entry.query}`}`)
    out.textContent = JSON.stringify(data, null, 2).slice(0, 20_000)
  } catch (error) {
    out.textContent = error instanceof HttpError ? `${error.status}\n${JSON.stringify(error.body, null, 2)}` : String(error)
  }
}

// -- The live stream: fetch rather than EventSource, which cannot send the session or token headers --

async function openStream () {
  state.stream?.abort()
  const abort = new AbortController()
  state.stream = abort
  const live = $('#live')
  live.textContent = 'connecting…'
  live.className = 'live'
  try {
    const response = await fetch('requests/stream', { headers: controlHeaders(), signal: abort.signal })
    if (response.status === 401) {
      askForToken()
      throw new Error('needs the admin token')
    }
    if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error ?? `HTTP ${response.status}`)
    live.textContent = 'live'
    live.className = 'live on'
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += value
      let end
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        handleEvent(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
      }
    }
    throw new Error('the stream ended')
  } catch (error) {
    if (abort.signal.aborted) return
    live.textContent = `not live: ${error.message}; retrying`
    live.className = 'live off'
    setTimeout(() => { if (state.stream === abort) openStream() }, 3000)
  }
}

function handleEvent (block) {
  let name = 'message'
  let data = ''
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim()
    else if (line.startsWith('data:')) data += line.slice(5).trimStart()
  }
  if (data === '') return
  const payload = JSON.parse(data)
  if (name === 'request') addLive(payload)
  else if (name === 'gap') {
    // Counted, not fetched: under a heavy load, reading the journal again would only add to it.
    state.newSinceLoad += payload.dropped
    say(`${payload.dropped} requests came too fast to show live: Filter reloads the journal.`)
  }
}

// -- Runs ---------------------------------------------------------------------------------------

async function loadRuns () {
  const keys = $('#keys-form')
  keys.apiKey.value = state.apiKey
  keys.secretKey.value = state.secretKey
  const { runs } = await control('runs')
  $('#runs-table tbody').replaceChildren(...runs.map((run) => {
    return el('tr', { className: state.run?.id === run.id ? 'selected' : null },
      el('th', { scope: 'row' }, el('button', { type: 'button', className: 'link', onclick: () => openRun(run) }, run.id)),
      el('td', {}, run.name ?? '—'),
      el('td', {}, run.simulationType ?? '—'),
      el('td', { className: 'mono' }, run.rows.toLocaleString('en')),
      el('td', {}, run.origin),
      el('td', {}, run.profile ?? '—'))
  }))
  say(`${runs.length} run test${runs.length === 1 ? '' : 's'} in session ${state.session}.`)
  if (state.run !== null) await refreshRun()
}

async function openRun (run) {
  state.run = { ...run, name: run.name ?? null }
  state.callsPage = 1
  $('#call').hidden = true
  await refreshRun()
  $('#h-run').focus()
}

async function refreshRun () {
  const run = state.run
  $('#run').hidden = false
  $('#h-run').textContent = `Run ${run.name === null ? run.id : `${run.name} (${run.id})`}`
  await Promise.all([loadChart(run), loadExecutions(run), loadCalls()])
}

const listing = (run, query) => platform(`simulate/run-tests/${run.id}/call-executions/?${query}`)

async function loadChart (run) {
  // One count per status: the listing's own filter, one row a page.
  const counts = await Promise.all(CALL_STATUSES.map((status) => listing(run, `status=${status}&limit=1`).then((page) => page.count, () => null)))
  const most = Math.max(1, ...counts.map((n) => n ?? 0))
  const chart = $('#chart')
  chart.setAttribute('role', 'table')
  chart.setAttribute('aria-label', 'Calls by status')
  chart.replaceChildren(...CALL_STATUSES.flatMap((status, i) => {
    const n = counts[i]
    return [
      el('span', { role: 'rowheader' }, status),
      el('span', { className: 'bar-track', 'aria-hidden': 'true' }, barOf((n ?? 0) / most)),
      el('span', { className: 'n mono', role: 'cell', 'data-status': status }, n === null ? '?' : n.toLocaleString('en'))
    ]
  }))
}

/** A bar of the chart; its width through the CSSOM, which the page's content security policy allows (a style attribute it does not). */
function barOf (share) {
  const fill = el('span', { className: 'bar-fill' })
  fill.style.width = `${share * 100}%`
  return fill
}

async function loadExecutions (run) {
  const note = $('#executions-note')
  const body = $('#executions-table tbody')
  try {
    const page = await platform(`simulate/run-tests/${run.id}/executions/?limit=50`)
    const rows = page.results ?? []
    body.replaceChildren(...rows.map((te) => el('tr', {},
      el('td', { className: 'mono' }, te.id),
      el('td', {}, te.status),
      el('td', {}, te.calls ?? '—'),
      el('td', {}, time(te.start_time)))))
    note.hidden = rows.length !== 0
    note.textContent = 'No test execution yet.'
  } catch (error) {
    body.replaceChildren()
    note.hidden = false
    note.textContent = error instanceof HttpError && error.status === 404
      ? 'This mock does not serve the run test\'s executions.'
      : `Could not read the executions: ${error.message}`
  }
}

async function loadCalls () {
  const run = state.run
  const page = await listing(run, `page=${state.callsPage}&limit=${CALLS_PER_PAGE}`)
  state.callsPages = Math.max(1, page.total_pages ?? Math.ceil(page.count / CALLS_PER_PAGE))
  $('#calls-caption').textContent = `${page.count.toLocaleString('en')} calls, ${CALLS_PER_PAGE} a page, most recently updated first`
  $('#calls-page').value = String(state.callsPage)
  $('#calls-page').max = String(state.callsPages)
  $('#calls-pages').textContent = `of ${state.callsPages.toLocaleString('en')}`
  $('#calls-prev').disabled = state.callsPage <= 1
  $('#calls-next').disabled = state.callsPage >= state.callsPages
  $('#calls-table tbody').replaceChildren(...page.results.map((call) => el('tr', {},
    el('th', { scope: 'row' }, el('button', { type: 'button', className: 'link', onclick: () => openCall(call) }, call.id)),
    el('td', {}, call.status ?? '—'),
    el('td', {}, typeof call.scenario === 'object' && call.scenario !== null ? call.scenario.name : call.scenario ?? '—'),
    el('td', { className: 'mono' }, call.duration ?? '—'),
    el('td', { className: 'mono' }, time(call.timestamp ?? call.created_at)))))
}

function goToPage (page) {
  state.callsPage = Math.min(Math.max(1, page), state.callsPages)
  loadCalls().catch(fail)
}

async function openCall (row) {
  let call = row
  try {
    // The call's own endpoint, where the mock serves it: the full row, as of now.
    call = await platform(`simulate/call-executions/${row.id}/`)
  } catch {
    // Otherwise the listing's row, which carries the transcript.
  }
  const section = $('#call')
  section.hidden = false
  $('#h-call').textContent = `Call ${call.id}`
  facts($('#call-facts'), [
    ['Status', call.status],
    ['Scenario', typeof call.scenario === 'object' && call.scenario !== null ? call.scenario.name : call.scenario],
    ['Started', time(call.start_time)],
    ['Duration', call.duration === null ? null : `${call.duration} s`],
    // The platform's row gives milliseconds; the documented one, seconds.
    ['Agent latency', typeof call.avg_agent_latency_ms === 'number' ? `${call.avg_agent_latency_ms} ms`
      : typeof call.avg_agent_latency === 'number' ? `${call.avg_agent_latency} s` : null],
    ['Reported latency', typeof call.avg_latency_ms === 'number' ? `${call.avg_latency_ms} ms a turn` : null],
    ['Ended', call.ended_reason],
    ['Turns', String((call.transcript ?? []).length)]
  ])
  const turns = conversationOf(call.transcript ?? [])
  $('#transcript').replaceChildren(...(turns.length === 0
    ? [el('li', { className: 'hint' }, 'No transcript yet.')]
    : turns.map((turn) => el('li', { className: `turn ${turn.side}` },
      el('div', { className: 'who' }, el('strong', {}, turn.side === 'agent' ? 'Agent' : 'Customer'),
        turn.at === null ? null : el('span', {}, turn.at),
        turn.latency === null ? null : el('span', {}, `after ${turn.latency}`)),
      el('div', {}, turn.text)))))
  $('#h-call').focus()
}

/** Turns of any transcript the mock writes (voice, chat, or the documented one), with the wait before each. */
export function conversationOf (transcript) {
  let previousEnd = null
  return transcript.map((item) => {
    const role = item.speaker_role ?? item.role
    const side = role === 'assistant' || role === 'agent' ? 'agent' : 'customer'
    const text = typeof item.content === 'string'
      ? item.content
      : Array.isArray(item.messages) && item.messages.length > 0 ? item.messages.join('\n') : (item.content ?? []).map((part) => part.content).join('\n')
    let at = null
    let latency = null
    if (typeof item.start_time_ms === 'number') {
      at = `${(item.start_time_ms / 1000).toFixed(1)} s`
      if (previousEnd !== null) latency = `${Math.max(0, item.start_time_ms - previousEnd)} ms`
      previousEnd = item.end_time_ms ?? item.start_time_ms
    } else if (typeof item.created_at === 'string') {
      const ms = Date.parse(item.created_at)
      at = time(item.created_at).slice(11)
      if (previousEnd !== null && !Number.isNaN(ms)) latency = `${Math.max(0, ms - previousEnd)} ms`
      previousEnd = Number.isNaN(ms) ? null : ms
    }
    return { side, text, at, latency }
  })
}

// -- Controls -----------------------------------------------------------------------------------

async function openapiDocument () {
  state.document ??= await control('openapi.json')
  return state.document
}

async function loadControls () {
  const [clock, behaviour, faults, document] = await Promise.all([control('clock'), control('behaviour'), control('faults'), openapiDocument()])
  $('#clock-now').textContent = `${time(clock.now)}${clock.running ? ' (running)' : ' (frozen)'}`
  $('#delay-now').textContent = behaviour.latency ?? (behaviour.effectiveLatency === null ? 'none' : `${behaviour.effectiveLatency} (process-wide)`)
  $('#faults-table tbody').replaceChildren(...faults.faults.map((rule) => el('tr', {},
    el('td', {}, rule.id),
    el('td', { className: 'fault' }, rule.fault),
    el('td', { className: 'mono' }, Object.entries(rule.match).map(([k, v]) => `${k}=${v}`).join(' ') || 'any'),
    el('td', {}, rule.seen),
    el('td', {}, rule.fired))))
  // The choices are the control plane's own, from its OpenAPI document.
  const schemas = document.components?.schemas ?? {}
  const body = (name) => schemas[`${name}Input`] ?? schemas[name]
  fillChoices($('#fault-form').fault, body('FaultRuleBody')?.properties?.fault?.enum ?? [])
  fillChoices($('#run-form').profile, body('GeneratedRunBody')?.properties?.profile?.enum ?? ['finished'])
}

function fillChoices (select, values) {
  if (select.options.length === values.length) return
  select.replaceChildren(...values.map((value) => el('option', { value }, value)))
}

async function onClock (event) {
  event.preventDefault()
  const form = event.target
  const action = event.submitter?.value ?? 'advance'
  const body = action === 'advance' ? { advance: form.advance.value.trim() }
    : action === 'set' ? { set: form.set.value.trim() }
      : { run: action === 'run' }
  const clock = await control('clock', { method: 'POST', body })
  say(`The clock of session ${state.session} is at ${time(clock.now)}.`)
  await loadControls()
}

async function onDelay (event) {
  event.preventDefault()
  const latency = event.submitter?.value === 'clear' ? null : event.target.latency.value.trim()
  await control('behaviour', { method: 'PUT', body: { latency } })
  say(latency === null ? 'The session\'s delay is the process default.' : `Session ${state.session} answers after ${latency}.`)
  await loadControls()
}

async function onFault (event) {
  event.preventDefault()
  const form = event.target
  if (event.submitter?.value === 'clear') {
    await control('faults', { method: 'DELETE' })
    say('Cleared every fault rule.')
  } else {
    const match = {}
    for (const name of ['path', 'method', 'run_test_id']) if (form[name].value.trim() !== '') match[name] = form[name].value.trim()
    const body = { fault: form.fault.value, match }
    for (const name of ['times', 'after', 'probability']) if (form[name].value !== '') body[name] = Number(form[name].value)
    const rule = await control('faults', { method: 'POST', body })
    say(`Added ${rule.id}: ${rule.fault}.`)
  }
  await loadControls()
}

async function onCreateRun (event) {
  event.preventDefault()
  const form = event.target
  const body = { calls: Number(form.calls.value), profile: form.profile.value }
  if (form.seed.value !== '') body.seed = Number(form.seed.value)
  if (form.id.value.trim() !== '') body.id = form.id.value.trim()
  const run = await control('runs', { method: 'POST', body })
  $('#run-created').textContent = `Created ${run.id} (${run.rows} calls): ${run.url}`
  say(`Created run test ${run.id}.`)
}

async function onReset (event) {
  event.preventDefault()
  if (!window.confirm(`Reset session ${state.session}? Its created runs, journal, faults and delay are dropped.`)) return
  await control('reset', { method: 'POST' })
  state.run = null
  $('#run').hidden = true
  $('#call').hidden = true
  say(`Session ${state.session} is back to its start-up state.`)
  await loadControls()
}

// -- Wiring -------------------------------------------------------------------------------------

const guarded = (handler) => (event) => { handler(event).catch(fail) }

function start () {
  window.addEventListener('hashchange', show)
  $('#session').addEventListener('change', (event) => pickSession(event.target.value))
  $('#sessions-refresh').addEventListener('click', guarded(loadSessions))
  $('#runs-refresh').addEventListener('click', guarded(loadRuns))
  $('#filters').addEventListener('submit', guarded(async (event) => {
    event.preventDefault()
    const form = event.target
    state.filter = { method: form.method.value, path: form.path.value, status: form.status.value, run_test_id: form.run_test_id.value, own: form.own.checked }
    state.limit = PAGE_OF_REQUESTS
    await loadRequests()
  }))
  $('#filters').addEventListener('reset', () => {
    state.filter = { method: '', path: '', status: '', run_test_id: '', own: false }
    state.limit = PAGE_OF_REQUESTS
    setTimeout(() => loadRequests().catch(fail))
  })
  $('#requests-more').addEventListener('click', guarded(async () => {
    state.limit = Math.min(SHOWN_AT_MOST, state.limit + PAGE_OF_REQUESTS)
    await loadRequests()
  }))
  $('#copy-curl').addEventListener('click', guarded(copyCurl))
  $('#refetch').addEventListener('click', guarded(refetch))
  $('#keys-form').addEventListener('submit', guarded(async (event) => {
    event.preventDefault()
    state.apiKey = event.target.apiKey.value
    state.secretKey = event.target.secretKey.value
    store.setItem('apiKey', state.apiKey)
    store.setItem('secretKey', state.secretKey)
    await loadRuns()
  }))
  $('#calls-prev').addEventListener('click', () => goToPage(state.callsPage - 1))
  $('#calls-next').addEventListener('click', () => goToPage(state.callsPage + 1))
  $('#calls-page').addEventListener('change', (event) => goToPage(Number(event.target.value)))
  $('#clock-form').addEventListener('submit', guarded(onClock))
  $('#delay-form').addEventListener('submit', guarded(onDelay))
  $('#fault-form').addEventListener('submit', guarded(onFault))
  $('#run-form').addEventListener('submit', guarded(onCreateRun))
  $('#reset-form').addEventListener('submit', guarded(onReset))
  $('#token-form').addEventListener('submit', () => {
    state.token = $('#token-form').token.value
    store.setItem('token', state.token)
    openStream()
    show()
  })
  $('#session').value = state.session
  openStream()
  loadSessions().catch(() => {})
  show()
}

start()
