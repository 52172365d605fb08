/**
 * The security headers every response carries: what @fastify/helmet would write with
 * HELMET_OPTIONS, spelled out once. src/plugins/protection.ts sets them on every request
 * (helmet itself rebuilt its middleware from the options on each request: 25–90 µs of
 * an uncached read), and answers written straight to the socket, before Fastify has a
 * request (src/http/client-errors.ts), send them too. A test runs helmet with
 * HELMET_OPTIONS and compares, so the two cannot drift apart.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none';frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0'
}

/**
 * Nothing here is a page: forbid every fetch, framing and sniffing a browser might try
 * on a JSON response. Partners' pages load media URLs and JSON cross-origin.
 */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  crossOriginEmbedderPolicy: false,
  frameguard: { action: 'deny' }
} as const

/** A route's own loosening (/docs is a page: src/plugins/docs-ui.ts), as helmet's route option spelled it. */
export interface SecurityHeaderOptions { contentSecurityPolicy?: false }

const ALL = Object.entries(SECURITY_HEADERS)
const WITHOUT_CSP = ALL.filter(([name]) => name !== 'Content-Security-Policy')

/** The headers a route sends, as [name, value] pairs. */
export function securityHeadersFor (options: SecurityHeaderOptions | undefined): ReadonlyArray<[string, string]> {
  return options?.contentSecurityPolicy === false ? WITHOUT_CSP : ALL
}
