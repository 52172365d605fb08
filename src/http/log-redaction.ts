/**
 * What the logs may say about a request. API keys never reach a log line: the
 * Authorization header is censored wherever pino meets it, and a key pasted into a URL
 * (a query parameter, a mistaken path) is masked in the logged URL.
 */
import type { FastifyRequest } from 'fastify'

const KEY = /byl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/g
const BEARER = /(bearer(?:%20|\s)+)[^&\s]+/gi

/** The text with any API key (or a bearer token in a query string) replaced. */
export function maskKeys (text: string): string {
  return text.replace(KEY, 'byl_[redacted]').replace(BEARER, '$1[redacted]')
}

export const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'request.headers.authorization']

/** Fastify's default request fields, with the URL masked. */
export function requestSerializer (request: FastifyRequest) {
  return {
    method: request.method,
    url: maskKeys(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort
  }
}
