/**
 * Who may call what (src/plugins/auth.ts): every route declares its access, every
 * protected operation refuses missing, malformed, unknown, revoked and expired keys and
 * the wrong role, and no key ever reaches the logs.
 */
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import protectionPlugin from '../../src/plugins/protection.js'
import httpCachePlugin from '../../src/plugins/http-cache.js'
import responseCachePlugin from '../../src/plugins/response-cache.js'
import writesPlugin from '../../src/plugins/writes.js'
import authPlugin, { ACCESS, type Access } from '../../src/plugins/auth.js'
import configPlugin from '../../src/plugins/config.js'
import databasePlugin from '../../src/plugins/database.js'
import errorsPlugin from '../../src/plugins/errors.js'
import { revokeApiKey } from '../../src/repositories/api-keys.js'
import { build, buildTestApp, keyFor, testConfig } from '../helper.js'
import { doc, operationFor, responseMismatch } from '../openapi-validator.js'

t.test('every route must declare its access', async (t) => {
  async function appWith (access: Access | undefined): Promise<FastifyInstance> {
    const app = Fastify({ logger: false })
    t.teardown(() => app.close())
    // What auth.ts depends on, and nothing else: no demo data is needed to start.
    await app.register(configPlugin, { config: testConfig({ seedDemo: false }) })
    await app.register(databasePlugin)
    await app.register(writesPlugin)
    await app.register(httpCachePlugin)
    await app.register(responseCachePlugin)
    await app.register(authPlugin)
    await app.register(protectionPlugin)
    await app.register(errorsPlugin)
    app.get('/probe', access === undefined ? {} : { config: { access } }, async () => ({ ok: true }))
    return app
  }

  const open = await appWith(undefined)
  await t.rejects(async () => { await open.ready() }, { message: /config\.access.*GET \/probe/ }, 'a route without a rule stops the app, naming the route')

  const public_ = await appWith('public')
  await t.resolves(async () => { await public_.ready() }, 'a public route starts')
  t.equal((await public_.inject('/probe')).statusCode, 200)

  // An admin-only route (the webhooks are): a missing key is a 401, an editor's a 403.
  const adminOnly = await appWith(ACCESS.admins)
  await t.resolves(async () => { await adminOnly.ready() })
  const call = (authorization?: string) => adminOnly.inject({ url: '/probe', headers: authorization === undefined ? {} : { authorization } })
  t.equal((await call()).statusCode, 401)
  t.equal((await call((await keyFor(adminOnly, 'editor')).authorization)).statusCode, 403, 'an editor is not an admin')
  t.equal((await call((await keyFor(adminOnly, 'admin')).authorization)).statusCode, 200)
})

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'
interface Call { method: Method, url: string, payload?: object }
interface Fixtures {
  /** POSTs `body` to `path` as an editor; returns the new resource's slug or id. */
  create (path: string, body: object): Promise<string>
  /** A new webhook endpoint (an admin's), with one delivered-or-pending message; returns its id and the message's. */
  webhook (n: number): Promise<{ id: string, messageId: string }>
}
type Row = (fixtures: Fixtures, n: number) => Call | Promise<Call>

// Each body is unique per `n`, so a success case never collides with an earlier one.
const storyBody = (n: number) => ({ slug: `auth-matrix-story-${n}`, type: 'news', title: `Auth matrix story ${n}`, bodyMarkdown: 'A short note.', section: 'movies', authors: ['rhys-calloway'] })
const authorBody = (n: number) => ({ slug: `auth-matrix-author-${n}`, name: `Auth Matrix Author ${n}` })
const sectionBody = (n: number) => ({ slug: `auth-matrix-section-${n}`, name: `Auth Matrix Section ${n}` })
const tagBody = (n: number) => ({ slug: `auth-matrix-tag-${n}`, name: `Auth Matrix Tag ${n}` })
const subjectBody = (n: number) => ({ slug: `auth-matrix-subject-${n}`, kind: 'film', title: `Auth Matrix Film ${n}` })
const mediaBody = (n: number) => ({ id: `auth-matrix-media-${n}`, kind: 'image', url: `https://cdn.byline.example/auth-matrix/${n}.jpg`, mimeType: 'image/jpeg', alt: 'A test image' })

