/**
 * Requests for an operation: valid ones built from its schemas with real slugs, ids,
 * ETags and cursors, and invalid ones with one thing (sometimes two) broken: the key,
 * a parameter, the query string, a header, the body's content, syntax, media type or
 * size. Each request says whether the document makes it invalid (`mustReject`), so a
 * 2xx answer to it is a failure too.
 */
import { clone, encodeComponent, encodePathSegment, HEADER_SAFE, HUGE, LOOSE_NUMBERS, META, NASTY_STRINGS, NUMBERS_AS_STRINGS, PROTO, SQL, toJson, UNICODE } from './payloads.js'
import type { Rng } from './prng.js'
import { isPlainObject, SchemaGen, type Hints, type Where } from './schema-gen.js'
import type { Operation, Parameter, Role, Schema, Spec } from './spec.js'
import { kindOfPath, type FuzzState, type Kind, type QueryPart } from './state.js'
import type { Validator } from './validate.js'

export interface FuzzRequest {
  op: Operation
  method: string
  pathParams: Record<string, string>
  query: QueryPart[]
  headers: Record<string, string>
  body?: string
  /** Sent instead of `body` when set: bytes a string cannot hold (invalid UTF-8). `body` shows them as U+FFFD. */
  bodyBytes?: Buffer
  /** "anonymous", a role, or the label of a broken key. */
  auth: string
  /** What was broken on purpose; empty for a valid request. */
  mutations: string[]
  /** Why the document makes this request invalid (a 2xx answer is then a failure), or null. */
  mustReject: string | null
}

export type Mode = 'valid' | 'strict-valid' | 'invalid' | 'certain-4xx'

/** Real ISO 3166-1 countries: the schema's pattern alone draws codes like QX, which are 400s. */
const REGIONS = ['GB', 'US', 'DE', 'FR', 'JP']

const JSON_TYPE = 'application/json'

export function pathOf (req: Pick<FuzzRequest, 'op' | 'pathParams'>): string {
  return req.op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodePathSegment(req.pathParams[name] ?? ''))
}

export function urlOf (req: Pick<FuzzRequest, 'op' | 'pathParams' | 'query'>): string {
  const qs = req.query.map((p) => p.raw === true ? (p.value === '' ? encodeComponent(p.name) : `${encodeComponent(p.name)}=${p.value}`) : `${encodeComponent(p.name)}=${encodeComponent(p.value)}`).join('&')
  return qs === '' ? pathOf(req) : `${pathOf(req)}?${qs}`
}

const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString()
const DAY = 86_400_000

export class RequestBuilder {
  readonly gen: SchemaGen
  /** Building a strict-valid request: only values that should succeed. */
  private strict = false
  /** The operation being built. */
  private op: Operation | null = null

  constructor (private readonly rng: Rng, private readonly spec: Spec, private readonly validator: Validator, private readonly state: FuzzState) {
    this.gen = new SchemaGen(rng, spec, validator, this.hints())
  }

  // ------------------------------------------------------------------ hints

  private slugOf (kind: Kind, op: Operation): string {
    const { rng, state } = this
    const any = state.rows(kind).map((r) => r.slug)
    const created = state.createdKeys(kind)
    const redirects = state.redirects[kind === 'media' ? '' : kind] ?? []
    const random = () => this.gen.string({ type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 40 })
    const choose = (options: Array<[number, string[]]>) => {
      const usable = options.filter(([, list]) => list.length > 0).slice(0, this.strict ? 1 : undefined)
      if (usable.length === 0) return random()
      return rng.pick(rng.weighted(usable.map(([w, list]) => [w, list] as const)))
    }
    if (op.method === 'DELETE') return choose([[85, created], [15, any]])
    if (op.method === 'PATCH') return choose([[55, created], [45, any], [3, redirects]])
    if (op.method === 'GET' && op.roles === null) {
      if (kind === 'story') {
        const now = Date.now()
        const wanted = op.path.startsWith('/v1/reviews') ? (s: { type: string }) => s.type === 'review' : () => true
        const visible = state.stories.filter((s) => s.publicAt !== null && s.publicAt <= now && wanted(s)).map((s) => s.slug)
        const hidden = state.stories.filter((s) => s.publicAt === null || s.publicAt > now).map((s) => s.slug)
        return choose([[75, visible], [8, hidden], [5, any], [6, redirects], [6, [random()]]])
      }
      if (kind === 'subject') return choose([[80, state.publicSubjects], [10, any], [5, redirects], [5, [random()]]])
      return choose([[85, any], [7, redirects], [8, [random()]]])
    }
    return choose([[80, any], [10, created], [5, redirects], [5, [random()]]])
  }

  private mediaOf (kinds: string[]): string | undefined {
    const ids = this.state.media.filter((m) => kinds.includes(m.kind)).map((m) => m.id)
    return ids.length > 0 ? this.rng.pick(ids) : undefined
  }

