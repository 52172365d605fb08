/**
 * The committed openapi.yaml is what the code generates, names its components by $id,
 * documents every operation fully — and every JSON response the API sends validates
 * against the schema the document declares for that operation, status and media type.
 */
import t from 'tap'
import { generateOpenApiYaml } from '../src/openapi-document.js'
import { build } from './helper.js'
import { publicProbeUrls } from './leak-probes.js'
import { committed, doc, operationFor, responseMismatch } from './openapi-validator.js'

t.test('openapi.yaml is up to date (run `npm run openapi` after changing routes or schemas)', async (t) => {
  t.equal(await generateOpenApiYaml(), committed)
})

t.test('document shape', async (t) => {
  t.equal(doc.openapi, '3.1.0')
  const names = Object.keys(doc.components.schemas)
  t.ok(names.length > 20)
  t.notOk(names.some((n) => /^def-\d+$/.test(n)), 'no def-N component names')
  for (const name of ['Story', 'Review', 'Article', 'StoryCard', 'Verdict', 'ScoreFormat', 'Subject', 'Problem', 'ReviewVerdict']) t.ok(names.includes(name), name)
  t.notMatch(committed, /\/work\/|127\.0\.0\.1|localhost/, 'nothing from the generating machine')
  const operationIds = new Set<string>()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.type(op.operationId, 'string', `${where} operationId`)
      t.notOk(operationIds.has(op.operationId!), `${where} operationId is unique`)
      operationIds.add(op.operationId!)
      t.ok(op.summary, `${where} summary`)
      t.ok(op.tags?.length, `${where} tags`)
      t.ok(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${where} declares its success`)
      const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400)
      t.ok(errors.length > 0, `${where} declares its errors`)
      for (const s of errors) t.ok(op.responses[s]!.content?.['application/problem+json'], `${where} ${s} is problem+json`)
    }
  }
  t.ok(doc.paths['/v1/reviews/{slug}/verdict'], 'verdict path is documented')
  t.ok(doc.components.securitySchemes?.bearerAuth, 'bearer security scheme')
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      if (method !== 'get' || path.startsWith('/v1/preview/') || path.startsWith('/v1/webhooks') || path === '/v1/sync' || path === '/v1/embargoes') {
        t.same(op.security, [{ bearerAuth: [] }], `${where} requires a key`)
        for (const s of ['401', '403']) t.ok(op.responses[s], `${where} declares ${s}`)
      } else {
        t.same(op.security, [], `${where} is public, and says so`)
      }
      t.ok(op.responses['429'], `${where} declares 429`)
    }
  }
})

t.test('every response validates against its declared schema', async (t) => {
  const app = await build(t)
  const urls = [...await publicProbeUrls(app), '/healthz', '/readyz', '/v1/stories?limit=0', '/v1/reviews?sort=nope', '/v1/stories?cursor=x.y', '/v1/stories/Not_A_Slug']
  const seen = new Set<string>()
  for (const url of urls) {
    const res = await app.inject(url)
    const op = operationFor('GET', url)
    const mismatch = responseMismatch('GET', url, res)
    if (mismatch !== null) t.fail(mismatch)
    else seen.add(`${op!.path} ${res.statusCode}`)
  }
  t.ok(seen.size >= 20, `${seen.size} operation/status pairs validated`)
})
