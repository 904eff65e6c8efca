// Preloaded into every test process by tap (package.json, "tap": "node-arg"), in place of tap's own
// TypeScript loader (ts-node, turned off there by TAP_TYPE_STRIP_ONLY=1 in "test-env"): esbuild
// compiles a file in about a millisecond where ts-node first loads the TypeScript compiler, which
// saved about 3 s of CPU in each test file.
//
// A --require preload runs before tap's --import preloads, so these hooks sit under tap's coverage
// hooks, which then see the compiled code and its source map. They are synchronous where tap's are
// (module.registerHooks, the same test of the Node version as @tapjs/processinfo) and asynchronous
// elsewhere: either way tap's hooks stay the outer ones.
const { register, registerHooks } = require('node:module')
const process = require('node:process')
const { pathToFileURL } = require('node:url')

const [major, minor] = process.versions.node.split('.').map(Number)
const synchronous = typeof registerHooks === 'function' &&
  (typeof register !== 'function' || major > 25 || (major === 25 && minor >= 1) || (major === 24 && minor >= 13))

if (synchronous) {
  // A synchronous preload cannot await an ES module: the hooks are loaded with require(esm).
  registerHooks(require('./typescript-hooks.mjs').syncHooks)
} else {
  register('./typescript-hooks.mjs', pathToFileURL(__filename))
}
