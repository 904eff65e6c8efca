// Content negotiation as the platform's framework does it, for a view whose only renderer is JSON.

/**
 * Whether an `Accept` header lets the platform answer with `application/json`. Each comma-separated
 * media range is compared by main type and subtype, `*` matching anything; quality values are not
 * weighed, so `application/json;q=0` still matches. A missing header means `*` / `*`; an empty one
 * matches nothing.
 * https://www.django-rest-framework.org/api-guide/content-negotiation/
 */
export function acceptsJson (accept: string | undefined): boolean {
  if (accept === undefined) return true
  for (const range of accept.split(',')) {
    const semicolon = range.indexOf(';')
    const fullType = (semicolon === -1 ? range : range.slice(0, semicolon)).trim().toLowerCase()
    const slash = fullType.indexOf('/')
    const main = slash === -1 ? fullType : fullType.slice(0, slash)
    const sub = slash === -1 ? '' : fullType.slice(slash + 1)
    if ((main === '*' || main === 'application') && (sub === '*' || sub === 'json')) return true
  }
  return false
}

/**
 * Whether a `format` query value selects a renderer the view has. Only `json` does; an empty value
 * is ignored. Anything else is answered with the framework's 404.
 */
export function formatIsServed (format: string | undefined): boolean {
  return format === undefined || format === '' || format === 'json'
}