  private hints (): Hints {
    const { rng, state } = this
    const pickSlug = (rows: Array<{ slug: string }>) => rows.length > 0 ? rng.pick(rows).slug : undefined
    return {
      value: (where: Where, schema: Schema) => {
        const isString = schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'))
        if (!isString || schema.enum !== undefined) return undefined
        const create = where.parent?.endsWith('Create') === true
        if (where.location === 'body') {
          switch (where.name) {
            case 'section': return pickSlug(state.sections)
            case 'authors': return pickSlug(state.authors)
            case 'tags': return pickSlug(state.tags)
            case 'subject': return rng.chance(0.9) ? pickSlug(state.subjects) : undefined
            case 'heroImage': case 'avatar': return rng.chance(0.85) ? this.mediaOf(['image']) : undefined
            case 'attachment': return rng.chance(0.85) ? this.mediaOf(['audio', 'video']) : undefined
            case 'slug': {
              // Mostly new; sometimes one in use (409) or an old slug that still redirects.
              const kind = where.parent === 'SubjectCreate' ? 'subject' : this.op === null ? null : kindOfPath(this.op.path) ?? kindOfPath(`${this.op.path}/{x}`)
              const taken = kind === null ? [] : state.rows(kind).map((r) => r.slug)
              const old = kind === null ? [] : state.redirects[kind] ?? []
              const fresh = () => state.unique(kind === 'subject' ? 'fz-subject' : 'fz')
              if (this.strict) return fresh()
              return rng.weighted<() => string | undefined>([
                [create ? 80 : 55, fresh], [8, () => taken.length > 0 ? rng.pick(taken) : undefined], [8, () => old.length > 0 ? rng.pick(old) : undefined], [create ? 4 : 29, () => undefined]
              ])()
            }
            case 'id': return where.parent === 'MediaCreate' ? state.unique('fz_media') : undefined
            // A webhook's destination: a public name (it never resolves here, so deliveries fail harmlessly).
            case 'url': return where.parent?.startsWith('Webhook') === true && (this.strict || rng.chance(0.8)) ? `https://hooks.fuzz.example/${state.unique('fz')}` : undefined
            case 'since': return where.parent === 'WebhookReplay' && (this.strict || rng.chance(0.8)) ? new Date(Date.now() - rng.int(0, 3650) * DAY).toISOString() : undefined
            case 'bodyMarkdown': {
              const image = this.mediaOf(['image'])
              const text = this.gen.text(0, 400)
              return image !== undefined && rng.chance(0.3) ? `${text}\n\n![An image](media:${image})\n\n**Bold** and _italic_.` : text
            }
          }
          return undefined
        }
        if (where.location === 'query') {
          switch (where.name) {
            case 'section': return pickSlug(state.sections)
            case 'tag': return pickSlug(state.tags)
            case 'author': return pickSlug(state.authors)
            case 'exclude': return pickSlug(state.stories)
            case 'q': return state.titleWords.length > 0 && rng.chance(0.85) ? Array.from({ length: rng.int(1, 2) }, () => rng.pick(state.titleWords)).join(' ') : undefined
            case 'path': return state.legacyPaths.length > 0 && rng.chance(0.7) ? rng.pick(state.legacyPaths) : undefined
            case 'region': return this.strict || rng.chance(0.8) ? rng.pick(REGIONS) : undefined
            case 'platform': return rng.chance(0.8) ? rng.pick(['ps5', 'PC', 'Xbox Series X', 'switch']) : undefined
            case 'updatedSince': return rng.chance(0.5) ? new Date(Date.UTC(2012, 0, 1) + rng.int(0, 12 * 365) * DAY).toISOString() : undefined
          }
        }
        return undefined
      },
      optionalChance: (where: Where) => {
        if (where.parent?.endsWith('Patch') === true) return 0.2
        if (where.parent === 'SubjectCreate' || where.parent === 'VerdictInput') return 0.35
        return 0.5
      },
      fixup: (ref: string, value: Record<string, unknown>, where: Where) => this.fixup(ref, value, where)
    }
  }

