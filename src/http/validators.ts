/**
 * Fastify's own Ajv compiler, twice: query strings, params and headers arrive as text
 * and are coerced to the schema's types (`limit=20` → 20); JSON bodies already carry
 * their types and are not coerced, so `{"title": 42}` or `{"bodyMarkdown": null}` is a
 * 400 instead of being quietly turned into "42" or "".
 */
import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler'

const coercing = AjvCompiler()
const exact = AjvCompiler()

export const buildValidator: ValidatorFactory = (externalSchemas, options = {}) => {
  const forText = coercing(externalSchemas, options)
  const forBodies = exact(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } } as typeof options)
  return (route) => route.httpPart === 'body' ? forBodies(route) : forText(route)
}
