/**
 * Requests app.inject cannot send, over real sockets to a listening server: broken
 * request lines, headers and framing, headers over the size limit, and clients too slow
 * to finish. Node's HTTP parser refuses these before Fastify sees them
 * (src/http/client-errors.ts); each answer must still be a problem+json with the
 * expected status, no-store, `Connection: close` and the security headers every other
 * response has, and the server must then close the connection. A run is a function of
 * its seed.
 */
import { SECURITY_HEADERS } from '../../src/http/security-headers.js'
import { rawRequest, trickle } from '../../test/raw-http.js'
import type { Rng } from './prng.js'

export interface WireProbe {
  label: string
  chunks: Array<string | number>
  status: number
  /** The connection must be closed by then (ms from connecting). */
  closeWithinMs: number
}

export interface WireFailure { label: string, message: string, sent: string }

export interface WireResult {
  sent: number
  byStatus: Record<string, number>
  failures: WireFailure[]
}

const CONTROL = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001f', '\u007f']
const NAME_SEPARATORS = [' ', '(', ')', '<', '>', '@', ',', ';', '\\', '"', '/', '[', ']', '?', '=', '{', '}', '\u0000', '\u00e9']

/** One broken request built on a GET of `path`, with the status it must get. */
function broken (rng: Rng, path: string): Omit<WireProbe, 'closeWithinMs'> {
  const head = (lines: string[], requestLine = `GET ${path} HTTP/1.1`) => `${[requestLine, 'Host: 127.0.0.1', ...lines].join('\r\n')}\r\n\r\n`
  const post = (lines: string[], body: string) => `${['POST /v1/tags HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', ...lines].join('\r\n')}\r\n\r\n${body}`
  const size = rng.int(17_000, 40_000)
  const options: Array<[string, () => [string, number]]> = [
    ['unknown method', () => [head([], `${rng.pick(['BREW', 'G3T', 'get', 'GETT', 'POSTT', 'GE\u0000T'])} ${path} HTTP/1.1`), 400]],
    ['bad HTTP version', () => [head([], `GET ${path} ${rng.pick(['HTTP/9.9', 'HTTP/1.x', 'HTTPS/1.1', 'HTTP/11', 'http/1.1', 'HTTP/1.1 extra', 'HTTP/'])}`), 400]],
    ['no request line', () => [rng.pick(['\r\n\r\n\r\n', ' \r\n\r\n', '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003', 'GET\r\n\r\n', `${path}\r\n\r\n`]), 400]],
    ['control character in the target', () => [head([], `GET ${path}${rng.pick(CONTROL.filter((c) => c !== '\u007f'))}x HTTP/1.1`), 400]],
    ['separator in a header name', () => [head([`X${rng.pick(NAME_SEPARATORS)}Probe: 1`]), 400]],
    ['control character in a header value', () => [head([`X-Probe: a${rng.pick(CONTROL.filter((c) => c !== '\u0009'))}b`]), 400]],
    ['header line without a colon', () => [head([rng.pick(['X-Probe', 'no colon here', 'X-Probe 1'])]), 400]],
    ['bare CR in a header', () => [head(['X-Probe: a\rb']), 400]],
    ['headers over the limit', () => [head([`X-Big: ${'a'.repeat(size)}`]), 431]],
    ['request target over the limit', () => [head([], `GET ${path}?q=${'a'.repeat(size)} HTTP/1.1`), 431]],
    ['too many headers', () => [head(Array.from({ length: Math.ceil(size / 6) }, (_, i) => `X-${i}: ${i}`)), 431]],
    ['Content-Length with Transfer-Encoding', () => [post(['Content-Length: 2', 'Transfer-Encoding: chunked'], '0\r\n\r\n'), 400]],
    ['Content-Length not a number', () => [post([`Content-Length: ${rng.pick(['ab', '-1', '1.5', '0x10', '1 2', '+2'])}`], '{}'), 400]],
    ['two different Content-Lengths', () => [post(['Content-Length: 2', 'Content-Length: 3'], '{}'), 400]],
    ['chunk size not hex', () => [post(['Transfer-Encoding: chunked'], `${rng.pick(['zz', '-1', '0x2', 'FFFFFFFFFFFFFFFFFF'])}\r\n{}\r\n0\r\n\r\n`), 400]],
    ['unknown transfer coding', () => [post([`Transfer-Encoding: ${rng.pick(['gzip, chunked, foo', 'chunked, identity', 'foo'])}`], '0\r\n\r\n'), 400]]
  ]
  const [label, make] = rng.pick(options)
  const [text, status] = make()
  return { label, chunks: [text], status }
}

