/**
 * Values from JSON Schema: valid ones (with hints that put real slugs and ids where the
 * app needs them), the places in a value a mutation can target, and mutations that
 * break exactly one rule of the schema at one of those places.
 */
import { clone, HUGE, NASTY_STRINGS, PROTO, RAW_NUMBERS, RawJson, withKey } from './payloads.js'
import type { Rng } from './prng.js'
import { stringMatching } from './regex-gen.js'
import type { Schema, Spec } from './spec.js'
import type { Validator } from './validate.js'

export interface Where {
  location: 'path' | 'query' | 'header' | 'body'
  /** The property or parameter name (for array items: the array's). */
  name: string
  /** The component schema of the object this value is a property of. */
  parent?: string
  /** The component schema this value is, when it is a `$ref`. */
  ref?: string
  /** Property names from the root of the body. */
  path: string[]
}

export interface Hints {
  /** A value for this place, or undefined to generate one from the schema. */
  value?: (where: Where, schema: Schema) => unknown
  /** Chance that an optional property is present (default 0.5). */
  optionalChance?: (where: Where, schema: Schema) => number
  /** Makes a generated object of component `ref` meet rules the schema cannot say. */
  fixup?: (ref: string, value: Record<string, unknown>, where: Where) => void
}

const WORDS = ['night', 'signal', 'harbor', 'glass', 'orbit', 'velvet', 'ember', 'quiet', 'river', 'static', 'paper', 'lantern', 'ghost', 'meridian',
  'café', 'naïve', 'Zoë', 'Déjà', 'vu', '東京', 'Ørsted', 'fjörd', 'the', 'of', 'a', 'review', 'game', 'film', 'sound', 'city', 'light', 'summer', 'winter']

export const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1)

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array'

/** Somewhere in a value: its path, the schema it has to meet, and whether its parent requires it. */
export interface Site {
  path: Array<string | number>
  schema: Schema
  /** The schema as written there: a union, a $ref… (for "wrong type" mutations). */
  original: Schema
  required: boolean
}

export class SchemaGen {
  constructor (private readonly rng: Rng, private readonly spec: Spec, private readonly validator: Validator, private readonly hints: Hints = {}) {}

