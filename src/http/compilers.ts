/**
 * Fastify's own compilers (Ajv for requests, fast-json-stringify for responses), with
 * two changes:
 * - JSON bodies are validated without type coercion. Query strings, params and headers
 *   arrive as text and are coerced (`limit=20` → 20); bodies already carry their types,
 *   so `{"title": 42}` or `{"bodyMarkdown": null}` is a 400 instead of being quietly
 *   turned into "42" or "".
 * - A number in text must be written as a plain decimal. Ajv coerces with JavaScript's
 *   own rules, so `limit=0x10` was 16, `0b11` 3, `1e1` 10 and ` 5` 5. Integers are
 *   `-?(0|[1-9][0-9]*)`: no "+", no leading zeros, no whitespace, no fraction ("5.0"),
 *   no exponent, hex, binary or octal; numbers may add a fraction (`.5` needs its 0).
 *   One spelling per value keeps URLs (and the cache keys made of them) canonical.
 * - Text that coerces to an infinite number ("Infinity", "1e309") is refused: Ajv's
 *   coercion turns it into a number that minimum and maximum never get to check.
 * - Compilation waits for first use. Every route declares its responses (the OpenAPI
 *   document is built from them), but most bodies are sent pre-rendered and never
 *   meet a serializer; compiling them all at boot was most of the cold start.
 */
import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler'
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler'

type Validate = ReturnType<ReturnType<ValidatorFactory>>

/** A validator that compiles on its first call, and hands Fastify the errors of the real one. */
function lazyValidator (compile: () => Validate): Validate {
  let compiled: Validate | undefined
  const validate = ((data: unknown) => {
    compiled ??= compile()
    const valid = compiled(data)
    validate.errors = compiled.errors
    return valid
  }) as Validate
  return validate
}

const coercing = AjvCompiler()
const exact = AjvCompiler()

/** Runs `validate`, then refuses any value it coerced to a non-finite number. */
function finiteOnly (validate: Validate): Validate {
  const checked = ((data: unknown) => {
    const valid = validate(data)
    checked.errors = validate.errors
    if (!valid || typeof data !== 'object' || data === null) return valid
    for (const [name, value] of Object.entries(data)) {
      if ([value].flat().some((v) => typeof v === 'number' && !Number.isFinite(v))) {
        checked.errors = [{ instancePath: `/${name}`, schemaPath: '#/finite', keyword: 'type', params: { type: 'number' }, message: 'must be a finite number' }]
        return false
      }
    }
    return true
  }) as Validate
  return checked
}

const PLAIN = {
  integer: /^-?(0|[1-9][0-9]*)$/,
  number: /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/
}
const PLAIN_MESSAGE = {
  integer: 'must be a plain decimal integer (digits and an optional leading "-"; no "+", leading zeros, spaces, exponent or hex)',
  number: 'must be a plain decimal number (digits, an optional leading "-" and fraction; no "+", leading zeros, spaces, exponent or hex)'
}
type NumberType = keyof typeof PLAIN

function numberType (schema: unknown): NumberType | undefined {
  const type = (schema as { type?: unknown } | null)?.type
  return type === 'integer' || type === 'number' ? type : undefined
}

/** The properties of a querystring, params or headers schema that are numbers, or arrays of them. */
function numberFields (schema: unknown): Array<[string, NumberType]> {
  const properties = (schema as { properties?: Record<string, unknown> } | null)?.properties ?? {}
  const fields: Array<[string, NumberType]> = []
  for (const [name, property] of Object.entries(properties)) {
    const type = numberType(property) ?? ((property as { type?: unknown }).type === 'array' ? numberType((property as { items?: unknown }).items) : undefined)
    if (type !== undefined) fields.push([name, type])
  }
  return fields
}

/**
 * Refuses number fields whose text is not a plain decimal, before `validate` coerces
 * it. The other fields' errors are still reported, so one answer lists every bad field.
 */
function plainNumbers (schema: unknown, validate: Validate): Validate {
  const fields = numberFields(schema)
  if (fields.length === 0) return validate
  const checked = ((data: unknown) => {
    const loose: NonNullable<Validate['errors']> = []
    if (typeof data === 'object' && data !== null) {
      for (const [name, type] of fields) {
        const value = (data as Record<string, unknown>)[name]
        if ([value].flat().some((v) => typeof v === 'string' && !PLAIN[type].test(v))) {
          loose.push({ instancePath: `/${name}`, schemaPath: '#/plain-decimal', keyword: 'type', params: { type }, message: PLAIN_MESSAGE[type] })
        }
      }
    }
    const valid = validate(data)
    if (loose.length === 0) {
      checked.errors = validate.errors
      return valid
    }
    const named = new Set(loose.map((e) => e.instancePath))
    checked.errors = [...loose, ...(validate.errors ?? []).filter((e) => !named.has(e.instancePath) && !named.has(e.instancePath.replace(/\/[^/]*$/, '')))]
    return false
  }) as Validate
  return checked
}

export const buildValidator: ValidatorFactory = (externalSchemas, options = {}) => {
  // Each Ajv instance compiles the JSON Schema meta-schema and checks every shared schema
  // against it when made: made on first use too, so a server whose first requests carry
  // no body never makes the body one. (Fastify hands over a copy of the shared schemas.)
  let forText: ReturnType<typeof coercing> | undefined
  let forBodies: ReturnType<typeof exact> | undefined
  const text = () => (forText ??= coercing(externalSchemas, options))
  const bodies = () => (forBodies ??= exact(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } } as typeof options))
  return (route) => lazyValidator(() => route.httpPart === 'body' ? bodies()(route) : plainNumbers(route.schema, finiteOnly(text()(route))))
}

const serializers = SerializerSelector()

export const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = serializers(externalSchemas, options)
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined
    return (data) => (serialize ??= compile(route))(data)
  }
}
