/**
 * An OpenAPI fuzzer for Byline, in the manner of Schemathesis: requests for every
 * operation in openapi.yaml, valid and invalid, anonymous and with every role's key,
 * sent with app.inject to a real app; every answer is checked against the document
 * (reliability/fuzz/check.ts). A run is a function of its seed.
 *
 *   const result = await runFuzz({ app, requests: 1000, seed: 1 })
 *   result.failures  // one per operation and check, with a minimal reproduction
 */
import type { FastifyInstance } from 'fastify'
import { Checker, type Answer, type Violation } from './fuzz/check.js'
import { Rng } from './fuzz/prng.js'
import { pathOf, RequestBuilder, urlOf, type FuzzRequest, type Mode } from './fuzz/requests.js'
import { buildSpec, loadSpecFile, type OpenApiDoc, type Operation, type Spec } from './fuzz/spec.js'
import { FuzzState, kindOfPath, type QueryPart } from './fuzz/state.js'
import { Validator } from './fuzz/validate.js'

export { randomSeed } from './fuzz/prng.js'
export type { FuzzRequest } from './fuzz/requests.js'
export type { Answer, Violation } from './fuzz/check.js'

export interface FuzzOptions {
  app: FastifyInstance
  /** How many requests to send (at least two per operation to cover them all). */
  requests: number
  seed: number
  /** The OpenAPI document; openapi.yaml when not given. */
  doc?: OpenApiDoc
  /** Shrink each failure's request to a minimal one that still fails (default true). */
  shrink?: boolean
  /** Called every 500 requests with the number sent. */
  onProgress?: (sent: number) => void
  /** Called after every request (for a trace of the run). */
  onRequest?: (index: number, req: FuzzRequest, url: string, res: Answer, violations: Violation[]) => void
}

/** A request as shown in a report: what to send to reproduce a failure. */
export interface Reproduction {
  method: string
  url: string
  headers: Record<string, string>
  /** The body as sent (may be long; see `describeBody`). */
  body?: string
  /** Who sent it: anonymous, a role, or the kind of broken key. */
  auth: string
  /** What the fuzzer broke on purpose. */
  mutations: string[]
}

export interface Failure {
  operation: string
  method: string
  path: string
  check: string
  message: string
  status: number
  /** How many requests failed this way. */
  count: number
  /** 1-based index of the first such request in the run. */
  firstAt: number
  request: Reproduction
  /** True when `request` is a shrunk version of the original that still fails the same way. */
  shrunk: boolean
}

export interface OperationStats {
  method: string
  path: string
  requests: number
  byStatus: Record<string, number>
  success: number
  clientError: number
  failures: number
}

export interface FuzzResult {
  seed: number
  requests: number
  durationMs: number
  failures: Failure[]
  byStatus: Record<string, number>
  perOperation: Record<string, OperationStats>
  operations: { covered: number, total: number }
  /** Leak patterns that some request sent itself, so they were not checked afterwards. */
  tainted: string[]
  /** Requests sent with a method the document does not give their path (each must be a 405). */
  wrongMethods: number
  /** GETs repeated with their ETag and Cache-Control/Pragma: no-cache (each must be a 304). */
  revalidated: number
}

const METHOD_ORDER = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE']

