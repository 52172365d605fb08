/**
 * One HTTP request of a delivery, on node:http(s) directly: the connection goes to an
 * address checked after DNS resolution (src/webhooks/destination.ts), redirects are never
 * followed, the whole exchange has one deadline, and no more of the answer than a bound
 * is read. The outcome is data; nothing here throws.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { addressAllowed, checkUrl, literalAddress } from './destination.js'

export interface OutgoingRequest {
  method: 'POST' | 'PURGE'
  url: string
  headers: Record<string, string>
  body: string | null
}

export interface DeliveryOutcome {
  /** The receiver's status, or null when none came (refused, unreachable, timed out). */
  status: number | null
  durationMs: number
  /** The start of the answer's body, for the delivery log. */
  responseBody: string
  retryAfter: string | undefined
  /** Why it failed without a status, or what was wrong with the status (a redirect). */
  error: string | null
}

export interface DeliveryOptions {
  timeoutMs: number
  allowedNetworks: readonly string[]
  /** Abandons the request (the deliverer stopping): the outcome is then an error. */
  signal?: AbortSignal
}

/** Bytes of an answer kept for the log; the rest is not read. */
export const RESPONSE_BODY_BOUND = 1024

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) }

/** DNS resolution that refuses a host any of whose addresses may not be called. */
function checkedLookup (allowed: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error !== null) return callback(error, '', 0)
      const refused = addresses.find((a) => !addressAllowed(a.address, allowed))
      if (refused !== undefined) {
        return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, a private, loopback or link-local address (WEBHOOK_ALLOWED_NETWORKS does not allow it)`), { code: 'EDESTINATION' }), '', 0)
      }
      if (options.all === true) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
      callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}

export async function sendRequest (request: OutgoingRequest, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const started = performance.now()
  // What a receiver sends is stored in the log: NUL is taken out (a PostgreSQL text cannot hold it).
  const done = (outcome: Omit<DeliveryOutcome, 'durationMs'>): DeliveryOutcome => ({
    ...outcome,
    responseBody: outcome.responseBody.replaceAll('\u0000', ''),
    error: outcome.error?.replaceAll('\u0000', '') ?? null,
    durationMs: Math.round(performance.now() - started)
  })
  const checked = checkUrl(request.url)
  if (!checked.ok) return done({ status: null, responseBody: '', retryAfter: undefined, error: `the URL ${checked.reason}` })
  const url = checked.url
  const literal = literalAddress(url.hostname)
  if (literal !== null && !addressAllowed(literal, options.allowedNetworks)) {
    return done({ status: null, responseBody: '', retryAfter: undefined, error: `${literal} is a private, loopback or link-local address (WEBHOOK_ALLOWED_NETWORKS does not allow it)` })
  }
  const secure = url.protocol === 'https:'
  const body = request.body === null ? null : Buffer.from(request.body)
  return await new Promise<DeliveryOutcome>((resolve) => {
    let settled = false
    // The deliverer stopping: the exchange is dropped, and counts as not made.
    function abandon (): void {
      finish({ status: null, responseBody: '', retryAfter: undefined, error: 'abandoned: the deliverer stopped' })
      req.destroy()
    }
    const finish = (outcome: Omit<DeliveryOutcome, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      options.signal?.removeEventListener('abort', abandon)
      resolve(done(outcome))
    }
    const req = (secure ? https : http).request(url, {
      method: request.method,
      headers: { ...request.headers, ...(body === null ? {} : { 'content-length': String(body.length) }) },
      agent: secure ? agents.https : agents.http,
      lookup: checkedLookup(options.allowedNetworks)
    }, (res) => {
      const chunks: Buffer[] = []
      let kept = 0
      const status = res.statusCode ?? null
      const redirect = status !== null && status >= 300 && status < 400
      const answer = () => finish({
        status,
        responseBody: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BODY_BOUND),
        retryAfter: res.headers['retry-after'],
        error: redirect ? `redirect to ${res.headers.location ?? '(no Location)'} not followed` : null
      })
      res.on('data', (chunk: Buffer) => {
        if (kept < RESPONSE_BODY_BOUND) chunks.push(chunk)
        kept += chunk.length
        // Enough read: the rest of a large or endless answer is not waited for.
        if (kept >= RESPONSE_BODY_BOUND) {
          answer()
          res.destroy()
        }
      })
      res.on('end', answer)
      res.on('error', answer)
      res.on('close', answer)
    })
    const deadline = setTimeout(() => {
      finish({ status: null, responseBody: '', retryAfter: undefined, error: `no answer within ${options.timeoutMs} ms` })
      req.destroy()
    }, options.timeoutMs)
    req.on('error', (error: NodeJS.ErrnoException) => finish({ status: null, responseBody: '', retryAfter: undefined, error: error.message }))
    if (options.signal?.aborted === true) abandon()
    else options.signal?.addEventListener('abort', abandon, { once: true })
    req.end(body ?? undefined)
  })
}
