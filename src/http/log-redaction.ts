/**
 * What the logs may say about a request. API keys and feed tokens never reach a log
 * line: the Authorization header is censored wherever pino meets it, and anything shaped
 * like a credential is masked in the logged URL (after percent-decoding, as often as it
 * takes, so `byl%5F…` and `byl%255F…` are caught too), in log messages and in logged errors.
 */
import type { FastifyRequest } from 'fastify'

/** An API key `byl_<id>_<secret>` or a feed token `byf_<secret>`. */
const CREDENTIAL = /by[lf]_(?:[0-9a-f]{16}_)?[A-Za-z0-9_-]{43}/g
/**
 * A bare secret: 43 base64url characters (32 random bytes) standing alone, with an upper-case
 * letter among them. Slugs are lower case, so they are never taken for one; a random
 * secret lacks an upper-case letter once in five billion. A run joined by a dot to more
 * base64url is a cursor's payload or signature (`payload.mac`), not a secret.
 */
const SECRET = /(?<![A-Za-z0-9_-]|[A-Za-z0-9_-]\.)(?=[a-z0-9_-]*[A-Z])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/g
const BEARER = /(bearer(?:%20|\s|\+)+)[^&\s]+/gi

/** The text with any API key, feed token, bare secret or bearer token replaced. */
export function maskKeys (text: string): string {
  return text.replace(CREDENTIAL, (m) => `${m.slice(0, 4)}[redacted]`).replace(SECRET, '[redacted]').replace(BEARER, '$1[redacted]')
}

/** One pass of percent-decoding that never throws: bytes that are not UTF-8 become U+FFFD. */
function decodeOnce (text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'))
}

/** Percent-decoding until nothing changes (a few passes at most): `%255F` hides `_` twice over. */
function decodeFully (text: string): string {
  let decoded = text
  for (let pass = 0; pass < 4; pass++) {
    const next = decodeOnce(decoded)
    if (next === decoded) break
    decoded = next
  }
  return decoded
}

/** The URL as logged: as sent, unless it carries a credential, then decoded and masked. */
export function maskUrl (url: string): string {
  const decoded = decodeFully(url)
  const masked = maskKeys(decoded)
  return masked === decoded ? url : masked
}

export const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'request.headers.authorization']

/** Fastify's default request fields, with the URL masked. */
export function requestSerializer (request: FastifyRequest) {
  return {
    method: request.method,
    url: maskUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort
  }
}

/** Errors keep their type and fields; their message and stack lose any credential (a URL quoted in a message). */
/** drizzle's DrizzleQueryError puts the bound values in its message, after `params:`. */
const withoutParams = (text: string) => text.replace(/\nparams: [^]*?(?=\n {4}at |$)/, '\nparams: [not logged]')

export function errorSerializer (error: Error): { type: string, message: string, stack: string, [field: string]: unknown } {
  const fields = { type: error.constructor.name, message: maskUrl(withoutParams(String(error.message))), stack: maskUrl(withoutParams(error.stack ?? '')) } as { type: string, message: string, stack: string, [field: string]: unknown }
  for (const [name, value] of Object.entries(error)) {
    // A failed query's bound values can hold secrets (a webhook's signing secret) and content: never logged.
    if (name === 'params') continue
    if (!(name in fields)) fields[name] = typeof value === 'string' ? maskUrl(value) : value
  }
  return fields
}

/** Masks credentials in a log line's message (its string arguments): pino's `hooks.logMethod`. */
export const logHooks = {
  logMethod (this: unknown, args: unknown[], method: (...args: unknown[]) => void) {
    method.apply(this, args.map((arg) => typeof arg === 'string' ? maskUrl(arg) : arg))
  }
}