export async function runFuzz (options: FuzzOptions): Promise<FuzzResult> {
  const { app, seed } = options
  const started = Date.now()
  const spec: Spec = buildSpec(options.doc ?? loadSpecFile())
  const rng = new Rng(seed)
  const validator = new Validator(spec.doc)
  const state = await FuzzState.create(app, rng)
  const builder = new RequestBuilder(rng, spec, validator, state)
  const checker = new Checker(validator)

  const perOperation: Record<string, OperationStats> = {}
  for (const op of spec.operations) perOperation[op.id] = { method: op.method, path: op.path, requests: 0, byStatus: {}, success: 0, clientError: 0, failures: 0 }
  const byStatus: Record<string, number> = {}
  const failures = new Map<string, Failure & { original: FuzzRequest }>()
  let revalidations = 0

  // Creates first, so the deletes of the first passes have something of their own to delete.
  const ordered = [...spec.operations].sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method))
  const plan = (i: number): [Operation, Mode] => {
    if (i < ordered.length) return [ordered[i]!, 'strict-valid']
    if (i < 2 * ordered.length) return [ordered[i - ordered.length]!, 'certain-4xx']
    return [rng.pick(spec.operations), rng.chance(0.55) ? 'valid' : 'invalid']
  }

  for (let i = 0; i < options.requests; i++) {
    const [op, mode] = plan(i)
    const req = await builder.build(op, mode)
    const url = urlOf(req)
    checker.noteRequest(req, url)
    const res = await send(app, req, url)
    const stats = perOperation[op.id]!
    stats.requests++
    const status = String(res.statusCode)
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1
    byStatus[status] = (byStatus[status] ?? 0) + 1
    if (res.statusCode >= 200 && res.statusCode < 300) stats.success++
    if (res.statusCode >= 400 && res.statusCode < 500) stats.clientError++
    const violations = checker.check(op, req, res)
    for (const v of violations) {
      stats.failures++
      const key = `${op.id} ${v.check}`
      const seen = failures.get(key)
      if (seen !== undefined) { seen.count++; continue }
      failures.set(key, { operation: op.id, method: op.method, path: op.path, check: v.check, message: v.message, status: res.statusCode, count: 1, firstAt: i + 1, request: reproduction(req, url, state), shrunk: false, original: req })
    }
    observe(state, op, req, url, res)
    if (revalidatable(req, res) && ++revalidations % 3 === 0) {
      for (const v of await revalidateWithNoCache(app, req, url, res)) {
        stats.failures++
        const key = `${op.id} ${v.check}`
        const seen = failures.get(key)
        if (seen !== undefined) { seen.count++; continue }
        failures.set(key, { operation: op.id, method: op.method, path: op.path, check: v.check, message: v.message, status: res.statusCode, count: 1, firstAt: i + 1, request: reproduction(req, url, state), shrunk: false, original: req })
      }
    }
    options.onRequest?.(i + 1, req, url, res, violations)
    if (options.onProgress !== undefined && (i + 1) % 500 === 0) options.onProgress(i + 1)
  }

  const wrongMethods = await probeMethods(app, spec, builder)
  for (const f of wrongMethods.failures) failures.set(`${f.operation} ${f.check}`, f)

  if (options.shrink !== false) {
    for (const failure of failures.values()) {
      if (failure.check === 'method_not_allowed') continue
      const smaller = await shrink(app, checker, builder, failure.original, failure.check)
      if (smaller !== null) {
        failure.request = reproduction(smaller.req, urlOf(smaller.req), state)
        failure.message = smaller.violation.message
        failure.status = smaller.status
        failure.shrunk = true
      }
    }
  }

  const covered = Object.values(perOperation).filter((s) => s.requests > 0).length
  return {
    seed,
    requests: options.requests,
    durationMs: Date.now() - started,
    failures: [...failures.values()].map(({ original, ...f }) => f),
    byStatus,
    wrongMethods: wrongMethods.sent,
    revalidated: Math.floor(revalidations / 3),
    perOperation,
    operations: { covered, total: spec.operations.length },
    tainted: [...checker.tainted]
  }
}

async function send (app: FastifyInstance, req: FuzzRequest, url: string): Promise<Answer> {
  try {
    const payload = req.bodyBytes ?? req.body
    const res = await app.inject({ method: req.method as 'GET', url, headers: req.headers, ...(payload === undefined ? {} : { payload }) })
    return { statusCode: res.statusCode, headers: res.headers as Record<string, unknown>, body: res.body }
  } catch (error) {
    // app.inject itself refused (a header Node would never send): not the app's answer.
    return { statusCode: 599, headers: {}, body: `inject failed: ${(error as Error).message}` }
  }
}