  /** Rules the schemas cannot state, so that most valid requests are accepted, not just well-formed. */
  private fixup (ref: string, v: Record<string, unknown>, where: Where): void {
    const { rng } = this
    if (ref === 'ScoreFormat') {
      if (v.kind === 'numeric') {
        if (rng.chance(0.7)) Object.assign(v, rng.pick([{ min: 0, max: 10, step: 0.5 }, { min: 0, max: 100, step: 1 }, { min: 0, max: 5, step: 0.1 }, { min: 1, max: 10, step: 1 }]))
        else if (typeof v.min === 'number' && typeof v.max === 'number' && !(v.max > v.min)) v.max = v.min + 10
      }
      if (v.kind === 'stars') Object.assign(v, { max: rng.pick([4, 5, 10]), step: rng.pick([0.5, 1]) })
    }
    if (ref === 'VerdictInput' || ref === 'VerdictPatch') {
      const format = v.scoreFormat as Record<string, any> | undefined
      if (format !== undefined) v.score = this.scoreFor(format)
      else if ('score' in v) v.score = rng.int(0, 20) / 2
      this.fixVerdictParts(v, format)
    }
    if (ref === 'OfferInput') {
      v.region = rng.pick(REGIONS)
      v.url = `https://shop.fuzz.example/${this.state.unique('fz')}`
      if (typeof v.price === 'number' || rng.chance(0.5)) v.currency = rng.pick(['USD', 'GBP', 'EUR', 'JPY'])
    }
    if ((ref === 'SubjectCreate' || ref === 'SubjectPatch') && Array.isArray(v.offers)) {
      // Provider + kind + region is unique within a subject.
      const seen = new Set<string>()
      v.offers = (v.offers as Array<Record<string, unknown>>).filter((o) => { const key = `${String(o.provider).trim().toLowerCase()}|${String(o.kind)}|${String(o.region)}`; return !seen.has(key) && seen.add(key) })
    }
    if (ref === 'StoryCreate' || ref === 'StoryPatch') {
      if (ref === 'StoryCreate') {
        if (v.type === 'review') {
          if (v.subject === undefined || v.subject === null) v.subject = this.gen.valid({ $ref: '#/components/schemas/SubjectCreate' }, { location: 'body', name: 'subject', parent: ref, path: ['subject'] })
          if (v.verdict === undefined || v.verdict === null) v.verdict = this.gen.valid({ $ref: '#/components/schemas/VerdictInput' }, { location: 'body', name: 'verdict', parent: ref, path: ['verdict'] })
        } else if (v.verdict !== undefined) {
          if (rng.chance(0.5)) delete v.verdict
          else v.verdict = null
        }
      }
      if (v.status === 'scheduled') v.publishedAt = isoIn(rng.int(1, 60) * DAY)
      else if (v.status === 'published' && typeof v.publishedAt === 'string' && Date.parse(v.publishedAt) > Date.now()) v.publishedAt = isoIn(-rng.int(1, 3000) * DAY)
      else if (v.status === undefined && ref === 'StoryPatch' && 'publishedAt' in v && rng.chance(0.7)) delete v.publishedAt
    }
    if (ref === 'MediaCreate' || ref === 'MediaPatch') {
      if (typeof v.kind === 'string' && (ref === 'MediaCreate' || v.mimeType !== undefined)) v.mimeType = { image: 'image/jpeg', audio: 'audio/mpeg', video: 'video/mp4' }[v.kind] ?? v.mimeType
    }
    void where
  }

  /**
   * The verdict rules beyond its schema: sub-scores and platform scores on the scale with
   * unique labels and platforms, one primary that repeats nothing, no untested notes on a
   * final verdict, no pull-quote (it must quote the body), no note without a change.
   */
  private fixVerdictParts (v: Record<string, unknown>, format: Record<string, any> | undefined): void {
    const { rng } = this
    delete v.pullQuote
    delete v.note
    if (v.state === 'final' || v.state === undefined) delete v.untested
    // A patch's state may meet a stored one that forbids the move (finalizing a final verdict).
    if (v.scoreFormat === undefined) delete v.state
    const scored = format !== undefined && format.kind !== 'none'
    if (Array.isArray(v.subScores)) {
      if (scored) v.subScores = (v.subScores as Array<Record<string, unknown>>).map((s, i) => ({ label: `Part ${i + 1}`, score: this.scoreFor(format) }))
      else delete v.subScores
    }
    if (Array.isArray(v.platforms)) {
      if (format === undefined) { delete v.platforms; return }
      v.platforms = (v.platforms as Array<Record<string, unknown>>).map((p, i) => {
        const name = `Platform ${i + 1}`
        if (i === 0) return { platform: name, primary: true }
        const state = rng.pick(['final', 'in_progress'])
        return { platform: name, primary: false, state, score: this.scoreFor(format), ...(state === 'in_progress' && rng.chance(0.5) ? { untested: ['Online play'] } : {}) }
      })
      delete v.platform
      delete v.edition
    }
  }

  private scoreFor (format: Record<string, any>): unknown {
    const { rng } = this
    switch (format.kind) {
      case 'none': return null
      case 'letter': return rng.pick(['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'])
      case 'stars': { const steps = Math.floor(format.max / format.step); return rng.int(0, steps) * format.step }
      case 'numeric': {
        const steps = Math.floor((format.max - format.min) / format.step + 1e-9)
        return Number.isFinite(steps) && steps >= 0 ? format.min + rng.int(0, Math.min(steps, 1e6)) * format.step : format.min
      }
      default: return 5
    }
  }

  // ------------------------------------------------------------------ valid parts

