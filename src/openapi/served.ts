// The documents as a running mock serves them: its own address first among the servers, so that a tool
// reading one (Swagger UI's "Try it out", a generated client, Postman) reaches this mock, through its
// public URL and path prefix when it has one. The committed files name the default address only.
import type { FastifyRequest } from 'fastify'

interface WithServers {
  servers?: ReadonlyArray<{ url: string; description?: string }>
}

/** The address clients reach the mock at: its public URL, else the scheme and Host the request came with. */
export function ownOrigin (request: FastifyRequest, publicUrl: string | null): string {
  return publicUrl ?? `${request.protocol}://${request.host}`
}

/** The path prefix of a public URL (`/prefix`), or '' when the mock is reached at the root. */
export function publicPath (publicUrl: string | null): string {
  return publicUrl === null ? '' : new URL(publicUrl).pathname.replace(/\/+$/, '')
}

/**
 * The document with `origin` as its first server, before the ones it names already (without a second
 * copy of `origin`). When `origin` is its first server already, the document itself: the committed file
 * byte for byte.
 */
export function servedFrom<T extends WithServers> (document: T, origin: string): T {
  const servers = document.servers ?? []
  if (servers[0]?.url === origin) return document
  return { ...document, servers: [{ url: origin, description: 'This mock' }, ...servers.filter((server) => server.url !== origin)] }
}

/**
 * A document's text as served at an origin, written once and kept for the next request from the same
 * origin: one text is held, so whatever Host headers clients send, the memory stays that of one document.
 */
export function servedText (write: (origin: string) => string): (origin: string) => string {
  let last: { origin: string; text: string } | null = null
  return (origin) => {
    if (last === null || last.origin !== origin) last = { origin, text: write(origin) }
    return last.text
  }
}