/** An anonymous, unbroken GET answered 200 with an ETag: asking again with it must give a 304. */
function revalidatable (req: FuzzRequest, res: Answer): boolean {
  return req.method === 'GET' && res.statusCode === 200 && typeof res.headers.etag === 'string' &&
    req.mutations.length === 0 && req.headers.authorization === undefined && req.headers['if-none-match'] === undefined && req.headers['if-modified-since'] === undefined
}

/**
 * The same GET with the validator just received and a browser's reload headers
 * (`Cache-Control: no-cache`, `Pragma: no-cache`): those ask caches to revalidate, which
 * is exactly this request, so the origin still answers 304 (RFC 9111 §5.2.1.4).
 */
async function revalidateWithNoCache (app: FastifyInstance, req: FuzzRequest, url: string, res: Answer): Promise<Violation[]> {
  const again = await app.inject({ method: 'GET', url, headers: { ...req.headers, 'if-none-match': String(res.headers.etag), 'cache-control': 'no-cache', pragma: 'no-cache' } })
  if (again.statusCode === 304 && again.body === '') return []
  return [{ check: 'revalidation', message: `If-None-Match: ${String(res.headers.etag)} with Cache-Control: no-cache and Pragma: no-cache answered ${again.statusCode}, not 304` }]
}

const PROBED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * Every path of the document with each method it does not declare: a 405 problem+json
 * whose Allow lists the declared methods (HEAD with GET; OPTIONS, the CORS preflight,
 * everywhere), never a 404 for a path that exists. Path parameters are valid values.
 */
async function probeMethods (app: FastifyInstance, spec: Spec, builder: RequestBuilder): Promise<{ sent: number, failures: Array<Failure & { original: FuzzRequest }> }> {
  const failures: Array<Failure & { original: FuzzRequest }> = []
  let sent = 0
  const byPath = new Map<string, Operation[]>()
  for (const op of spec.operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op])
  for (const [path, ops] of byPath) {
    const declared = new Set(ops.map((op) => op.method))
    if (declared.has('GET')) declared.add('HEAD')
    const allow = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => declared.has(m)).concat('OPTIONS').join(', ')
    const template = await builder.build(ops.find((op) => op.method === 'GET') ?? ops[0]!, 'strict-valid')
    const url = pathOf(template)
    for (const method of PROBED_METHODS.filter((m) => !declared.has(m))) {
      sent++
      const res = await app.inject({ method, url, headers: { 'content-type': 'application/json' }, ...(method === 'GET' || method === 'HEAD' ? {} : { payload: '{}' }) })
      const problems: string[] = []
      if (res.statusCode !== 405) problems.push(`answered ${res.statusCode}, not 405`)
      if (res.headers.allow !== allow) problems.push(`Allow is ${JSON.stringify(res.headers.allow)}, not "${allow}"`)
      if (!String(res.headers['content-type']).startsWith('application/problem+json')) problems.push(`"${String(res.headers['content-type'])}", not problem+json`)
      if (problems.length === 0) continue
      const id = `${method} ${path}`
      failures.push({ operation: id, method, path, check: 'method_not_allowed', message: problems.join('; '), status: res.statusCode, count: 1, firstAt: 0, request: { method, url, headers: {}, auth: 'anonymous', mutations: [`method ${method}, which ${path} does not declare`] }, shrunk: false, original: { ...template, method } })
    }
  }
  return { sent, failures }
}

