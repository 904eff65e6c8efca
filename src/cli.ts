#!/usr/bin/env node
// The futureagi-mock command's entry. Node keeps the compiled code of what it loads from here (in the
// system's temporary folder, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so
// that the next start compiles less; where that folder cannot be written, the command runs as it would
// without. The command itself (main.ts) runs from its single-file build, dist/futureagi-mock.js, made
// by `npm run build`: one module to read and compile, where its sources and their dependencies are
// hundreds of files.
import { enableCompileCache } from 'node:module'

enableCompileCache()
const COMMAND = './futureagi-mock.js'
await import(COMMAND)