  private paramValue (op: Operation, p: Parameter): string {
    const { rng, state } = this
    if (p.in === 'path' && (p.name === 'slug' || p.name === 'id')) {
      const kind = kindOfPath(op.path)
      if (kind === 'webhook') {
        // Endpoints have ids, not slugs: an existing one mostly, else one of the right shape.
        const ids = state.webhooks.map((w) => w.id)
        if (ids.length > 0 && (this.strict || rng.chance(0.85))) return rng.pick(ids)
      } else if (kind !== null) {
        return this.slugOf(kind, op)
      }
    }
    if (p.in === 'path' && p.name === 'token') {
      return this.strict || rng.chance(0.85) ? state.feedToken : rng.pick(state.badFeedTokens)
    }
    if (p.in === 'path' && p.name === 'month') {
      if (state.months.length > 0 && (this.strict || rng.chance(0.85))) return rng.pick(state.months)
    }
    const examples = p.examples.filter((e) => typeof e === 'string' || typeof e === 'number')
    if (examples.length > 0 && rng.chance(0.2)) return String(rng.pick(examples))
    return String(this.gen.valid(p.schema, { location: p.in, name: p.name, path: [p.name] }))
  }

  private validQuery (op: Operation, strict: boolean, pathParams: Record<string, string>): QueryPart[] {
    const { rng } = this
    const params = op.parameters.filter((p) => p.in === 'query')
    const pages = this.state.pages.get(op.id) ?? []
    if (!strict && pages.length > 0 && rng.chance(0.25)) {
      // The next page of a list seen before: same path, same filters, its cursor.
      const page = rng.pick(pages)
      Object.assign(pathParams, page.pathParams)
      return [...page.query.map((q) => ({ ...q })), { name: 'cursor', value: page.cursor }]
    }
    const out: QueryPart[] = []
    for (const p of params) {
      if (p.name === 'cursor') continue
      if (p.required || rng.chance(strict ? 0.2 : 0.4)) out.push({ name: p.name, value: this.paramValue(op, p) })
    }
    // minScore ≤ maxScore, or the combination is refused.
    const min = out.find((q) => q.name === 'minScore')
    const max = out.find((q) => q.name === 'maxScore')
    if (min !== undefined && max !== undefined && Number(min.value) > Number(max.value)) [min.value, max.value] = [max.value, min.value]
    return rng.shuffle(out)
  }

  private ifMatch (op: Operation, kind: Kind | null, key: string): string | undefined {
    const { rng } = this
    const known = kind === null ? undefined : this.state.editorialEtags.get(`${kind}:${key}`)
    return rng.weighted<string | undefined>([
      [45, undefined],
      [30, known ?? undefined],
      [8, '*'],
      [5, known === undefined ? undefined : `"stale", ${known}`],
      [4, known === undefined ? undefined : `W/${known}`],
      [8, '"0000000000000000"']
    ])
  }

  // ------------------------------------------------------------------ build

