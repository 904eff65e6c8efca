// The inspector page in a real headless Chromium: live requests, filters, a request's details and its curl
// command, a live run's calls moving with the clock, a conversation, a fault rule firing, the admin
// token, and a journal of 10,000 entries; with SCREENSHOTS=1 it leaves a screenshot of each view for the docs.
/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { buildApp, createAppControlPlane } from '../../src/app.js'
import { DEFAULTS } from '../../src/config.js'
import { createStoreFromConfig } from '../../src/data/setup.js'
import { API_KEY, SECRET_KEY, build } from '../helper.js'

/** Debian's package; CI installs it (.ci/run) rather than downloading a browser build. */
const CHROMIUM = '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]
/**
 * The docs show these (docs/inspector.md): small PNGs of a laptop-sized window, rewritten only when
 * SCREENSHOTS=1 is set, so that a plain `npm test` leaves the working tree as it found it.
 */
const SCREENSHOTS = fileURLToPath(new URL('../../docs/images/inspector/', import.meta.url))
const WRITE_SCREENSHOTS = process.env.SCREENSHOTS === '1'
const INSTALL = 'apt-get install -y --no-install-recommends chromium'

const DEMO_RUN = '11111111-1111-4111-8111-111111111111'
const LIVE_RUN = '66666666-6666-4666-8666-666666666666'
const MILLION_RUN = '55555555-5555-4555-8555-555555555555'
const KEYS = { 'X-Api-Key': API_KEY, 'X-Secret-Key': SECRET_KEY }
const WAIT = { timeout: 30_000 }

/**
 * The browser is a system package, not an npm one: without it the test is skipped, saying how to get
 * it, except in CI (CI=true, which .ci/run sets after installing it), where its absence is a failure.
 */
// A page, the million-call run and 10,000 journal entries take their time on a busy machine.
t.setTimeout(240_000)

const missing = existsSync(CHROMIUM)
  ? false
  : process.env.CI === undefined || process.env.CI === '' || process.env.CI === 'false'
    ? `${CHROMIUM} is not installed: run \`${INSTALL}\` (Debian) to drive the inspector page in headless Chromium`
    : false

async function launch (t: Test): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing in CI: install Debian's chromium (${INSTALL}), as .ci/run does`)
    return null
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  t.teardown(() => browser.close())
  return browser
}

/** A page that may reach the mock alone: anything it asks of another origin is refused and recorded. */
async function openPage (t: Test, browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] })
  const page = await context.newPage()
  const elsewhere: string[] = []
  await page.route('**/*', async (route) => {
    const url = route.request().url()
    if (new URL(url).origin === origin || url.startsWith('data:')) return route.continue()
    elsewhere.push(url)
    return route.abort()
  })
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('dialog', (dialog) => void dialog.accept())
  checks.set(page, () => {
    t.same(elsewhere, [], 'no request left the mock')
    t.same(pageErrors, [], 'no script error on the page')
  })
  return page
}

const checks = new Map<Page, () => void>()