/**
 * How an editor makes each protected operation succeed. Writes that consume what they
 * touch (PATCH, DELETE) get a fixture of their own; previews read seeded data.
 */
const MATRIX: Record<string, Row> = {
  createStory: (_, n) => ({ method: 'POST', url: '/v1/stories', payload: storyBody(n) }),
  updateStory: async (f, n) => ({ method: 'PATCH', url: `/v1/stories/${await f.create('/v1/stories', storyBody(n))}`, payload: { dek: 'Changed by the auth matrix' } }),
  deleteStory: async (f, n) => ({ method: 'DELETE', url: `/v1/stories/${await f.create('/v1/stories', storyBody(n))}` }),
  previewStory: () => ({ method: 'GET', url: '/v1/preview/stories/her-2013-review' }),

  createAuthor: (_, n) => ({ method: 'POST', url: '/v1/authors', payload: authorBody(n) }),
  updateAuthor: async (f, n) => ({ method: 'PATCH', url: `/v1/authors/${await f.create('/v1/authors', authorBody(n))}`, payload: { jobTitle: 'Critic' } }),
  deleteAuthor: async (f, n) => ({ method: 'DELETE', url: `/v1/authors/${await f.create('/v1/authors', authorBody(n))}` }),
  previewAuthor: () => ({ method: 'GET', url: '/v1/preview/authors/rhys-calloway' }),

  createSection: (_, n) => ({ method: 'POST', url: '/v1/sections', payload: sectionBody(n) }),
  updateSection: async (f, n) => ({ method: 'PATCH', url: `/v1/sections/${await f.create('/v1/sections', sectionBody(n))}`, payload: { description: 'Changed' } }),
  deleteSection: async (f, n) => ({ method: 'DELETE', url: `/v1/sections/${await f.create('/v1/sections', sectionBody(n))}` }),
  previewSection: () => ({ method: 'GET', url: '/v1/preview/sections/movies' }),

  createTag: (_, n) => ({ method: 'POST', url: '/v1/tags', payload: tagBody(n) }),
  updateTag: async (f, n) => ({ method: 'PATCH', url: `/v1/tags/${await f.create('/v1/tags', tagBody(n))}`, payload: { name: 'Renamed' } }),
  deleteTag: async (f, n) => ({ method: 'DELETE', url: `/v1/tags/${await f.create('/v1/tags', tagBody(n))}` }),
  previewTag: () => ({ method: 'GET', url: '/v1/preview/tags/drama' }),

  createSubject: (_, n) => ({ method: 'POST', url: '/v1/subjects', payload: subjectBody(n) }),
  updateSubject: async (f, n) => ({ method: 'PATCH', url: `/v1/subjects/${await f.create('/v1/subjects', subjectBody(n))}`, payload: { releaseYear: 2014 } }),
  deleteSubject: async (f, n) => ({ method: 'DELETE', url: `/v1/subjects/${await f.create('/v1/subjects', subjectBody(n))}` }),
  previewSubject: () => ({ method: 'GET', url: '/v1/preview/subjects/her-2013' }),

  createMedia: (_, n) => ({ method: 'POST', url: '/v1/media', payload: mediaBody(n) }),
  updateMedia: async (f, n) => ({ method: 'PATCH', url: `/v1/media/${await f.create('/v1/media', mediaBody(n))}`, payload: { caption: 'Changed' } }),
  deleteMedia: async (f, n) => ({ method: 'DELETE', url: `/v1/media/${await f.create('/v1/media', mediaBody(n))}` }),
  previewMedia: () => ({ method: 'GET', url: '/v1/preview/media/med-her-2013-review-4' }),

  sync: () => ({ method: 'GET', url: '/v1/sync?limit=5' }),
  listEmbargoes: () => ({ method: 'GET', url: '/v1/embargoes?limit=5' }),

  listWebhooks: () => ({ method: 'GET', url: '/v1/webhooks' }),
  createWebhook: (_, n) => ({ method: 'POST', url: '/v1/webhooks', payload: { url: `https://hooks.byline.example/auth-matrix/${n}` } }),
  getWebhook: async (f, n) => ({ method: 'GET', url: `/v1/webhooks/${(await f.webhook(n)).id}` }),
  updateWebhook: async (f, n) => ({ method: 'PATCH', url: `/v1/webhooks/${(await f.webhook(n)).id}`, payload: { description: 'Changed by the auth matrix' } }),
  deleteWebhook: async (f, n) => ({ method: 'DELETE', url: `/v1/webhooks/${(await f.webhook(n)).id}` }),
  rotateWebhookSecret: async (f, n) => ({ method: 'POST', url: `/v1/webhooks/${(await f.webhook(n)).id}/secret`, payload: {} }),
  pingWebhook: async (f, n) => ({ method: 'POST', url: `/v1/webhooks/${(await f.webhook(n)).id}/ping` }),
  redeliverWebhookMessage: async (f, n) => {
    const { id, messageId } = await f.webhook(n)
    return { method: 'POST', url: `/v1/webhooks/${id}/messages/${messageId}/redeliver` }
  },
  replayWebhook: async (f, n) => ({ method: 'POST', url: `/v1/webhooks/${(await f.webhook(n)).id}/replay`, payload: { afterChange: 0 } }),
  listWebhookMessages: async (f, n) => ({ method: 'GET', url: `/v1/webhooks/${(await f.webhook(n)).id}/messages` }),
  listWebhookAttempts: async (f, n) => ({ method: 'GET', url: `/v1/webhooks/${(await f.webhook(n)).id}/attempts` })
}

