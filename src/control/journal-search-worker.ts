// The thread that matches a journal query's request pattern against its records, so that no pattern holds the server's event loop.
import { parentPort } from 'node:worker_threads'
import { PatternError, compileRequestPattern, type RecordedRequest } from '../domain/request-pattern.js'
import { headerPairs } from './journal.js'
import type { SearchAnswer, SearchChunk } from './journal-search.js'

/** The pattern of the query being answered, compiled once for all its chunks. */
let compiled: { job: number; test: (request: RecordedRequest) => boolean } | null = null

function recordedOf ([method, target, headerLines]: readonly [string, string, string]): RecordedRequest {
  const mark = target.indexOf('?')
  const path = mark === -1 ? target : target.slice(0, mark)
  const query = mark === -1 ? '' : target.slice(mark + 1)
  return { method, url: query === '' ? path : `${path}?${query}`, path, query, headers: headerPairs(headerLines) }
}

function answer (chunk: SearchChunk): SearchAnswer {
  try {
    if (compiled === null || compiled.job !== chunk.job) compiled = { job: chunk.job, test: compileRequestPattern(chunk.pattern) }
    const matched: number[] = []
    for (let i = 0; i < chunk.records.length; i++) if (compiled.test(recordedOf(chunk.records[i] as SearchChunk['records'][number]))) matched.push(i)
    return { job: chunk.job, matched }
  } catch (error) {
    const refused = error instanceof PatternError
    return { job: chunk.job, error: { kind: refused ? error.kind : 'internal', message: (error as Error).message } }
  }
}

parentPort?.on('message', (chunk: SearchChunk) => {
  parentPort?.postMessage(answer(chunk))
})
parentPort?.postMessage({ job: 0, ready: true } satisfies SearchAnswer)