async function shoot (page: Page, name: string): Promise<void> {
  if (!WRITE_SCREENSHOTS) return
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` })
}

const listing = (origin: string, run: string, query = '', headers: Record<string, string> = KEYS) =>
  fetch(`${origin}/simulate/run-tests/${run}/call-executions/${query}`, { headers })

const chartText = (page: Page) => page.locator('#chart').innerText()

async function post (url: string, body: unknown): Promise<{ status: number; json: { result?: Record<string, unknown> } & Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { ...KEYS, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: response.status, json: await response.json() as { result?: Record<string, unknown> } }
}

/** What the simulate SDK does for one chat: a text run test, a chat execution, a batch of calls, then turns. */
async function chatLoop (origin: string, agentSays: string[]): Promise<{ runId: string; callId: string }> {
  const created = await post(`${origin}/__mock/runs`, { calls: 0, simulation_type: 'text', name: 'Support bot', scenarios: 1 })
  if (created.status !== 201) throw new Error(`creating the chat run: ${created.status} ${JSON.stringify(created.json)}`)
  const runId = created.json.id as string
  const execution = await post(`${origin}/simulate/run-tests/${runId}/chat-execute/`, {})
  const te = execution.json.result?.execution_id as string
  const batch = await post(`${origin}/simulate/test-executions/${te}/chat/call-executions/batch/`, {})
  const callId = (batch.json.result?.call_execution_ids as string[])[0] as string
  const send = `${origin}/simulate/call-executions/${callId}/chat/send-message/`
  const opened = await post(send, { initiate_chat: true })
  if (opened.status !== 200) throw new Error(`opening the chat: ${opened.status} ${JSON.stringify(opened.json)}`)
  for (const content of agentSays) {
    const turn = await post(send, { messages: [{ role: 'user', content }], metrics: { latency: 850 } })
    if (turn.status !== 200) throw new Error(`a turn: ${turn.status} ${JSON.stringify(turn.json)}`)
    if (turn.json.result?.chat_ended === true) break
  }
  return { runId, callId }
}

t.test('the inspector follows requests live, opens them, moves a live run with the clock, shows a conversation and fires a fault', { skip: missing }, async (t) => {
  const browser = await launch(t)
  if (browser === null) return
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const page = await openPage(t, browser, origin)

  await page.goto(`${origin}/__mock/#requests`)
  await page.locator('#live.on').waitFor(WAIT)

  // A request made by another client appears without a reload.
  t.equal((await listing(origin, DEMO_RUN, '?limit=5')).status, 200)
  const demoRow = page.locator('#requests-table tbody tr', { hasText: `/simulate/run-tests/${DEMO_RUN}/call-executions/?limit=5` })
  await demoRow.waitFor(WAIT)
  t.match(await demoRow.innerText(), /GET[\s\S]*200/, 'the live row shows the method and the status')

  // Filtered by status, the live rows that do not match stay out.
  await page.getByLabel('Status').fill('401')
  await page.getByRole('button', { name: 'Filter' }).click()
  await page.locator('#requests-table tbody tr').first().waitFor({ state: 'detached', ...WAIT })
  t.equal((await listing(origin, DEMO_RUN, '?limit=6')).status, 200)
  t.equal((await listing(origin, DEMO_RUN, '?limit=7', { 'X-Api-Key': 'wrong', 'X-Secret-Key': 'wrong' })).status, 401)
  const refused = page.locator('#requests-table tbody tr', { hasText: '?limit=7' })
  await refused.waitFor(WAIT)
  t.equal(await page.locator('#requests-table tbody tr').count(), 1, 'only the 401 is listed under the filter')
  await page.getByRole('button', { name: 'Clear' }).click()
  await page.locator('#requests-table tbody tr', { hasText: '?limit=6' }).waitFor(WAIT)

  // One request opens to its headers, credentials redacted, and copies as curl without them.
  await page.locator('#requests-table tbody tr', { hasText: '?limit=6' }).getByRole('button').click()
  await page.locator('#request-detail').waitFor(WAIT)
  const headers = await page.locator('#request-headers').innerText()
  t.match(headers, /X-Api-Key\s+<redacted>/, 'the key is redacted in the headers')
  t.notMatch(headers, new RegExp(API_KEY), 'the key never reaches the page')
  await page.getByRole('button', { name: 'Copy as curl' }).click()
  await page.getByText('Copied the curl command').waitFor(WAIT)
  const curl = await page.evaluate(() => navigator.clipboard.readText())
  t.match(curl, new RegExp(`^curl '${origin}/simulate/run-tests/${DEMO_RUN}/call-executions/\\?limit=6'`), 'the command names the URL')
  t.match(curl, /-H "X-Api-Key: \$X_API_KEY"/, 'the key is a shell variable to fill in')
  t.notMatch(curl, new RegExp(`${API_KEY}|${SECRET_KEY}`), 'no credential value is copied')
  await shoot(page, 'requests')

  // The live run's calls move on as the session's clock advances.
  await page.getByRole('link', { name: 'Runs' }).click()
  await page.getByRole('button', { name: LIVE_RUN }).click()
  await page.locator('#chart [data-status="completed"]').waitFor(WAIT)
  await page.locator('#calls-table tbody tr').first().waitFor(WAIT)
  const before = await chartText(page)
  await page.getByRole('link', { name: 'Controls' }).click()
  await page.getByLabel('Advance by').fill('30m')
  await page.getByRole('button', { name: 'Advance', exact: true }).click()
  await page.locator('#clock-now', { hasText: '2026-04-06 12:30:00' }).waitFor(WAIT)
  await page.getByRole('link', { name: 'Runs' }).click()
  await page.waitForFunction((old) => {
    const chart = document.querySelector('#chart') as HTMLElement | null
    return chart !== null && !chart.innerText.includes('?') && chart.innerText !== old
  }, before, WAIT)
  t.not(await chartText(page), before, 'the counts by status changed with the clock')

  // A call opens to its conversation, both sides turn by turn.
  await page.getByRole('button', { name: DEMO_RUN }).click()
  await page.waitForFunction((run) => document.querySelector('#h-run')?.textContent?.includes(run) === true, DEMO_RUN, WAIT)
  await page.locator('#calls-table tbody tr', { hasText: 'completed' }).first().getByRole('button').click()
  await page.locator('#transcript li.turn').first().waitFor(WAIT)
  t.ok(await page.locator('#transcript li.turn.agent').count() > 0, 'the agent\'s turns are shown')
  t.ok(await page.locator('#transcript li.turn.customer').count() > 0, 'the customer\'s turns are shown')
  await page.locator('#h-run').scrollIntoViewIfNeeded()
  await shoot(page, 'runs')

  // A chat held through the simulate SDK's loop opens as that conversation, the agent's words as sent.
  const chat = await chatLoop(origin, ['Hello, this is the support desk. How can I help?', 'I understand. Let me sort that out for you.'])
  await page.getByRole('button', { name: 'Refresh' }).first().click()
  const chatRun = page.locator('#runs-table tbody tr', { hasText: 'Support bot' })
  await chatRun.waitFor(WAIT)
  t.match(await chatRun.innerText(), /Support bot\s+text/, 'the run shows its name and simulation type')
  await chatRun.getByRole('button').click()
  await page.getByRole('button', { name: chat.callId }).click()
  await page.locator('#transcript li.turn.agent', { hasText: 'Let me sort that out for you.' }).waitFor(WAIT)
  const turns = await page.locator('#transcript li.turn').allInnerTexts()
  t.ok(turns.length >= 4, `both sides, turn by turn (${turns.length} turns)`)
  t.match(turns[0], /^Customer/, 'the customer opens the chat')
  t.match(turns[1], /^Agent[\s\S]*Hello, this is the support desk/, 'then the agent, as it spoke')
  await page.locator('#h-call').scrollIntoViewIfNeeded()
  await shoot(page, 'conversation')

  // A fault rule added on the page fires on the next matching request, and the journal says so.
  await page.getByRole('link', { name: 'Controls' }).click()
  await page.locator('#fault-form select[name="fault"]').selectOption('status=503')
  await page.locator('#fault-form').getByLabel('Path').fill(`/simulate/run-tests/${DEMO_RUN}/call-executions/`)
  await page.getByLabel('Times').fill('1')
  await page.getByRole('button', { name: 'Add the rule' }).click()
  await page.locator('#faults-table tbody tr', { hasText: 'status=503' }).waitFor(WAIT)
  t.equal((await listing(origin, DEMO_RUN, '?limit=8')).status, 503, 'the rule fires on the next request')
  await page.getByRole('link', { name: 'Requests' }).click()
  const faulted = page.locator('#requests-table tbody tr', { hasText: '?limit=8' })
  await faulted.waitFor(WAIT)
  t.match(await faulted.innerText(), /503[\s\S]*status=503/, 'the journal shows the fault that answered')
  await page.getByRole('link', { name: 'Controls' }).click()
  const rule = page.locator('#faults-table tbody tr', { hasText: 'status=503' })
  await page.waitForFunction(() => document.querySelector('#faults-table tbody tr td:nth-child(5)')?.textContent === '1', undefined, WAIT)
  t.match(await rule.innerText(), /status=503[\s\S]*1\s+1$/, 'the rule saw one request and fired once')
  await shoot(page, 'controls')

  // Sessions: every live one, the default first.
  await fetch(`${origin}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mock-session': 'ci-job-42' }, body: '{"advance":"1h"}' })
  await page.getByRole('link', { name: 'Sessions' }).click()
  await page.getByRole('button', { name: 'ci-job-42' }).waitFor(WAIT)
  t.equal(await page.locator('#sessions-table tbody th').first().innerText(), 'default', 'the default session comes first')
  await shoot(page, 'sessions')
  await page.getByRole('button', { name: 'ci-job-42' }).click()
  await page.getByRole('link', { name: 'Controls' }).click()
  await page.getByText('2026-04-06 13:00:00 (frozen)').waitFor(WAIT)
  t.pass('picking a session shows its own clock')
  checks.get(page)?.()
})

t.test('the million-call run is read a page at a time', { skip: missing }, async (t) => {
  const browser = await launch(t)
  if (browser === null) return
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const page = await openPage(t, browser, origin)
  await page.goto(`${origin}/__mock/#runs`)
  await page.getByRole('button', { name: MILLION_RUN }).click()
  await page.getByText('1,000,000 calls, 25 a page').waitFor(WAIT)
  t.equal(await page.locator('#calls-table tbody tr').count(), 25, 'one page of calls')
  await page.getByLabel('Page', { exact: true }).fill('20000')
  await page.getByLabel('Page', { exact: true }).press('Enter')
  await page.waitForFunction(() => (document.querySelector('#calls-page') as HTMLInputElement | null)?.value === '20000', undefined, WAIT)
  await page.locator('#calls-table tbody tr').nth(24).waitFor(WAIT)
  t.equal(await page.locator('#calls-table tbody tr').count(), 25, 'a page deep in the run')
  await page.locator('#chart [data-status="completed"]').waitFor(WAIT)
  const counts = await page.locator('#chart .n').allInnerTexts()
  const sum = counts.reduce((total, text) => total + Number(text.replaceAll(',', '')), 0)
  t.ok(sum > 0 && sum <= 1_000_000, `the counts by status add up within the run (${sum})`)
  checks.get(page)?.()
})