/** Operations partners may call too; every other protected one is for editors and admins. */
const PARTNER_ALLOWED = new Set(['sync'])

/** Operations for partners and admins but not editors (issue 19: the embargo list). */
const PARTNERS_NOT_EDITORS = new Set(['listEmbargoes'])

/** Operations for admins alone: an editor is refused them like a partner. */
const ADMIN_ONLY = new Set(Object.keys(MATRIX).filter((id) => /Webhook/.test(id)))

interface Protected { operationId: string, method: string, path: string, success: number }

/** Every operation openapi.yaml documents with a security requirement. */
function protectedOperations (): Protected[] {
  const out: Protected[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.security === undefined || op.security.length === 0) continue
      const successes = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s))
      if (successes.length !== 1) throw new Error(`${op.operationId} documents ${successes.length} successes`)
      out.push({ operationId: op.operationId!, method, path, success: Number(successes[0]) })
    }
  }
  return out
}

function send (app: FastifyInstance, call: Call, authorization?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: call.method,
    url: call.url,
    headers: authorization === undefined ? {} : { authorization },
    ...(call.payload === undefined ? {} : { payload: call.payload })
  })
}

/** A refusal: problem+json with the right code, a Bearer challenge on 401, and as documented. */
function assertRefused (t: Test, call: Call, res: LightMyRequestResponse, status: 401 | 403, detail: RegExp, what: string): void {
  const where = `${call.method} ${call.url} ${what}`
  t.equal(res.statusCode, status, `${where} → ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, `${where} is problem+json`)
  const body = res.json()
  t.equal(body.code, status === 401 ? 'unauthorized' : 'forbidden', `${where} code`)
  t.match(body.detail, detail, `${where} detail`)
  if (status === 401) t.match(res.headers['www-authenticate'], /^Bearer realm="byline"/, `${where} challenges for a Bearer token`)
  t.equal(responseMismatch(call.method, call.url, res), null, `${where} matches the document`)
}

t.test('auth matrix: every protected operation', async (t) => {
  const app = await build(t)
  const operations = protectedOperations()
  t.ok(operations.length >= 24, `${operations.length} protected operations documented`)
  t.same(operations.map((o) => o.operationId).filter((id) => MATRIX[id] === undefined), [], 'the matrix has a row for every protected operation')
  t.same(Object.keys(MATRIX).filter((id) => !operations.some((o) => o.operationId === id)), [], 'and no row for an operation that is not protected')

  const fixtureKey = await keyFor(app, 'editor')
  const fixtureAdmin = await keyFor(app, 'admin')
  let counter = 0
  const fixtures: Fixtures = {
    async create (path, body) {
      const res = await app.inject({ method: 'POST', url: path, headers: { authorization: fixtureKey.authorization }, payload: body })
      if (res.statusCode !== 201) throw new Error(`fixture POST ${path} answered ${res.statusCode}: ${res.body}`)
      return String(res.headers.location).split('/').pop()!
    },
    async webhook () {
      const created = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: { authorization: fixtureAdmin.authorization }, payload: { url: 'https://hooks.byline.example/auth-matrix' } })
      if (created.statusCode !== 201) throw new Error(`fixture webhook answered ${created.statusCode}: ${created.body}`)
      const id = created.json().endpoint.id as string
      const ping = await app.inject({ method: 'POST', url: `/v1/webhooks/${id}/ping`, headers: { authorization: fixtureAdmin.authorization } })
      return { id, messageId: ping.json().messageId as string }
    }
  }

  const editor = await keyFor(app, 'editor')
  const admin = await keyFor(app, 'admin')
  const partner = await keyFor(app, 'partner')
  const revoked = await keyFor(app, 'editor')
  await revokeApiKey(app.database.db, revoked.id, Date.now())
  const expired = await keyFor(app, 'editor', { expiresAt: Date.now() - 1000 })
  // Not split('_'): the base64url secret may itself contain '_'.
  const [, id, secret] = /^byl_([0-9a-f]{16})_(.{43})$/.exec(editor.token) as unknown as [string, string, string]
  const otherChar = (c: string) => c === 'A' ? 'B' : 'A'

  const refusals: Array<{ what: string, authorization?: string, status: 401 | 403, detail: RegExp, invalidToken: boolean }> = [
    { what: 'without a key', status: 401, detail: /Requires an API key with role admin or editor/, invalidToken: false },
    { what: 'with `Bearer nope`', authorization: 'Bearer nope', status: 401, detail: /malformed/, invalidToken: true },
    { what: 'with Basic credentials', authorization: 'Basic dXNlcjpwYXNz', status: 401, detail: /malformed/, invalidToken: true },
    { what: 'with `Bearer` alone', authorization: 'Bearer', status: 401, detail: /malformed/, invalidToken: true },
    { what: 'with one id character changed to a non-hex one', authorization: `Bearer byl_z${id.slice(1)}_${secret}`, status: 401, detail: /malformed/, invalidToken: true },
    { what: 'with a secret one character short', authorization: `Bearer byl_${id}_${secret.slice(1)}`, status: 401, detail: /malformed/, invalidToken: true },
    { what: 'with the raw token, no scheme', authorization: editor.token, status: 401, detail: /malformed/, invalidToken: true },
    { what: 'with an unknown key', authorization: `Bearer byl_${'0'.repeat(16)}_${'A'.repeat(43)}`, status: 401, detail: /not recognised/, invalidToken: true },
    { what: 'with a known id and a wrong secret', authorization: `Bearer byl_${id}_${secret.slice(0, -1)}${otherChar(secret.at(-1)!)}`, status: 401, detail: /not recognised/, invalidToken: true },
    { what: 'with a revoked key', authorization: revoked.authorization, status: 401, detail: /revoked/, invalidToken: true },
    { what: 'with an expired key', authorization: expired.authorization, status: 401, detail: /expired/, invalidToken: true },
    { what: 'with a partner key', authorization: partner.authorization, status: 403, detail: /partner key may not call this route/, invalidToken: false }
  ]

  for (const op of operations) {
    const row = MATRIX[op.operationId]
    if (row === undefined) continue
    await t.test(`${op.operationId}: ${op.method.toUpperCase()} ${op.path}`, async (t) => {
      const call = await row(fixtures, ++counter)
      t.same(operationFor(call.method, call.url), { path: op.path, method: op.method }, 'the row calls its own operation')

      const forPartners = PARTNER_ALLOWED.has(op.operationId)
      const forAdmins = ADMIN_ONLY.has(op.operationId)
      const notEditors = PARTNERS_NOT_EDITORS.has(op.operationId)
      // Partners pass, editors are refused: the refusals of a partner route plus an editor's 403.
      const editorRefused = [
        ...refusals.filter((r) => r.status !== 403).map((r) => r.what === 'without a key' ? { ...r, detail: /Requires an API key with role admin or partner\./ } : r),
        { what: 'with an editor key', authorization: editor.authorization, status: 403 as const, detail: /editor key may not call this route. Requires an API key with role admin or partner\./, invalidToken: false }
      ]
      const applicable = notEditors
        ? editorRefused
        : forPartners
          ? refusals.filter((r) => r.status !== 403).map((r) => r.what === 'without a key' ? { ...r, detail: /Requires an API key with role admin or editor or partner/ } : r)
          : forAdmins
            ? [
                ...refusals.map((r) => r.what === 'without a key' ? { ...r, detail: /Requires an API key with role admin\./ } : r.status === 403 ? { ...r, detail: /partner key may not call this route. Requires an API key with role admin\./ } : r),
                { what: 'with an editor key', authorization: editor.authorization, status: 403 as const, detail: /editor key may not call this route/, invalidToken: false }
              ]
            : refusals
      for (const refusal of applicable) {
        const res = await send(app, call, refusal.authorization)
        assertRefused(t, call, res, refusal.status, refusal.detail, refusal.what)
        if (refusal.status === 401) {
          t.equal(/error="invalid_token"/.test(String(res.headers['www-authenticate'])), refusal.invalidToken, `${refusal.what}: error="invalid_token" only for a bad key`)
        }
      }

      // After every refusal the same call still succeeds: nothing was created, changed or deleted.
      const ok = await send(app, call, forAdmins || notEditors ? admin.authorization : editor.authorization)
      t.equal(ok.statusCode, op.success, `${forAdmins || notEditors ? 'an admin' : 'an editor'} gets ${op.success}: ${ok.body}`)
      t.equal(responseMismatch(call.method, call.url, ok), null, 'the success matches the document')
      t.equal(ok.headers['www-authenticate'], undefined, 'no challenge on success')

      const adminCall = await row(fixtures, ++counter)
      const asAdmin = await send(app, adminCall, admin.authorization)
      t.equal(asAdmin.statusCode, op.success, `an admin gets ${op.success} too: ${asAdmin.body}`)
      t.equal(responseMismatch(adminCall.method, adminCall.url, asAdmin), null, 'the admin success matches the document')
      if (forPartners || notEditors) t.equal((await send(app, await row(fixtures, ++counter), partner.authorization)).statusCode, op.success, `a partner gets ${op.success} too`)
    })
  }

  t.test('HEAD on a preview is guarded like its GET', async (t) => {
    const url = '/v1/preview/stories/her-2013-review'
    t.equal((await app.inject({ method: 'HEAD', url })).statusCode, 401)
    t.equal((await app.inject({ method: 'HEAD', url, headers: { authorization: partner.authorization } })).statusCode, 403)
    t.equal((await app.inject({ method: 'HEAD', url, headers: { authorization: editor.authorization } })).statusCode, 200)
  })

  t.test('a refused request body is never parsed', async (t) => {
    // preParsing refuses before the parser runs, so broken JSON cannot tell a guesser anything.
    const broken = (authorization?: string) => app.inject({
      method: 'POST',
      url: '/v1/tags',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      payload: '{"name": '
    })
    t.equal((await broken()).statusCode, 401)
    t.equal((await broken('Bearer nope')).statusCode, 401)
    t.equal((await broken(partner.authorization)).statusCode, 403)
    t.equal((await broken(editor.authorization)).statusCode, 400, 'an editor\'s broken body is parsed and refused')
  })
})

t.test('a public route: any valid key or none, but never an invalid one', async (t) => {
  const app = await build(t)
  const url = '/v1/stories/her-2013-review'
  const partner = await keyFor(app, 'partner')
  const revoked = await keyFor(app, 'partner')
  await revokeApiKey(app.database.db, revoked.id, Date.now())

  const anonymous = await app.inject(url)
  t.equal(anonymous.statusCode, 200)
  t.equal(responseMismatch('GET', url, anonymous), null)
  const withPartner = await app.inject({ url, headers: { authorization: partner.authorization } })
  t.equal(withPartner.statusCode, 200)
  t.equal(responseMismatch('GET', url, withPartner), null)
  t.equal((await app.inject({ url, headers: { authorization: (await keyFor(app, 'editor')).authorization } })).statusCode, 200, 'an editor reads public routes too')

  // A client that sends a bad key wants to know, even where no key is needed.
  for (const [what, authorization, detail] of [
    ['revoked', revoked.authorization, /revoked/],
    ['malformed', 'Bearer nope', /malformed/],
    ['expired', (await keyFor(app, 'partner', { expiresAt: Date.now() - 1 })).authorization, /expired/]
  ] as const) {
    const res = await app.inject({ url, headers: { authorization } })
    t.equal(res.statusCode, 401, `${what} key → 401`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.json().code, 'unauthorized')
    t.match(res.json().detail, detail)
    t.match(res.headers['www-authenticate'], /^Bearer realm="byline", error="invalid_token"/)
    t.equal(responseMismatch('GET', url, res), null, `${what}: the 401 matches the document`)
  }
})

t.test('keys never reach the logs', async (t) => {
  const lines: string[] = []
  const stream = { write (line: string) { lines.push(line) } }
  const app = await buildTestApp(testConfig(), { logger: { level: 'trace', stream } })
  t.teardown(() => app.close())

  const editor = await keyFor(app, 'editor')
  const partner = await keyFor(app, 'partner')
  const revoked = await keyFor(app, 'editor')
  await revokeApiKey(app.database.db, revoked.id, Date.now())
  const malformed = `${editor.token.slice(0, -1)}!`
  const as = (authorization: string) => ({ authorization })

  const answers: Array<[string, number, number]> = []
  const expect = async (what: string, status: number, request: InjectOptions) => {
    answers.push([what, (await app.inject(request)).statusCode, status])
  }
  await expect('create', 201, { method: 'POST', url: '/v1/tags', headers: as(editor.authorization), payload: { slug: 'log-probe', name: 'Log probe' } })
  await expect('preview', 200, { url: '/v1/preview/tags/log-probe', headers: as(editor.authorization) })
  await expect('404', 404, { url: '/v1/preview/tags/no-such-tag', headers: as(editor.authorization) })
  await expect('422', 422, { method: 'POST', url: '/v1/stories', headers: as(editor.authorization), payload: { ...storyBody(1), authors: ['nobody-at-all'] } })
  await expect('400 broken JSON', 400, { method: 'POST', url: '/v1/tags', headers: { ...as(editor.authorization), 'content-type': 'application/json' }, payload: '{' })
  await expect('revoked', 401, { url: '/v1/stories/her-2013-review', headers: as(revoked.authorization) })
  await expect('malformed', 401, { url: '/v1/preview/tags/drama', headers: as(`Bearer ${malformed}`) })
  await expect('partner on a protected route', 403, { url: '/v1/preview/tags/drama', headers: as(partner.authorization) })

  // An unexpected failure is logged with its error: the one log line most likely to carry
  // request details. Nothing in the API fails on demand, so a repository method is made to.
  const catalog = app.editors.catalog
  const get = catalog.get
  catalog.get = () => { throw new Error('simulated failure') }
  try {
    await expect('500', 500, { url: '/v1/preview/tags/drama', headers: as(editor.authorization) })
  } finally {
    catalog.get = get
  }
  for (const [what, actual, expected] of answers) t.equal(actual, expected, `${what} → ${expected}`)

  const text = lines.join('')
  t.ok(lines.length > answers.length, 'requests were logged')
  t.match(text, /"level":50.*simulated failure/, 'the failure was logged as an error')
  for (const [what, token] of [['editor', editor.token], ['partner', partner.token], ['revoked', revoked.token], ['malformed', malformed]]) {
    t.notOk(text.includes(token!), `the ${what} token is not logged`)
    // `byl_` + 16 hex + `_`: what follows is the secret (or, malformed, what a secret would be).
    t.notOk(text.includes(token!.slice(21, 41)), `nor the ${what} secret`)
  }
  t.notOk(text.includes('byl_'), 'no token-shaped string at all')
  t.notOk(text.toLowerCase().includes('authorization'), 'no authorization header')
  t.notOk(text.toLowerCase().includes('bearer'), 'no bearer credential')
})
