// The Swagger UI page in a real headless Chromium: it renders the listing operation, offline, and leaves a screenshot to look at.
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import t from 'tap'
import { build } from '../helper.js'

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
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))

const INSTALL = `apt-get install -y --no-install-recommends chromium`

/**
 * The browser is a system package, not an npm one: without it the test is skipped, saying how to get
 * it, except in CI (CI=true, which .ci/run sets after installing it), where its absence is a failure.
 */
const missing = existsSync(CHROMIUM)
  ? false
  : process.env.CI === undefined || process.env.CI === '' || process.env.CI === 'false'
    ? `${CHROMIUM} is not installed: run \`${INSTALL}\` (Debian) to render the docs page in headless Chromium`
    : false

t.test('the docs page renders the listing operation from the mock alone', { skip: missing }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing in CI: install Debian's chromium (${INSTALL}), as .ci/run does`)
    return
  }
  const app = build(t)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })

  // Anything the page asks of another origin is refused and recorded: the page must not need the network.
  const elsewhere: string[] = []
  await page.route('**/*', async (route) => {
    const url = route.request().url()
    if (new URL(url).origin === origin || url.startsWith('data:')) return route.continue()
    elsewhere.push(url)
    return route.abort()
  })
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))

  await page.goto(`${origin}/docs/`)
  const operation = page.locator('.opblock-summary', { hasText: 'Get call executions for a test run' })
  await operation.waitFor({ state: 'visible', timeout: 30_000 })
  t.ok(await page.getByText('listRunTestCallExecutions', { exact: true }).isVisible(), 'the operation id is shown')
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOTS}docs.png`, fullPage: true })

  // Opened, the operation lists its parameters and responses.
  await operation.click()
  await page.locator('.parameters').first().waitFor({ state: 'visible', timeout: 30_000 })
  for (const name of ['run_test_id', 'search', 'status', 'limit', 'page', 'Prefer']) {
    t.ok(await page.locator('.parameters .parameter__name', { hasText: name }).first().isVisible(), `parameter ${name}`)
  }
  for (const status of ['200', '401', '404', '500']) {
    t.ok(await page.locator('.responses-table .response-col_status', { hasText: status }).first().isVisible(), `response ${status}`)
  }
  await page.screenshot({ path: `${SCREENSHOTS}docs-listing.png`, fullPage: true })

  t.same(elsewhere, [], 'no request left the mock')
  t.same(pageErrors, [], 'no script error on the page')
})