t.test('a journal of 10,000 entries is shown newest first, 500 at a time', { skip: missing }, async (t) => {
  const browser = await launch(t)
  if (browser === null) return
  const store = createStoreFromConfig(DEFAULTS)
  const control = createAppControlPlane({ store, contract: DEFAULTS.contract, seed: DEFAULTS.seed }, { maxSessions: 10, journalSize: 10_000, clock: 'frozen' })
  // Built without the suite's check of each answer against the document, which would add 10,000 assertions.
  const app = buildApp({ store, contract: DEFAULTS.contract, apiKey: API_KEY, secretKey: SECRET_KEY, accessToken: null, control })
  t.teardown(() => app.close())
  for (let i = 0; i < 10_000; i++) {
    await app.inject({ method: 'GET', url: `/simulate/run-tests/${DEMO_RUN}/call-executions/?page=${i + 1}`, headers: KEYS })
  }
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const page = await openPage(t, browser, origin)
  const started = Date.now()
  await page.goto(`${origin}/__mock/#requests`)
  await page.getByText('500 shown of 10000').waitFor(WAIT)
  t.comment(`the first 500 of 10,000 entries shown ${Date.now() - started} ms after the page was asked for`)
  t.match(await page.locator('#requests-table tbody tr').first().innerText(), /page=10000/, 'the newest first')
  await page.getByRole('button', { name: 'Show older requests' }).click()
  await page.getByText('1000 shown of 10000').waitFor(WAIT)
  t.equal(await page.locator('#requests-table tbody tr').count(), 1000)
  checks.get(page)?.()
})

