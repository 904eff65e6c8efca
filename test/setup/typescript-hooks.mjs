// Module hooks that run the TypeScript sources and tests in the test processes: esbuild strips the
// types file by file (no type check here: `npm run typecheck` does that) with the compiler options
// of tsconfig.json, and an inline source map keeps stack traces and coverage on the .ts lines.
import { existsSync, readFileSync } from 'node:fs'
import { URL, fileURLToPath } from 'node:url'
import { transform, transformSync } from 'esbuild'

const { compilerOptions } = JSON.parse(readFileSync(new URL('../../tsconfig.json', import.meta.url), 'utf8'))

function options (path) {
  return { loader: 'ts', format: 'esm', sourcemap: 'inline', sourcefile: path, tsconfigRaw: { compilerOptions } }
}

/** `./x.js` written in a .ts file names `./x.ts` when only that exists, as under NodeNext. */
function typescriptTwin (specifier, parentURL) {
  // A worker thread's entry arrives as an absolute URL with no .ts parent (a source starts one at `./x.js`).
  if (/^file:.*\.js$/.test(specifier)) {
    const twin = new URL(specifier.replace(/\.js$/, '.ts'))
    return existsSync(fileURLToPath(twin)) && !existsSync(fileURLToPath(new URL(specifier))) ? twin.href : undefined
  }
  if (parentURL === undefined || !parentURL.endsWith('.ts') || !/^\.\.?\/.*\.js$/.test(specifier)) return undefined
  const twin = new URL(specifier.replace(/\.js$/, '.ts'), parentURL)
  return existsSync(fileURLToPath(twin)) && !existsSync(fileURLToPath(new URL(specifier, parentURL))) ? twin.href : undefined
}

const isTypeScript = (url) => url.startsWith('file:') && url.endsWith('.ts')

/** Asynchronous hooks, for module.register(). */
export async function resolve (specifier, context, nextResolve) {
  return nextResolve(typescriptTwin(specifier, context.parentURL) ?? specifier, context)
}

export async function load (url, context, nextLoad) {
  if (!isTypeScript(url)) return nextLoad(url, context)
  const path = fileURLToPath(url)
  const { code } = await transform(readFileSync(path, 'utf8'), options(path))
  return { format: 'module', source: code, shortCircuit: true }
}

/** The same hooks, synchronous, for module.registerHooks(). */
export const syncHooks = {
  resolve (specifier, context, nextResolve) {
    return nextResolve(typescriptTwin(specifier, context.parentURL) ?? specifier, context)
  },
  load (url, context, nextLoad) {
    if (!isTypeScript(url)) return nextLoad(url, context)
    const path = fileURLToPath(url)
    const { code } = transformSync(readFileSync(path, 'utf8'), options(path))
    return { format: 'module', source: code, shortCircuit: true }
  }
}
