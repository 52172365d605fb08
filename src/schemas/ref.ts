import { Type, type Static, type TSchema, type TUnsafe } from 'typebox'

/**
 * A `$ref` to a named schema that keeps the referenced type for `Static`.
 * Named schemas are registered once (src/plugins/openapi.ts) and appear in the
 * OpenAPI document as components named by their `$id`.
 */
export function ref<T extends TSchema> (schema: T): TUnsafe<Static<T>> {
  const id = (schema as { $id?: unknown }).$id
  if (typeof id !== 'string') throw new Error('ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>({ $ref: `${id}#` })
}
