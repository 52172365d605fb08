/**
 * JSON Schema validation against the OpenAPI document, the way test/openapi-validator.ts
 * does it (Ajv 2020-12 with ajv-formats, the document registered under the id
 * `openapi`), for any schema taken out of the document: its local `$ref`s are rewritten
 * to point into the registered document.
 *
 * Two instances: an exact one for JSON (bodies, responses), and one that coerces like
 * Fastify does for text (query strings, path parameters, headers).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import type { OpenApiDoc, Schema } from './spec.js'

// ajv-formats is CommonJS: its plugin is the module itself, typed as `.default`
const addFormats = ((formats as { default?: unknown }).default ?? formats) as (a: Ajv2020) => void

function rewriteRefs (schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteRefs)
  if (schema === null || typeof schema !== 'object') return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `openapi${value}` : rewriteRefs(value)
  }
  return out
}

export class Validator {
  private readonly exact: Ajv2020
  private readonly coercing: Ajv2020
  private readonly cache = new WeakMap<object, ValidateFunction>()
  private readonly coercingCache = new WeakMap<object, ValidateFunction>()

  constructor (doc: OpenApiDoc) {
    this.exact = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true })
    this.coercing = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, coerceTypes: 'array', useDefaults: true })
    for (const ajv of [this.exact, this.coercing]) {
      addFormats(ajv)
      ajv.addSchema({ ...doc, $id: 'openapi' } as object)
    }
  }

  private compiled (schema: Schema, coerce: boolean): ValidateFunction {
    const cache = coerce ? this.coercingCache : this.cache
    let fn = cache.get(schema)
    if (fn === undefined) {
      fn = (coerce ? this.coercing : this.exact).compile(rewriteRefs(schema) as object)
      cache.set(schema, fn)
    }
    return fn
  }

  /** null when `value` is valid, else Ajv's error text. */
  errors (schema: Schema, value: unknown, coerce = false): string | null {
    const fn = this.compiled(schema, coerce)
    const data = coerce ? structuredClone(value) : value
    if (fn(data)) return null
    return (coerce ? this.coercing : this.exact).errorsText(fn.errors, { separator: '; ' })
  }

  matches (schema: Schema, value: unknown): boolean {
    return this.errors(schema, value) === null
  }
}
