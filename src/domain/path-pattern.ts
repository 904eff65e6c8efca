// The one rule for a path given to the control plane (a fault rule's `match.path`, the journal's `?path=`): exact, or a prefix ending in `*`.

/**
 * Whether `path` (no query string) is what `pattern` names: the path exactly, or, when the pattern ends
 * with `*`, any path that starts with the text before it (`/simulate/*`; `*` alone is every path). Only a
 * last `*` is special; anywhere else it is a character of the path.
 */
export function pathMatches (pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern
}