  async build (op: Operation, mode: Mode): Promise<FuzzRequest> {
    const { rng, state } = this
    await state.refresh()
    const strict = mode === 'strict-valid'
    this.strict = strict
    this.op = op
    const req: FuzzRequest = { op, method: op.method, pathParams: {}, query: [], headers: {}, auth: 'anonymous', mutations: [], mustReject: null }

    // Who is calling.
    if (op.roles !== null) req.auth = rng.pick(op.roles)
    else if (!strict && rng.chance(0.45)) req.auth = rng.pick(['admin', 'editor', 'partner'] as Role[])
    if (req.auth !== 'anonymous') req.headers.authorization = state.keys[req.auth as Role]
    if (!strict && req.headers.authorization !== undefined && rng.chance(0.05)) req.headers.authorization = req.headers.authorization.replace(/^Bearer /, rng.pick(['bearer ', 'BEARER ', 'Bearer  ']))

    for (const p of op.parameters) if (p.in === 'path') req.pathParams[p.name] = this.paramValue(op, p)
    if (req.pathParams.messageId !== undefined) {
      // One of the endpoint's own messages, mostly.
      const ids = this.state.webhookMessages.filter((m) => m.endpointId === req.pathParams.id).map((m) => m.id)
      if (ids.length > 0 && (strict || this.rng.chance(0.85))) req.pathParams.messageId = this.rng.pick(ids)
    }
    req.query = this.validQuery(op, strict, req.pathParams)

    const kind = kindOfPath(op.path)
    const key = req.pathParams.slug ?? req.pathParams.id ?? ''
    const ifMatch = op.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')
    if (ifMatch !== undefined && !strict) {
      const value = this.ifMatch(op, kind, key)
      if (value !== undefined) req.headers['if-match'] = value
    }
    // Conditional GETs: every GET answers If-None-Match / If-Modified-Since (info.description).
    if (op.method === 'GET' && !strict && rng.chance(0.12)) {
      const seen = state.validators.get(urlOf(req))
      if (seen?.etag !== undefined && rng.chance(0.7)) req.headers['if-none-match'] = rng.chance(0.8) ? seen.etag : `"x", ${seen.etag}`
      else if (seen?.lastModified !== undefined && rng.chance(0.7)) req.headers['if-modified-since'] = seen.lastModified
      else req.headers[rng.pick(['if-none-match', 'if-modified-since'])] = rng.pick(['*', new Date(Date.now() + DAY).toUTCString(), '"abc"'])
    }

    let body: unknown
    if (op.body !== null) {
      body = this.gen.valid(op.body.schema, { location: 'body', name: '', path: [] })
      req.headers['content-type'] = strict || rng.chance(0.85) ? JSON_TYPE : rng.pick(['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'Application/JSON'])
    }

    if (mode === 'invalid' || mode === 'certain-4xx') {
      const count = mode === 'invalid' && rng.chance(0.15) ? 2 : 1
      for (let i = 0; i < count; i++) body = this.mutate(req, body, mode === 'certain-4xx')
    }
    if (op.body !== null && req.body === undefined && body !== undefined) req.body = toJson(body)
    req.mustReject ??= this.rejection(req)
    return req
  }

  /**
   * Why the document makes this request invalid, or null. Requests nothing was broken in
   * are taken as valid unless `always` (the fuzzer's own test checks its valid requests).
   */
  rejection (req: FuzzRequest, always = false): string | null {
    const { op } = req
    if (req.mutations.length === 0 && !always) return null
    const authorization = req.headers.authorization
    if (op.roles !== null) {
      if (authorization === undefined) return 'no API key on a route that requires one'
      const role = (['admin', 'editor', 'partner'] as Role[]).find((r) => this.state.keys[r] === authorization)
      if (role !== undefined && !op.roles.includes(role)) return `a ${role} key on a route for ${op.roles.join('/')}`
    }
    if (authorization !== undefined && this.state.badKeys.some((k) => k.header === authorization)) return 'a broken API key'
    for (const where of ['path', 'query', 'header'] as const) {
      const params = op.parameters.filter((p) => p.in === where)
      if (params.length === 0) continue
      const values: Record<string, unknown> = {}
      if (where === 'path') Object.assign(values, req.pathParams)
      if (where === 'header') for (const p of params) if (req.headers[p.name.toLowerCase()] !== undefined) values[p.name] = req.headers[p.name.toLowerCase()]
      if (where === 'query') {
        if (req.query.some((q) => q.raw === true)) continue
        for (const q of req.query) {
          if (!params.some((p) => p.name === q.name)) continue
          const prev = values[q.name]
          values[q.name] = prev === undefined ? q.value : Array.isArray(prev) ? [...prev, q.value] : [prev, q.value]
        }
      }
      const loose = looseNumbers(params, values)
      if (loose !== null) return `${where} parameters: ${loose}`
      const schema = { type: 'object', properties: Object.fromEntries(params.map((p) => [p.name, p.schema])), required: params.filter((p) => p.required).map((p) => p.name) }
      const errors = this.validator.errors(schema, values, true)
      if (errors !== null) return `${where} parameters: ${errors}`
    }
    if (op.body !== null) {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
      if (req.body === undefined || req.body === '') return op.body.required ? 'no body' : null
      if (!op.body.mediaTypes.includes(type)) return `content type "${req.headers['content-type'] ?? '(none)'}"`
      if (req.bodyBytes !== undefined) return 'a body that is not valid UTF-8'
      let parsed: unknown
      try { parsed = JSON.parse(req.body.replace(/^\ufeff/, '')) } catch { return 'malformed JSON' }
      const errors = this.validator.errors(op.body.schema, parsed)
      if (errors !== null) return `body: ${errors}`
    }
    return null
  }

  // ------------------------------------------------------------------ mutations

  private mutate (req: FuzzRequest, body: unknown, certain: boolean): unknown {
    const { rng, state } = this
    const { op } = req
    const queryParams = op.parameters.filter((p) => p.in === 'query')
    const pathParams = op.parameters.filter((p) => p.in === 'path')
    const headerParams = op.parameters.filter((p) => p.in === 'header')
    type Choice = readonly [number, () => unknown]
    const choices: Choice[] = []
    const auth = () => {
      const options: Array<[number, () => void]> = [[4, () => { req.headers.authorization = rng.pick(state.badKeys).header; req.auth = state.badKeys.find((k) => k.header === req.headers.authorization)!.label }]]
      if (op.roles !== null) {
        options.push([3, () => { delete req.headers.authorization; req.auth = 'anonymous' }])
        const wrong = (['admin', 'editor', 'partner'] as Role[]).filter((r) => !op.roles!.includes(r))
        if (wrong.length > 0) options.push([3, () => { req.auth = rng.pick(wrong); req.headers.authorization = state.keys[req.auth as Role] }])
      }
      rng.weighted(options)()
      req.mutations.push(`auth: ${req.auth}`)
      return body
    }

    if (certain) {
      if (op.body !== null) return this.mutateBodySyntax(req, true)
      const slug = pathParams.find((p) => typeof p.schema.pattern === 'string')
      if (slug !== undefined) {
        req.pathParams[slug.name] = rng.pick(['Not_A_Slug', 'UPPER', 'a--b', '-x', 'x'.repeat(161), "x' OR 1=1 --"])
        req.mutations.push(`path ${slug.name}: ${req.pathParams[slug.name]!.slice(0, 40)}`)
        return body
      }
      const limit = queryParams.find((p) => p.name === 'limit')
      if (limit !== undefined) {
        req.query = [...req.query.filter((q) => q.name !== 'limit'), { name: 'limit', value: rng.pick(['0', '-1', '1.5', 'abc', String((limit.schema.maximum ?? 100) + 1)]) }]
        req.mutations.push('query limit out of range')
        return body
      }
      return auth()
    }

    choices.push([op.roles === null ? 1.5 : 3, auth])
    if (pathParams.length > 0) choices.push([3, () => { this.mutatePath(req, rng.pick(pathParams)); return body }])
    if (queryParams.length > 0) {
      choices.push([4, () => { this.mutateQueryValue(req, rng.pick(queryParams)); return body }])
      choices.push([1, () => { this.duplicateQuery(req, rng.pick(queryParams)); return body }])
      if (queryParams.some((p) => p.required)) choices.push([1, () => { const p = rng.pick(queryParams.filter((q) => q.required)); req.query = req.query.filter((q) => q.name !== p.name); req.mutations.push(`query ${p.name} missing`); return body }])
      if (state.pages.size > 0) choices.push([1, () => { this.mutateCursor(req); return body }])
    }
    choices.push([1.5, () => { this.extraQuery(req); return body }])
    choices.push([1, () => { this.rawQuery(req); return body }])
    choices.push([1, () => { this.mutateHeaders(req, headerParams); return body }])
    if (op.body !== null) {
      choices.push([6, () => this.mutateBodySchema(req, body)])
      choices.push([2, () => this.mutateBodyShape(req, body)])
      choices.push([2, () => this.mutateBodySyntax(req)])
      choices.push([2, () => { this.mutateContentType(req); return body }])
      choices.push([1.5, () => { this.mutateBodyEncoding(req, body); return body }])
      choices.push([0.5, () => { req.body = toJson({ ...(isPlainObject(body) ? body : {}), padding: 'a'.repeat(1_100_000) }); req.mutations.push('body over 1 MB'); return body }])
    }
    return rng.weighted(choices)()
  }

  private hostileValue (p: Parameter): string {
    const { rng } = this
    const s = p.schema
    const pool: Array<[number, () => string]> = [
      [3, () => rng.pick(NASTY_STRINGS)],
      [2, () => rng.pick(SQL)],
      [2, () => rng.pick(META)],
      [1, () => rng.pick(PROTO)],
      [2, () => rng.pick(UNICODE)],
      [0.5, () => p.in === 'path' ? 'a'.repeat(3000) : HUGE],
      [2, () => rng.pick(NUMBERS_AS_STRINGS)]
    ]
    if (Array.isArray(s.enum)) pool.push([4, () => { const e = String(rng.pick(s.enum)); return rng.pick([e.toUpperCase(), `${e} `, ` ${e}`, `${e},${e}`, `${e}\u0000`, e.slice(0, -1), `${e}s`]) }])
    if (s.type === 'integer' || s.type === 'number') {
      const min = typeof s.minimum === 'number' ? s.minimum : 0
      const max = typeof s.maximum === 'number' ? s.maximum : 100
      pool.push([6, () => rng.pick([String(min - 1), String(max + 1), '1.5', '2.0', '9007199254740993', '-9007199254740993', '1e308', '-1e308', '1e309', '-0', 'NaN', 'Infinity', '', ' ', '0x10', '1e1', '+5', '00001'])])
      // Spellings JavaScript's Number() reads as a number in range: only plain decimals are numbers.
      pool.push([4, () => rng.pick(LOOSE_NUMBERS)])
    }
    if (typeof s.maxLength === 'number') pool.push([2, () => 'a'.repeat(s.maxLength + 1)])
    if (typeof s.pattern === 'string') pool.push([2, () => rng.pick(['Not_A_Slug', 'UPPER', 'a--b', '-x', 'x-', 'a b', 'a/b', 'a.b', 'ä', '%', '*'])])
    if (s.format === 'date-time') pool.push([4, () => rng.pick(['2024-13-01T00:00:00Z', 'yesterday', '2024-01-01', '0', '2024-01-01T00:00:00', '+275760-09-13T00:00:00Z', '2024-02-30T00:00:00Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2024-01-01T00:00:60Z'])])
    return rng.weighted(pool)()
  }

  private mutatePath (req: FuzzRequest, p: Parameter): void {
    let v = this.hostileValue(p)
    // An empty segment is another URL (a 404 from the router, not this operation).
    if (v === '') v = '%'
    req.pathParams[p.name] = v
    req.mutations.push(`path ${p.name}: ${JSON.stringify(v).slice(0, 60)}`)
  }

  private mutateQueryValue (req: FuzzRequest, p: Parameter): void {
    const v = p.name === 'cursor' ? this.badCursor() : this.hostileValue(p)
    req.query = [...req.query.filter((q) => q.name !== p.name), { name: p.name, value: v }]
    req.mutations.push(`query ${p.name}: ${JSON.stringify(v).slice(0, 60)}`)
  }

  private badCursor (): string {
    const { rng, state } = this
    const all = [...state.pages.values()].flat()
    const real = all.length > 0 ? rng.pick(all).cursor : 'eyJ4IjoxfQ.AAAA'
    return rng.pick([
      real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A'),
      `A${real}`,
      real.split('.').reverse().join('.'),
      `${Buffer.from('["stories",0,"x"]').toString('base64url')}.AAAAAAAAAAAAAAAA`,
      `${Buffer.from('{"__proto__":{"polluted":true}}').toString('base64url')}.AAAA`,
      'x.y', '.', 'a.', '.a', `${'A'.repeat(300)}.${'B'.repeat(300)}`, 'garbage', real
    ])
  }

  private mutateCursor (req: FuzzRequest): void {
    const all = [...this.state.pages.entries()].filter(([id]) => id !== req.op.id).flatMap(([, pages]) => pages)
    const cursor = all.length > 0 && this.rng.chance(0.5) ? this.rng.pick(all).cursor : this.badCursor()
    req.query = [...req.query.filter((q) => q.name !== 'cursor'), { name: 'cursor', value: cursor }]
    req.mutations.push('cursor from another list, or tampered')
  }

  private duplicateQuery (req: FuzzRequest, p: Parameter): void {
    const existing = req.query.find((q) => q.name === p.name)
    const first = existing?.value ?? this.paramValue(req.op, p)
    const second = this.rng.chance(0.5) ? first : this.paramValue(req.op, p)
    req.query = [...req.query.filter((q) => q.name !== p.name), { name: p.name, value: first }, { name: p.name, value: second }]
    req.mutations.push(`query ${p.name} twice`)
  }

  private extraQuery (req: FuzzRequest): void {
    const { rng } = this
    const name = rng.pick([...PROTO, '__proto__[polluted]', 'constructor[prototype][polluted]', 'a[b]', 'a[]', 'limit[]', 'sectoin', '', ' ', 'LIMIT', 'q\u0000', '😀', 'a'.repeat(300)])
    req.query = [...req.query, { name, value: rng.pick(['1', 'true', 'x', '', '{"a":1}']) }]
    req.mutations.push(`unknown query parameter ${JSON.stringify(name).slice(0, 40)}`)
  }

  private rawQuery (req: FuzzRequest): void {
    const { rng } = this
    const name = req.query[0]?.name ?? req.op.parameters.find((p) => p.in === 'query')?.name ?? 'x'
    const raw = rng.pick(['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AE', '%FF%FE', '%00', '+', '%2B', 'a%20b', '%25', '=', '%3D%3D', '&&'])
    req.query = [...req.query.filter((q) => q.name !== name), { name, value: raw, raw: true }]
    if (rng.chance(0.3)) req.query.push({ name: rng.pick(['&', '=&=', '%', '%%', ';']), value: '', raw: true })
    req.mutations.push(`raw query ${name}=${raw}`)
  }

  private mutateHeaders (req: FuzzRequest, headerParams: Parameter[]): void {
    const { rng } = this
    const options: Array<[number, () => void]> = [
      [2, () => { req.headers['if-none-match'] = rng.pick(HEADER_SAFE) }],
      [2, () => { req.headers['if-modified-since'] = rng.pick(['garbage', '0', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', '-1', 'Mon, 32 Foo 2024 99:99:99 GMT', ...HEADER_SAFE]) }],
      [1, () => { req.headers.accept = rng.pick(['application/xml', 'text/html', '*/*;q=0', 'application/json;q=abc', ...HEADER_SAFE]) }],
      [1, () => { req.headers['x-forwarded-for'] = rng.pick(['garbage', '1.1.1.1, 2.2.2.2', '::1', "' OR 1=1 --", '999.999.999.999']) }]
    ]
    for (const p of headerParams) {
      options.push([4, () => {
        const v = rng.pick([...HEADER_SAFE, 'x'.repeat((p.schema.maxLength ?? 1000) + 1), '""', 'W/"x"', '*, "x"', ',,,', `"${'a'.repeat(200)}"`])
        req.headers[p.name.toLowerCase()] = v
      }])
    }
    rng.weighted(options)()
    req.mutations.push(`headers: ${Object.entries(req.headers).filter(([k]) => k !== 'authorization').map(([k, v]) => `${k}: ${v.slice(0, 40)}`).join(', ')}`)
  }

  private mutateBodySchema (req: FuzzRequest, body: unknown): unknown {
    const schema = req.op.body!.schema
    const root = { value: clone(body) }
    const sites = this.gen.sites(schema, root.value)
    for (let attempt = 0; attempt < 5; attempt++) {
      const site = this.rng.pick(sites)
      const parent = site.path.length === 0 ? undefined : sites.find((s) => s.path.length === site.path.length - 1 && s.path.every((k, i) => k === site.path[i]))?.schema
      const done = this.gen.mutateAt(root, site, parent)
      if (done !== null) { req.mutations.push(`body ${done}`); return root.value }
    }
    return body
  }

  private mutateBodyShape (req: FuzzRequest, body: unknown): unknown {
    const { rng } = this
    const [label, value] = rng.pick<[string, unknown]>([
      ['null', null], ['array', [body]], ['string', 'a string'], ['number', 42], ['true', true], ['empty object', {}],
      ['nested under "data"', { data: body }],
      ['every string hostile', mapStrings(body, () => rng.pick(NASTY_STRINGS))]
    ])
    req.mutations.push(`body shape: ${label}`)
    return value
  }

  /** Text that is not a JSON object; `certain`: never one a lenient parser would accept either. */
  private mutateBodySyntax (req: FuzzRequest, certain = false): unknown {
    const { rng } = this
    const lenient = ['byte order mark', 'duplicate keys']
    const [label, text] = rng.pick<[string, string]>(([
      ['empty', ''], ['truncated', '{"title": "x'], ['trailing comma', '{"title": "x",}'], ['single quotes', "{'title': 'x'}"],
      ['NaN literal', '{"score": NaN}'], ['comment', '{/* c */}'], ['byte order mark', '\ufeff{}'], ['two documents', '{}{}'],
      ['unquoted key', '{title: "x"}'], ['lone surrogate escape', '{"title": "\\ud800"}'], ['bad escape', '{"title": "\\x41"}'],
      ['raw control character', '{"title": "a\u0001b"}'], ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ['deep object nesting', `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`], ['prototype key', '{"__proto__": {"polluted": true}}'],
      ['constructor.prototype', '{"constructor": {"prototype": {"polluted": true}}}'], ['duplicate keys', '{"name": "a", "name": "b"}'],
      ['whitespace only', '   \n\t '], ['just null', 'null'], ['huge number', '{"position": 1e999999}'], ['form encoding', 'title=x&name=y']
    ] as Array<[string, string]>).filter(([l]) => !certain || !lenient.includes(l)))
    req.body = text
    req.mutations.push(`body syntax: ${label}`)
    return undefined
  }

  /** The body with bytes no UTF-8 decoder accepts inside a string (or a new member when it has none). */
  private mutateBodyEncoding (req: FuzzRequest, body: unknown): void {
    const bytes = Buffer.from(this.rng.pick(INVALID_UTF8))
    const text = toJson(body)
    const at = text.indexOf('":"')
    const [head, tail] = at !== -1 ? [text.slice(0, at + 3), text.slice(at + 3)] : text.startsWith('{') ? ['{"note":"', text === '{}' ? '"}' : `",${text.slice(1)}`] : [`${text}"`, '"']
    req.bodyBytes = Buffer.concat([Buffer.from(head), bytes, Buffer.from(tail)])
    req.body = req.bodyBytes.toString('utf8')
    req.mutations.push(`body not UTF-8: bytes ${bytes.toString('hex')}`)
  }

  private mutateContentType (req: FuzzRequest): void {
    const { rng } = this
    const type = rng.pick([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/json-patch+json', 'application/merge-patch+json', 'application/jsonx', '*/*', 'application/json; charset=utf-16', ''])
    if (type === undefined) delete req.headers['content-type']
    else req.headers['content-type'] = type
    req.mutations.push(`content-type ${type ?? '(none)'}`)
  }
}

/** Byte sequences that are not UTF-8: a lone continuation, truncated, overlong, a surrogate, past U+10FFFF, never valid. */
const INVALID_UTF8 = [[0x80], [0xff], [0xc3, 0x28], [0xe2, 0x82], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xc3]]

const PLAIN_DECIMAL = { integer: /^-?(0|[1-9][0-9]*)$/, number: /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/ }

/**
 * Numbers in a query, path or header are plain decimals (src/http/compilers.ts): the
 * first parameter whose text is another spelling ("0x10", "1e1", " 5"), or null.
 */
export function looseNumbers (params: Parameter[], values: Record<string, unknown>): string | null {
  for (const p of params) {
    const type = p.schema.type === 'array' ? p.schema.items?.type : p.schema.type
    if (type !== 'integer' && type !== 'number') continue
    const bad = [values[p.name]].flat().find((v) => typeof v === 'string' && !PLAIN_DECIMAL[type as 'integer' | 'number'].test(v))
    if (bad !== undefined) return `${p.name} ${JSON.stringify(bad)} is not a plain decimal ${type}`
  }
  return null
}

function mapStrings (value: unknown, f: () => string): unknown {
  if (typeof value === 'string') return f()
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f))
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]))
  return value
}
