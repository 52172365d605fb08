/**
 * The committed openapi.yaml is what the code generates, names its components by $id,
 * documents every operation fully — and every JSON response the API sends validates
 * against the schema the document declares for that operation, status and media type.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import t from 'tap'
import { parse } from 'yaml'
import { generateOpenApiYaml } from '../src/openapi-document.js'
import { projectRoot } from '../src/paths.js'
import { build } from './helper.js'
import { publicProbeUrls } from './leak-probes.js'

const committed = readFileSync(join(projectRoot(), 'openapi.yaml'), 'utf8')
const doc = parse(committed) as {
  openapi: string
  components: { schemas: Record<string, unknown> }
  paths: Record<string, Record<string, { operationId?: string, summary?: string, tags?: string[], responses: Record<string, { content?: Record<string, unknown> }> }>>
}

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
      t.ok(op.responses['200'], `${where} 200`)
      const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400)
      t.ok(errors.length > 0, `${where} declares its errors`)
      for (const s of errors) t.ok(op.responses[s]!.content?.['application/problem+json'], `${where} ${s} is problem+json`)
    }
  }
  t.ok(doc.paths['/v1/reviews/{slug}/verdict'], 'verdict path is documented')
})

function operationFor (url: string): { path: string, pointer: string } | null {
  const pathname = new URL(url, 'http://x').pathname
  for (const path of Object.keys(doc.paths)) {
    const re = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`)
    if (re.test(pathname) && doc.paths[path]!.get) return { path, pointer: `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/get` }
  }
  return null
}

t.test('every response validates against its declared schema', async (t) => {
  const app = await build(t)
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  // ajv-formats is CommonJS: its plugin is the module itself, typed as `.default`
  const addFormats = ((formats as { default?: unknown }).default ?? formats) as (a: Ajv2020) => void
  addFormats(ajv)
  ajv.addSchema({ ...doc, $id: 'openapi' } as object)
  const urls = [...publicProbeUrls(app), '/healthz', '/readyz', '/v1/stories?limit=0', '/v1/reviews?sort=nope', '/v1/stories?cursor=x.y', '/v1/stories/Not_A_Slug']
  const seen = new Set<string>()
  for (const url of urls) {
    const res = await app.inject(url)
    const op = operationFor(url)
    t.ok(op, `${url} is a documented operation`)
    if (!op) continue
    const response = doc.paths[op.path]!.get!.responses[String(res.statusCode)]
    t.ok(response, `${url}: status ${res.statusCode} is declared`)
    if (!response) continue
    const mediaType = String(res.headers['content-type']).split(';')[0]!
    t.ok(response.content?.[mediaType], `${url}: ${res.statusCode} ${mediaType} is declared`)
    const escapedType = mediaType.replace(/~/g, '~0').replace(/\//g, '~1')
    const validate = ajv.getSchema(`openapi#${op.pointer}/responses/${res.statusCode}/content/${escapedType}/schema`)
    if (!validate) { t.fail(`${url}: no schema`); continue }
    if (!validate(res.json())) t.fail(`${url} does not match its schema: ${ajv.errorsText(validate.errors)}`)
    seen.add(`${op.path} ${res.statusCode}`)
  }
  t.ok(seen.size >= 20, `${seen.size} operation/status pairs validated`)
})