  deref (schema: Schema): { schema: Schema, ref?: string } {
    let s = schema
    let ref: string | undefined
    for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
      ref = refName(s.$ref)
      s = this.spec.resolve(s.$ref)
    }
    return { schema: s, ref }
  }

  // ---------------------------------------------------------------- valid values

  valid (schema: Schema, where: Where): unknown {
    const { schema: s, ref } = this.deref(schema)
    const here: Where = ref === undefined ? where : { ...where, ref }
    const hinted = this.hints.value?.(here, s)
    if (hinted !== undefined) return hinted
    const union = (s.anyOf ?? s.oneOf) as Schema[] | undefined
    if (union !== undefined) {
      const nonNull = union.filter((b) => this.deref(b).schema.type !== 'null')
      const branch = nonNull.length > 0 && this.rng.chance(0.9) ? this.rng.pick(nonNull) : this.rng.pick(union)
      const { ref: branchRef } = this.deref(branch)
      return this.valid(branch, branchRef === undefined ? here : { ...here, ref: branchRef })
    }
    if (Array.isArray(s.enum)) return clone(this.rng.pick(s.enum))
    if ('const' in s) return clone(s.const)
    if (Array.isArray(s.examples) && s.examples.length > 0 && this.rng.chance(0.25)) {
      const example = clone(this.rng.pick(s.examples as unknown[]))
      if (example !== null && typeof example === 'object' && !Array.isArray(example) && here.ref !== undefined) this.hints.fixup?.(here.ref, example as Record<string, unknown>, here)
      if (this.validator.matches(s, example)) return example
    }
    let type = s.type as string | string[] | undefined
    if (Array.isArray(type)) {
      const nonNull = type.filter((t) => t !== 'null')
      type = nonNull.length > 0 && this.rng.chance(0.9) ? this.rng.pick(nonNull) : this.rng.pick(type)
    }
    type ??= s.properties !== undefined ? 'object' : s.items !== undefined ? 'array' : 'string'
    switch (type) {
      case 'null': return null
      case 'boolean': return this.rng.chance(0.5)
      case 'integer': return this.integer(s)
      case 'number': return this.number(s)
      case 'string': return this.string(s)
      case 'array': return this.array(s, here)
      case 'object': return this.object(s, here)
      default: return null
    }
  }

  private bounds (s: Schema, fallbackMin: number, fallbackMax: number): [number, number] {
    let min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : undefined
    let max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : undefined
    min ??= Math.min(fallbackMin, max ?? fallbackMin)
    max ??= Math.max(fallbackMax, min)
    return [min, max]
  }

  integer (s: Schema): number {
    const [min, max] = this.bounds(s, 0, 1000)
    // Edges are where off-by-one errors live; an open range admits very large numbers too.
    const open = s.maximum === undefined && s.exclusiveMaximum === undefined
    return this.rng.weighted([
      [1, min], [1, max], [6, this.rng.int(min, Math.min(max, min + 1000))], [2, this.rng.int(min, max)],
      [open ? 0.5 : 0, 2 ** 31], [open ? 0.5 : 0, Number.MAX_SAFE_INTEGER]
    ])
  }

  number (s: Schema): number {
    if (typeof s.exclusiveMinimum === 'number' && s.minimum === undefined && (s.maximum === undefined || s.maximum >= s.exclusiveMinimum + 1)) {
      return this.rng.pick([0.5, 1, 0.25, 2].filter((v) => v > s.exclusiveMinimum && (s.maximum === undefined || v <= s.maximum)))
    }
    const [min, max] = this.bounds(s, 0, 100)
    const v = this.rng.int(Math.ceil(min * 2), Math.floor(max * 2)) / 2
    return Math.min(Math.max(v, min), max)
  }

  text (minLength: number, maxLength: number): string {
    const max = Math.min(maxLength, minLength + 60)
    let s = ''
    while ([...s].length < minLength || (s === '' && max > 0) || this.rng.chance(0.5)) {
      s += (s === '' ? '' : ' ') + this.rng.pick(WORDS)
      if ([...s].length >= max) break
    }
    const chars = [...s].slice(0, Math.max(minLength, Math.min(max, [...s].length)))
    while (chars.length < minLength) chars.push('x')
    return chars.join('').replace(/^ +| +$/g, (m) => 'x'.repeat(m.length))
  }

  string (s: Schema): string {
    const minLength = typeof s.minLength === 'number' ? s.minLength : 0
    const maxLength = typeof s.maxLength === 'number' ? s.maxLength : 200
    if (s.format === 'date-time') {
      // Mostly ordinary times; sometimes the edges RFC 3339 allows (offsets, fractions, a leap second, year 1 and 9999).
      if (this.rng.chance(0.1)) return this.rng.pick(['1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2016-12-31T23:59:60Z', '2024-02-29T12:00:00.123456+05:45', '2024-06-01T00:00:00-12:00', '2024-06-01t10:00:00z'])
      return new Date(Date.UTC(2010, 0, 1) + this.rng.int(0, 20 * 365 * 86400) * 1000).toISOString().replace('.000Z', 'Z')
    }
    if (s.format === 'date') return new Date(Date.UTC(1950, 0, 1) + this.rng.int(0, 80 * 365) * 86400_000).toISOString().slice(0, 10)
    const url = () => `${this.rng.pick(['cdn.byline.example', 'example.com', 'img.example.org'])}/${this.rng.string(8)}.${this.rng.pick(['jpg', 'png', 'mp3', 'mp4'])}`
    if (typeof s.pattern === 'string') {
      const matched = stringMatching(s.pattern, this.rng, minLength, maxLength, s.format === 'uri' ? url : () => this.rng.string(this.rng.int(0, 8)))
      if (matched !== null) return matched
      const examples = (Array.isArray(s.examples) ? s.examples : []).filter((e): e is string => typeof e === 'string')
      if (examples.length > 0) return this.rng.pick(examples)
      return this.rng.string(Math.max(minLength, 1))
    }
    if (s.format === 'uri') return `https://${url()}`
    if (s.format === 'email') return `${this.rng.string(6)}@example.com`
    return this.text(minLength, maxLength)
  }

  private array (s: Schema, where: Where): unknown[] {
    const minItems = typeof s.minItems === 'number' ? s.minItems : 0
    const maxItems = typeof s.maxItems === 'number' ? s.maxItems : minItems + 3
    const n = this.rng.int(minItems, Math.min(maxItems, minItems + 3))
    const out: unknown[] = []
    const seen = new Set<string>()
    for (let i = 0; out.length < n && i < n * 4 + 4; i++) {
      const item = this.valid((s.items ?? {}) as Schema, { ...where, ref: undefined })
      const key = JSON.stringify(item)
      if (s.uniqueItems === true && seen.has(key)) continue
      seen.add(key)
      out.push(item)
    }
    return out
  }

  private object (s: Schema, where: Where): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    const properties = (s.properties ?? {}) as Record<string, Schema>
    const required = new Set((s.required ?? []) as string[])
    for (const [key, propSchema] of Object.entries(properties)) {
      const child: Where = { location: where.location, name: key, parent: where.ref ?? where.parent, path: [...where.path, key] }
      const p = this.hints.optionalChance?.(child, propSchema) ?? 0.5
      if (required.has(key) || this.rng.chance(p)) {
        const value = this.valid(propSchema, child)
        if (value !== undefined) out[key] = value
      }
    }
    if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') {
      for (let i = this.rng.int(0, 2); i > 0; i--) {
        const key = this.rng.pick(['mastodon', 'bluesky', 'website', 'x', 'threads', this.rng.string(5)])
        out[key] = this.valid(s.additionalProperties as Schema, { location: where.location, name: key, parent: where.ref ?? where.parent, path: [...where.path, key] })
      }
    }
    if (where.ref !== undefined) this.hints.fixup?.(where.ref, out, where)
    return out
  }

  // ---------------------------------------------------------------- sites

  /** Every place in `value`, with the schema that applies there. */
  sites (schema: Schema, value: unknown): Site[] {
    const out: Site[] = []
    const walk = (original: Schema, v: unknown, path: Array<string | number>, required: boolean) => {
      let { schema: s } = this.deref(original)
      for (let i = 0; i < 5; i++) {
        const union = (s.anyOf ?? s.oneOf) as Schema[] | undefined
        if (union === undefined) break
        const branch = union.find((b) => this.validator.matches(b, v)) ?? union.find((b) => jsonTypeMatches(this.deref(b).schema, v)) ?? union[0]!
        s = this.deref(branch).schema
      }
      out.push({ path, schema: s, original, required })
      if (isPlainObject(v)) {
        const properties = (s.properties ?? {}) as Record<string, Schema>
        const req = new Set((s.required ?? []) as string[])
        for (const key of Object.keys(v)) {
          const propSchema = properties[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties as Schema : undefined)
          if (propSchema !== undefined) walk(propSchema, v[key], [...path, key], req.has(key))
        }
      } else if (Array.isArray(v) && s.items !== undefined) {
        v.forEach((item, i) => walk(s.items as Schema, item, [...path, i], true))
      }
    }
    walk(schema, value, [], true)
    return out
  }

  /** The JSON types a schema admits, or null for any. */
  typesOf (schema: Schema): Set<JsonType> | null {
    const { schema: s } = this.deref(schema)
    const union = (s.anyOf ?? s.oneOf) as Schema[] | undefined
    if (union !== undefined) {
      const all = new Set<JsonType>()
      for (const b of union) {
        const t = this.typesOf(b)
        if (t === null) return null
        for (const x of t) all.add(x)
      }
      return all
    }
    if (Array.isArray(s.enum)) return new Set(s.enum.map(jsonTypeOf))
    if ('const' in s) return new Set([jsonTypeOf(s.const)])
    if (s.type !== undefined) {
      const types = new Set<JsonType>((Array.isArray(s.type) ? s.type : [s.type]) as JsonType[])
      if (types.has('number')) types.add('integer')
      return types
    }
    if (s.properties !== undefined) return new Set(['object'])
    if (s.items !== undefined) return new Set(['array'])
    return null
  }

  // ---------------------------------------------------------------- mutations

  /** A value of a JSON type `schema` does not admit. */
  wrongType (schema: Schema): unknown | undefined {
    const allowed = this.typesOf(schema)
    if (allowed === null) return undefined
    const candidates: Array<[JsonType, () => unknown]> = [
      ['string', () => this.rng.pick(['x', '42', 'true', 'null', ''])],
      ['integer', () => this.rng.pick([0, 7, -1, 100001])],
      ['number', () => this.rng.pick([4.5, -0.25])],
      ['boolean', () => this.rng.chance(0.5)],
      ['null', () => null],
      ['object', () => ({})],
      ['array', () => this.rng.pick([[], ['x'], [1, 2]])]
    ]
    const wrong = candidates.filter(([t]) => !allowed.has(t) && !(t === 'number' && allowed.has('number')))
    if (wrong.length === 0) return undefined
    return this.rng.pick(wrong)[1]()
  }

  /**
   * One rule of `site.schema` broken at that site; returns what was done, or null when
   * nothing applies there. `root` is changed in place.
   */
  mutateAt (root: { value: unknown }, site: Site, parentSchema: Schema | undefined): string | null {
    const s = site.schema
    const options: Array<[number, () => string | null]> = []
    const set = (v: unknown) => setAt(root, site.path, v)
    const at = site.path.length === 0 ? 'body' : `/${site.path.join('/')}`
    const wrong = this.wrongType(site.original)
    if (wrong !== undefined) options.push([3, () => { set(wrong); return `${at}: wrong type ${JSON.stringify(wrong)}` }])
    if (Array.isArray(s.enum)) {
      options.push([3, () => {
        const base = String(this.rng.pick(s.enum as unknown[]))
        const bad = this.rng.pick([base.toUpperCase(), `${base} `, `${base}x`, 'nope', '', base.replace(/-/g, '_'), `${base}\u0000`])
        set(bad)
        return `${at}: not in enum ${JSON.stringify(bad)}`
      }])
    }
    const types = Array.isArray(s.type) ? s.type as string[] : [s.type as string]
    if (types.includes('integer') || types.includes('number')) {
      const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined
      const hi = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined
      if (lo !== undefined) options.push([3, () => { const v = typeof s.exclusiveMinimum === 'number' ? lo : lo - this.rng.pick([1, 0.5, 1e6]); set(v); return `${at}: below minimum ${v}` }])
      if (hi !== undefined) options.push([3, () => { const v = typeof s.exclusiveMaximum === 'number' ? hi : hi + this.rng.pick([1, 0.5, 1e6]); set(v); return `${at}: above maximum ${v}` }])
      if (types.includes('integer') && !types.includes('number')) options.push([2, () => { const v = this.rng.pick([1.5, 0.1, 99.99]); set(v); return `${at}: not an integer ${v}` }])
      options.push([3, () => { const t = this.rng.pick(RAW_NUMBERS); set(new RawJson(t)); return `${at}: number token ${t}` }])
    }
    if (types.includes('string')) {
      if (typeof s.maxLength === 'number') options.push([2, () => { const v = 'x'.repeat(s.maxLength + 1); set(v); return `${at}: ${v.length} characters (maxLength ${s.maxLength})` }])
      if (typeof s.minLength === 'number' && s.minLength > 0) options.push([2, () => { set(''); return `${at}: empty (minLength ${s.minLength})` }])
      if (typeof s.pattern === 'string') {
        const re = new RegExp(s.pattern, 'u')
        const bad = NASTY_STRINGS.filter((x) => !re.test(x))
        if (bad.length > 0) options.push([3, () => { const v = this.rng.pick(bad); set(v); return `${at}: does not match ${s.pattern}: ${JSON.stringify(v).slice(0, 60)}` }])
      }
      if (typeof s.format === 'string') {
        options.push([2, () => {
          const v = this.rng.pick(s.format === 'uri' ? ['not a uri', 'javascript:alert(1)', 'http://', '//no-scheme.example', 'https://exa mple.com'] : ['2024-13-45', '2024-02-30T25:61:00Z', 'yesterday', '2024-01-01 00:00:00', '0000-00-00', '+275760-09-13T00:00:00.001Z', '2024-01-01T00:00:60Z', '2024-1-1'])
          set(v)
          return `${at}: bad ${String(s.format)} ${JSON.stringify(v)}`
        }])
      }
      // Not necessarily invalid: hostile text the schema may well allow, to be stored and echoed back.
      options.push([4, () => { const v = this.rng.pick(NASTY_STRINGS); set(v); return `${at}: hostile string ${JSON.stringify(v).slice(0, 60)}` }])
      options.push([1, () => { set(HUGE); return `${at}: 100 KB string` }])
    }
    if (types.includes('array') || s.items !== undefined) {
      if (typeof s.maxItems === 'number') options.push([1, () => { const v = Array.from({ length: s.maxItems + 1 }, () => this.valid(s.items ?? {}, { location: 'body', name: String(site.path.at(-1) ?? ''), path: [] })); set(v); return `${at}: ${v.length} items (maxItems ${s.maxItems})` }])
      if (typeof s.minItems === 'number' && s.minItems > 0) options.push([2, () => { set([]); return `${at}: no items (minItems ${s.minItems})` }])
      if (s.uniqueItems === true) options.push([2, () => { const item = this.valid(s.items ?? {}, { location: 'body', name: String(site.path.at(-1) ?? ''), path: [] }); set([item, clone(item)]); return `${at}: duplicate items` }])
    }
    const value = getAt(root, site.path)
    if (isPlainObject(value)) {
      const required = ((s.required ?? []) as string[]).filter((k) => k in value)
      if (required.length > 0) options.push([3, () => { const k = this.rng.pick(required); delete value[k]; return `${at}: required "${k}" missing` }])
      if (s.additionalProperties === false || s.additionalProperties === undefined) {
        options.push([3, () => {
          const key = this.rng.pick([...PROTO, 'extra', 'Title', '', ' ', 'a'.repeat(300), '\u0000', '😀', 'title '])
          const v = key === 'constructor' && this.rng.chance(0.5) ? { prototype: { polluted: true } } : key === '__proto__' ? { polluted: true } : this.rng.pick([1, 'x', null, { polluted: true }])
          withKey(value, key, v)
          return `${at}: extra key ${JSON.stringify(key)}`
        }])
      }
    }
    if (!site.required && site.path.length > 0 && parentSchema !== undefined) {
      options.push([1, () => { set(null); return `${at}: null for an optional field` }])
    }
    if (options.length === 0) return null
    return this.rng.weighted(options)()
  }
}

export function isPlainObject (v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawJson)
}

export function jsonTypeOf (v: unknown): JsonType {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v as JsonType
}

function jsonTypeMatches (s: Schema, v: unknown): boolean {
  const t = jsonTypeOf(v)
  if (s.type === undefined) return true
  const types = Array.isArray(s.type) ? s.type : [s.type]
  return types.includes(t) || (t === 'integer' && types.includes('number'))
}

export function getAt (root: { value: unknown }, path: Array<string | number>): unknown {
  let v: unknown = root.value
  for (const key of path) v = (v as Record<string | number, unknown> | undefined)?.[key]
  return v
}

export function setAt (root: { value: unknown }, path: Array<string | number>, value: unknown): void {
  if (path.length === 0) { root.value = value; return }
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>
  const key = path[path.length - 1]!
  if (typeof key === 'string') withKey(parent as Record<string, unknown>, key, value)
  else parent[key] = value
}