/** Learns from an answer: new resources, ETags, validators, next pages; refreshes pools after writes. */
function observe (state: FuzzState, op: Operation, req: FuzzRequest, url: string, res: Answer): void {
  const ok = res.statusCode >= 200 && res.statusCode < 300
  if (op.method !== 'GET' && ok) state.markDirty()
  if (res.statusCode >= 300 && res.statusCode < 400) state.markDirty()
  const kind = kindOfPath(op.path) ?? kindOfPath(`${op.path}/{x}`)
  const etag = typeof res.headers.etag === 'string' ? res.headers.etag : undefined
  let body: any
  if (ok && String(res.headers['content-type'] ?? '').includes('json')) { try { body = JSON.parse(res.body) } catch { body = undefined } }
  if (op.method === 'POST' && res.statusCode === 201 && kind !== null) {
    const id = body?.story?.id ?? body?.endpoint?.id ?? body?.id
    if (typeof id === 'string') state.created[kind].push(id)
  }
  if (etag !== undefined && kind !== null && (op.method !== 'GET' || op.roles !== null)) {
    const key = body?.story?.slug ?? body?.slug ?? body?.id ?? req.pathParams.slug ?? req.pathParams.id
    if (typeof key === 'string') state.editorialEtags.set(`${kind}:${key}`, etag)
  }
  if (op.method === 'GET' && res.statusCode === 200) {
    const lastModified = typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'] : undefined
    if (etag !== undefined || lastModified !== undefined) state.validators.set(url, { etag, lastModified })
    const next = typeof body?.meta?.nextCursor === 'string' ? body.meta.nextCursor as string : cursorOf(body?.next_url) ?? cursorOf(linkNext(res.headers.link))
    if (next !== undefined && !req.mutations.length) {
      const query: QueryPart[] = req.query.filter((q) => q.name !== 'cursor')
      state.addPage(op.id, { pathParams: { ...req.pathParams }, query, cursor: next })
    }
  }
}

function linkNext (link: unknown): string | undefined {
  if (typeof link !== 'string') return undefined
  return /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1]
}

function cursorOf (url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined
  try { return new URL(url, 'http://x').searchParams.get('cursor') ?? undefined } catch { return undefined }
}

function reproduction (req: FuzzRequest, url: string, state: FuzzState): Reproduction {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) {
    if (k !== 'authorization') { headers[k] = v; continue }
    // Keys are made per run: name them instead of printing a token that works nowhere else.
    const bad = state.badKeys.find((b) => b.header === v)
    let shown = bad?.label ?? v
    for (const [role, header] of Object.entries(state.keys)) shown = shown.replace(header.slice('Bearer '.length), `<${role} key>`)
    headers[k] = shown
  }
  return { method: req.method, url, headers, ...(req.body === undefined ? {} : { body: req.body }), auth: req.auth, mutations: req.mutations }
}

/**
 * Tries smaller versions of a failing request (fewer query parameters, headers and body
 * fields; shorter strings) and keeps each that still fails the same check. Sent to the
 * same app after the run; a failure that depends on earlier requests may not shrink.
 */
async function shrink (app: FastifyInstance, checker: Checker, builder: RequestBuilder, original: FuzzRequest, check: string): Promise<{ req: FuzzRequest, violation: Violation, status: number } | null> {
  let best: { req: FuzzRequest, violation: Violation, status: number } | null = null
  let current = original
  let budget = 60
  const fails = async (candidate: FuzzRequest) => {
    if (budget-- <= 0) return false
    candidate.mustReject = builder.rejection(candidate)
    const res = await send(app, candidate, urlOf(candidate))
    const v = checker.check(candidate.op, candidate, res).find((x) => x.check === check)
    if (v === undefined) return false
    best = { req: candidate, violation: v, status: res.statusCode }
    return true
  }
  let progress = true
  while (progress && budget > 0) {
    progress = false
    for (const candidate of smaller(current)) {
      if (await fails(candidate)) { current = candidate; progress = true; break }
      if (budget <= 0) break
    }
  }
  return best
}

