/**
 * What every answer must satisfy: no 5xx; a status the operation declares; the declared
 * media type and a body that validates against the declared schema (well-formed XML for
 * XML types); problem+json for every 4xx; a Location on redirects and a challenge on
 * 401; nothing internal (SQL, driver codes, stack traces, file paths) in the body or
 * headers; no raw "<" in JSON-LD (pages embed it in a <script> element, where
 * "</script>" in a story's text would end it); and no success for a request the
 * document calls invalid.
 */
import { XMLValidator } from 'fast-xml-parser'
import type { FuzzRequest } from './requests.js'
import type { Operation } from './spec.js'
import type { Validator } from './validate.js'

export interface Answer { statusCode: number, headers: Record<string, unknown>, body: string }

export interface Violation {
  /** Stable name of the check, for de-duplication: operation + check. */
  check: string
  message: string
}

/** Text no answer may contain, unless the request itself sent it. */
export const LEAKS: ReadonlyArray<readonly [string, RegExp]> = [
  ['SQL text', /SELECT |INSERT /],
  ['SQLite name', /sqlite/i],
  ['driver error code', /SQLITE_[A-Z]+|\bERR_[A-Z0-9_]{4,}\b|\bE(?:NOENT|ACCES|ISDIR|MFILE|PERM)\b/],
  ['SQL error message', /no such (?:table|column|function)|constraint failed|syntax error near|unrecognized token|fts5: |malformed MATCH/i],
  ['stack trace', / {4}at |(?:\n|\\n)\s*at [\w$.<>]+ \(/],
  ['source position', /\.ts:|\.[cm]?js:\d+/],
  ['file path', /\/work\/|node_modules/]
]

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are what this looks for
const XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/

const isJsonType = (t: string) => t === 'application/json' || t.endsWith('+json')
const isXmlType = (t: string) => t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml')

export class Checker {
  /** Leak patterns some request has sent: their presence in an answer may be an echo of stored input. */
  readonly tainted = new Set<string>()

  constructor (private readonly validator: Validator) {}

  /** Call for every request before its answer is checked. */
  noteRequest (req: FuzzRequest, url: string): void {
    let decoded = url
    try { decoded = decodeURIComponent(url) } catch { /* keep it raw */ }
    const text = [url, decoded, ...Object.values(req.headers), req.body ?? ''].join('\n')
    for (const [name, re] of LEAKS) if (re.test(text)) this.tainted.add(name)
  }

  check (op: Operation, req: FuzzRequest, res: Answer): Violation[] {
    const out: Violation[] = []
    const status = res.statusCode
    const contentType = String(res.headers['content-type'] ?? '')
    const media = contentType.split(';')[0]!.trim().toLowerCase()

    if (status >= 500) out.push({ check: 'server_error', message: `answered ${status}: ${res.body.slice(0, 300)}` })

    const declared = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default
    if (declared === undefined) {
      out.push({ check: 'undeclared_status', message: `status ${status} is not declared (declared: ${Object.keys(op.responses).join(', ')})` })
    } else if (declared.content === undefined) {
      if (res.body !== '') out.push({ check: 'content_type', message: `${status} declares no body but one was sent (${contentType}): ${res.body.slice(0, 120)}` })
    } else if (res.body === '') {
      out.push({ check: 'content_type', message: `${status} declares a body (${Object.keys(declared.content).join(', ')}) but none was sent` })
    } else if (declared.content[media] === undefined) {
      out.push({ check: 'content_type', message: `${status} answered "${contentType}"; declared: ${Object.keys(declared.content).join(', ')}` })
    } else {
      const schema = declared.content[media]!.schema
      let value: unknown = res.body
      let parsed = true
      if (isJsonType(media)) {
        try { value = JSON.parse(res.body) } catch (error) {
          parsed = false
          out.push({ check: 'malformed_body', message: `${status} ${media} is not JSON: ${(error as Error).message}` })
        }
      } else if (isXmlType(media)) {
        const result = XMLValidator.validate(res.body)
        if (result !== true) out.push({ check: 'malformed_body', message: `${status} ${media} is not well-formed XML: ${result.err.msg} (line ${result.err.line})` })
        const bad = XML_CHARS.exec(res.body)
        if (bad !== null) out.push({ check: 'malformed_body', message: `${status} ${media} contains U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}, which XML 1.0 does not allow: …${res.body.slice(Math.max(0, bad.index - 60), bad.index + 20)}…` })
      }
      if (parsed && schema !== undefined) {
        const errors = this.validator.errors(schema, value)
        if (errors !== null) out.push({ check: 'schema', message: `${status} ${media} does not match its schema: ${errors.slice(0, 600)}` })
      }
    }

    if (status >= 400 && status < 500) {
      if (media !== 'application/problem+json') out.push({ check: 'problem_json', message: `${status} is "${contentType}", not application/problem+json` })
      else {
        let problem: any
        try { problem = JSON.parse(res.body) } catch { problem = undefined }
        const missing = ['type', 'title', 'detail'].filter((k) => typeof problem?.[k] !== 'string')
        if (problem?.status !== status) missing.push(`status (${JSON.stringify(problem?.status)} ≠ ${status})`)
        if (missing.length > 0) out.push({ check: 'problem_json', message: `${status} problem lacks ${missing.join(', ')}: ${res.body.slice(0, 200)}` })
      }
    }

    if (media === 'application/ld+json' && res.body.includes('<')) {
      const at = res.body.indexOf('<')
      out.push({ check: 'jsonld_markup', message: `${status} JSON-LD contains a raw "<" (write \\u003c): …${res.body.slice(Math.max(0, at - 60), at + 40)}…` })
    }

    if (status >= 300 && status < 400 && status !== 304 && typeof res.headers.location !== 'string') out.push({ check: 'redirect', message: `${status} without a Location header` })
    if (status === 401 && res.headers['www-authenticate'] === undefined) out.push({ check: 'www_authenticate', message: '401 without a WWW-Authenticate challenge' })

    const headerText = Object.entries(res.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\n')
    for (const [name, re] of LEAKS) {
      if (this.tainted.has(name)) continue
      const inBody = re.exec(res.body)
      const inHeaders = inBody === null ? re.exec(headerText) : null
      const hit = inBody ?? inHeaders
      if (hit !== null) {
        const text = inBody !== null ? res.body : headerText
        out.push({ check: 'leak', message: `${status} ${inBody !== null ? 'body' : 'headers'} contain ${name}: …${text.slice(Math.max(0, hit.index - 80), hit.index + 80)}…` })
      }
    }

    if (req.mustReject !== null && status < 400) out.push({ check: 'invalid_accepted', message: `answered ${status} to a request the document makes invalid (${req.mustReject.slice(0, 200)})` })
    return out
  }
}
