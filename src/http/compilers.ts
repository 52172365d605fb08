/**
 * Fastify's own compilers (Ajv for requests, fast-json-stringify for responses), with
 * two changes:
 * - JSON bodies are validated without type coercion. Query strings, params and headers
 *   arrive as text and are coerced (`limit=20` → 20); bodies already carry their types,
 *   so `{"title": 42}` or `{"bodyMarkdown": null}` is a 400 instead of being quietly
 *   turned into "42" or "".
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

export const buildValidator: ValidatorFactory = (externalSchemas, options = {}) => {
  const forText = coercing(externalSchemas, options)
  const forBodies = exact(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } } as typeof options)
  return (route) => lazyValidator(() => route.httpPart === 'body' ? forBodies(route) : forText(route))
}

const serializers = SerializerSelector()

export const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = serializers(externalSchemas, options)
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined
    return (data) => (serialize ??= compile(route))(data)
  }
}
