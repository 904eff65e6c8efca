// What starting the command loads: nothing a first request of the platform's API does not need.
import t from 'tap'
import { CLI, UNBUNDLED_CLI, requireFreshBuild, startCli } from './helper.js'

t.before(requireFreshBuild)

/** Preloaded into the command: names on stderr every module it loads, imported or required. */
const WATCH_LOADS = 'data:text/javascript,' + encodeURIComponent(
  'import{registerHooks}from"node:module";' +
  'registerHooks({load(url,context,next){process.stderr.write("module-loaded "+url+"\\n");return next(url,context)}})'
)

const AUTH = { 'x-api-key': 'test-api-key', 'x-secret-key': 'test-secret-key' }
const DEMO_PAGE = '/simulate/run-tests/11111111-1111-4111-8111-111111111111/call-executions/'

/** Modules only the documents, Swagger UI, journal queries or the kit need, and Fastify's defaults the zod compilers replace. */
const LATER = [
  /\/node_modules\/@fastify\/swagger\//,
  /\/node_modules\/@fastify\/swagger-ui\//,
  /\/node_modules\/yaml\//,
  /\/node_modules\/re2js\//,
  /\/node_modules\/ajv\//,
  /\/node_modules\/@fastify\/ajv-compiler\//,
  /\/node_modules\/@fastify\/fast-json-stringify-compiler\//,
  /\/dist\/kit\//,
  /\/dist\/openapi\/(document|documented|examples|read-examples|format|generate)\.js$/,
  /\/dist\/routes\/openapi-documents\.js$/,
  /\/dist\/domain\/request-pattern\.js$/
]

const loaded = (stderr: string): string[] => [...stderr.matchAll(/^module-loaded (\S+)$/gm)].map((match) => match[1] as string)

// The command runs from its single-file build, where the kit and the OpenAPI packages stay files of
// their own; its own modules are one file there, so their laziness is watched in the compiled modules
// as they are (dist/main.js), which load in the same order.
const ENTRIES: Array<[string, string, string]> = [
  ['the command', CLI, '/dist/futureagi-mock.js'],
  ['the compiled modules as they are', UNBUNDLED_CLI, '/dist/server.js']
]

for (const [name, entry, seen] of ENTRIES) {
  t.test(`${name}: answers the demo page without loading the documents, Swagger UI, RE2, Ajv or the kit, and loads the documents when asked for them`, async (t) => {
    const running = await startCli(t, [], { NODE_OPTIONS: `--import=${WATCH_LOADS}` }, entry)
    const page = await fetch(`${running.url}${DEMO_PAGE}`, { headers: AUTH })
    t.equal(page.status, 200)
    await page.arrayBuffer()
    const before = loaded(running.stderr())
    t.ok(before.some((url) => url.endsWith(seen)), `the watch sees ${seen}`)
    t.same(before.filter((url) => LATER.some((pattern) => pattern.test(url))), [], 'nothing loaded that the first answer does not need')

    const document = await fetch(`${running.url}/openapi.json`)
    t.equal(document.status, 200)
    await document.arrayBuffer()
    const after = loaded(running.stderr())
    t.ok(after.some((url) => /\/node_modules\/@fastify\/swagger\//.test(url)), 'the first document request loads @fastify/swagger')
    t.ok(after.some((url) => /\/node_modules\/@fastify\/swagger-ui\//.test(url)), 'and Swagger UI')
  })
}