function * smaller (req: FuzzRequest): Generator<FuzzRequest> {
  const copy = (patch: Partial<FuzzRequest>): FuzzRequest => ({ ...req, headers: { ...req.headers }, query: [...req.query], ...patch })
  for (let i = 0; i < req.query.length; i++) yield copy({ query: req.query.filter((_, j) => j !== i) })
  for (const name of Object.keys(req.headers)) {
    if (name === 'content-type' && req.body !== undefined) continue
    const headers = { ...req.headers }
    delete headers[name]
    yield copy({ headers })
  }
  // A body of raw bytes fails because of them: its text is not shrunk.
  if (req.body !== undefined && req.bodyBytes === undefined) {
    let parsed: unknown
    try { parsed = JSON.parse(req.body) } catch { parsed = undefined }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const keys = Object.keys(parsed)
      for (const key of keys) {
        const rest = Object.fromEntries(Object.entries(parsed).filter(([k]) => k !== key))
        // Keep raw number tokens and prototype keys: re-serializing the parsed body would lose them.
        if (/__proto__|constructor/.test(key)) continue
        yield copy({ body: JSON.stringify(rest) })
      }
    }
    if (req.body.length > 2000) yield copy({ body: req.body.replace(/(.)\1{199,}/g, (run) => run.slice(0, 200)) })
  }
  for (const [name, value] of Object.entries(req.pathParams)) {
    if (value.length > 200) yield copy({ pathParams: { ...req.pathParams, [name]: value.slice(0, 200) } })
  }
}

/** The body for a report: long runs of one character shortened to `<"a" × 100000>`. */
export function describeBody (body: string): string {
  const short = body.replace(/(.)\1{99,}/gs, (run, ch: string) => `<${JSON.stringify(ch)} × ${run.length}>`)
  return short.length > 1500 ? `${short.slice(0, 1500)}… (${short.length} characters)` : short
}

export function formatFailure (f: Failure): string {
  const lines = [
    `✗ [${f.check}] ${f.method} ${f.path} (${f.operation}) → ${f.status}; ${f.count}× (first: request #${f.firstAt})`,
    `  ${f.message}`,
    `  reproduce${f.shrunk ? ' (shrunk)' : ''}: ${f.request.method} ${describeBody(f.request.url)}`
  ]
  for (const [k, v] of Object.entries(f.request.headers)) lines.push(`    ${k}: ${describeBody(v)}`)
  if (f.request.body !== undefined) lines.push(`    body: ${describeBody(f.request.body)}`)
  if (f.request.mutations.length > 0) lines.push(`    broken on purpose: ${f.request.mutations.join('; ')}`)
  return lines.join('\n')
}

export function formatSummary (r: FuzzResult): string {
  const statuses = Object.entries(r.byStatus).sort(([a], [b]) => Number(a) - Number(b)).map(([s, n]) => `${s}: ${n}`).join(', ')
  const uncovered = Object.entries(r.perOperation).filter(([, s]) => s.requests === 0).map(([id]) => id)
  const noSuccess = Object.entries(r.perOperation).filter(([, s]) => s.requests > 0 && s.success === 0).map(([id]) => id)
  const lines = [
    `seed ${r.seed}: ${r.requests} requests in ${(r.durationMs / 1000).toFixed(1)} s (${Math.round(r.requests / (r.durationMs / 1000))}/s)`,
    `operations covered: ${r.operations.covered}/${r.operations.total}${uncovered.length > 0 ? ` (missing: ${uncovered.join(', ')})` : ''}`,
    `statuses: ${statuses}`,
    ...(noSuccess.length > 0 ? [`operations with no 2xx: ${noSuccess.join(', ')}`] : []),
    ...(r.tainted.length > 0 ? [`leak checks switched off after a request sent their text: ${r.tainted.join(', ')}`] : []),
    `wrong methods probed: ${r.wrongMethods} (each must be a 405 with Allow); no-cache revalidations: ${r.revalidated} (each must be a 304)`,
    `failures: ${r.failures.length} distinct (${r.failures.reduce((n, f) => n + f.count, 0)} requests)`
  ]
  return lines.join('\n')
}
