/**
 * Whether a GET's preconditions say the client's copy is current (RFC 9110 §13.1.2,
 * §13.1.3). The `fresh` package does the comparison, but it also answers "stale" to any
 * request with `Cache-Control: no-cache`: right for a cache, wrong for an origin server
 * (§13.2.1: the origin evaluates preconditions whatever Cache-Control says). Browsers'
 * and Node's fetch() add `no-cache` to every request carrying a validator, so with that
 * rule no frontend would ever get a 304. Only the validators are handed over.
 */
import type { IncomingHttpHeaders } from 'node:http'
import fresh from 'fresh'

// A type, not an interface: `fresh` takes any string record.
export type Validators = { etag: string, 'last-modified': string }

export function notModified (headers: IncomingHttpHeaders, validators: Validators): boolean {
  const ifNoneMatch = headers['if-none-match']
  const ifModifiedSince = headers['if-modified-since']
  if (ifNoneMatch === undefined && ifModifiedSince === undefined) return false
  return fresh({ 'if-none-match': ifNoneMatch, 'if-modified-since': ifModifiedSince }, validators)
}