/** `count` broken requests on the given GET paths, and (with `slow`) a slow client of each kind. */
export function wireProbes (rng: Rng, paths: string[], count: number, slow?: { headersMs: number, requestMs: number, authorization: string }): WireProbe[] {
  const probes: WireProbe[] = Array.from({ length: count }, () => ({ ...broken(rng, rng.pick(paths)), closeWithinMs: 5_000 }))
  if (slow !== undefined) {
    const body = '{"name":"Slowly sent"}'.padEnd(200, ' ')
    probes.push({
      label: 'slow headers',
      chunks: [`GET ${rng.pick(paths)} HTTP/1.1\r\nHost: 127.0.0.1\r\n`, ...trickle(`X-Slow: ${'a'.repeat(400)}`, 100)],
      status: 408,
      closeWithinMs: slow.headersMs + 2_000
    }, {
      label: 'slow body',
      chunks: [`POST /v1/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${slow.authorization}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, ...trickle(body, 100)],
      status: 408,
      closeWithinMs: slow.requestMs + 2_000
    })
  }
  return probes
}

/** What an answer to `probe` breaks; empty when none. */
export function judge (probe: WireProbe, text: string, closedAfterMs: number): string[] {
  const problems: string[] = []
  const end = text.indexOf('\r\n\r\n')
  const [statusLine, ...lines] = text.slice(0, end === -1 ? text.length : end).split('\r\n')
  const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine ?? '')?.[1] ?? 0)
  if (status !== probe.status) problems.push(`answered ${JSON.stringify((statusLine ?? '').slice(0, 60))}, not ${probe.status}`)
  if (headers.get('content-type') !== 'application/problem+json; charset=utf-8') problems.push(`Content-Type ${JSON.stringify(headers.get('content-type'))}`)
  if (headers.get('cache-control') !== 'no-store') problems.push('no Cache-Control: no-store')
  if (headers.get('connection') !== 'close') problems.push('no Connection: close')
  const missing = Object.entries(SECURITY_HEADERS).filter(([name, value]) => headers.get(name.toLowerCase()) !== value).map(([name]) => name)
  if (missing.length > 0) problems.push(`security headers missing or different: ${missing.join(', ')}`)
  const body = end === -1 ? '' : text.slice(end + 4, end + 4 + Number(headers.get('content-length') ?? 0))
  let problem: Record<string, unknown> | undefined
  try { problem = JSON.parse(Buffer.from(body, 'latin1').toString('utf8')) } catch { problems.push(`body is not JSON: ${body.slice(0, 120)}`) }
  if (problem !== undefined) {
    const bad = ['type', 'title', 'detail', 'code'].filter((k) => typeof problem![k] !== 'string')
    if (problem.status !== probe.status) bad.push('status')
    if ('statusCode' in problem || 'error' in problem) bad.push('Fastify\'s own {error, message, statusCode} shape')
    if (bad.length > 0) problems.push(`problem body: ${bad.join(', ')}: ${body.slice(0, 200)}`)
  }
  if ((text.match(/HTTP\/1\.1 \d{3} /g) ?? []).length > 1) problems.push('more than one answer')
  if (closedAfterMs > probe.closeWithinMs) problems.push(`connection closed after ${closedAfterMs} ms (bound ${probe.closeWithinMs} ms)`)
  return problems
}

export async function runWireProbes (port: number, probes: WireProbe[], concurrency = 4): Promise<WireResult> {
  const result: WireResult = { sent: 0, byStatus: {}, failures: [] }
  let next = 0
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++]!
      result.sent++
      let problems: string[]
      let status = '—'
      try {
        const answer = await rawRequest(port, probe.chunks, probe.closeWithinMs + 5_000)
        status = String(answer.status)
        problems = judge(probe, answer.text, answer.closedAfterMs)
      } catch (error) {
        problems = [(error as Error).message]
      }
      result.byStatus[status] = (result.byStatus[status] ?? 0) + 1
      const sent = probe.chunks.filter((c): c is string => typeof c === 'string').join('')
      for (const message of problems) result.failures.push({ label: probe.label, message, sent: JSON.stringify(sent.length > 300 ? `${sent.slice(0, 300)}… (${sent.length} bytes)` : sent) })
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return result
}
