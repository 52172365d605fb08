/**
 * Checks a real response against what openapi.yaml declares for its operation, status
 * and media type. Shared by the OpenAPI test and the editorial tests.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import { parse } from 'yaml'
import { projectRoot } from '../src/paths.js'

interface Operation { operationId?: string, summary?: string, tags?: string[], security?: unknown[], responses: Record<string, { content?: Record<string, unknown> }> }
export const committed = readFileSync(join(projectRoot(), 'openapi.yaml'), 'utf8')
export const doc = parse(committed) as {
  openapi: string
  components: { schemas: Record<string, unknown>, securitySchemes?: Record<string, unknown> }
  paths: Record<string, Record<string, Operation>>
}

const ajv = new Ajv2020({ strict: false, allErrors: true })
// ajv-formats is CommonJS: its plugin is the module itself, typed as `.default`
const addFormats = ((formats as { default?: unknown }).default ?? formats) as (a: Ajv2020) => void
addFormats(ajv)
ajv.addSchema({ ...doc, $id: 'openapi' } as object)

const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

export function operationFor (method: string, url: string): { path: string, method: string } | null {
  const pathname = new URL(url, 'http://x').pathname
  const m = method.toLowerCase()
  for (const path of Object.keys(doc.paths)) {
    const re = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`)
    if (re.test(pathname) && doc.paths[path]![m]) return { path, method: m }
  }
  return null
}

/** Why the response does not match the document, or null when it does. */
export function responseMismatch (method: string, url: string, res: { statusCode: number, headers: Record<string, unknown>, body: string }): string | null {
  const op = operationFor(method, url)
  if (op === null) return `${method} ${url} is not a documented operation`
  const response = doc.paths[op.path]![op.method]!.responses[String(res.statusCode)]
  if (response === undefined) return `${method} ${url}: status ${res.statusCode} is not declared`
  if (res.body === '') return response.content === undefined ? null : `${method} ${url}: ${res.statusCode} has no body but declares one`
  const mediaType = String(res.headers['content-type']).split(';')[0]!
  if (response.content?.[mediaType] === undefined) return `${method} ${url}: ${res.statusCode} ${mediaType} is not declared`
  const validate = ajv.getSchema(`openapi#/paths/${pointerPart(op.path)}/${op.method}/responses/${res.statusCode}/content/${pointerPart(mediaType)}/schema`)
  if (validate === undefined) return `${method} ${url}: no schema`
  // JSON media types (application/json, problem+json, feed+json, ld+json) are parsed; XML is checked as the string it is.
  const value: unknown = /[/+]json$/.test(mediaType) ? JSON.parse(res.body) : res.body
  return validate(value) ? null : `${method} ${url} ${res.statusCode} does not match its schema: ${ajv.errorsText(validate.errors)}`
}
