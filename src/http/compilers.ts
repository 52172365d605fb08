/**
 * Fastify's own compilers (Ajv for requests, fast-json-stringify for responses), with
 * two changes:
 * - JSON bodies are validated without type coercion. Query strings, params and headers
 *   arrive as text and are coerced (`limit=20` → 20); bodies already carry their types,
 *   so `{"title": 42}` or `{"bodyMarkdown": null}` is a 400 instead of being quietly
 *   turned into "42" or "".
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

export const buildValidator: ValidatorFactory = (externalSchemas, options = {}) => {
  const forText = coercing(externalSchemas, options)
  const forBodies = exact(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } } as typeof options)
  return (route) => lazyValidator(() => route.httpPart === 'body' ? forBodies(route) : finiteOnly(forText(route)))
}

const serializers = SerializerSelector()

export const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = serializers(externalSchemas, options)
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined
    return (data) => (serialize ??= compile(route))(data)
  }
}