t.test('with an admin token the page asks for it, and nothing loads without it', { skip: missing }, async (t) => {
  const browser = await launch(t)
  if (browser === null) return
  const app = build(t, { adminToken: 'open-sesame' })
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const page = await openPage(t, browser, origin)
  const answered: Array<{ url: string; status: number }> = []
  page.on('response', (response) => answered.push({ url: response.url(), status: response.status() }))
  await page.goto(`${origin}/__mock/#sessions`)
  await page.locator('#token-dialog[open]').waitFor(WAIT)
  t.ok(await page.getByRole('textbox', { name: 'Token' }).isVisible(), 'the page asks for the token')
  const data = answered.filter(({ url }) => new URL(url).pathname !== '/__mock/' && !url.includes('/__mock/inspector/'))
  t.ok(data.length > 0 && data.every(({ status }) => status === 401), 'every read of the control plane was refused')
  t.equal(await page.locator('#sessions-table tbody tr').count(), 0, 'no session is shown')
  await shoot(page, 'token')

  await page.getByRole('textbox', { name: 'Token' }).fill('open-sesame')
  await page.getByRole('button', { name: 'Use the token' }).click()
  await page.getByRole('button', { name: 'default' }).waitFor(WAIT)
  t.pass('with the token, the sessions load')
  checks.get(page)?.()
})
