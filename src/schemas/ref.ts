import { Type, type Static, type TObject, type TSchema, type TSchemaOptions, type TUnion, type TUnsafe } from 'typebox'

/**
 * A `$ref` to a named schema that keeps the referenced type for `Static`.
 * Named schemas are registered once (src/plugins/openapi.ts) and appear in the
 * OpenAPI document as components named by their `$id`.
 */
export function ref<T extends TSchema> (schema: T): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ $ref: `${idOf(schema)}#` })
}

function idOf (schema: TSchema): string {
  const id = (schema as { $id?: unknown }).$id
  if (typeof id !== 'string') throw new Error('a reference needs a schema with an $id')
  return id
}

/** The values a member's tag property may take: a `Literal` (const) or an `Enum`. */
function tagValues (member: TObject, propertyName: string): string[] {
  const tag = member.properties[propertyName] as { const?: unknown, enum?: unknown } | undefined
  const values = tag?.const !== undefined ? [tag.const] : tag?.enum
  if (!Array.isArray(values) || !values.every((v): v is string => typeof v === 'string')) {
    throw new Error(`taggedUnion(): ${idOf(member)}.${propertyName} must be a string Literal or Enum`)
  }
  return values
}

/**
 * One of several named objects, told apart by the value of `propertyName`: a `oneOf`
 * of their refs with an OpenAPI `discriminator` mapping each value to its member, so
 * a generated client narrows on it (`if (card.type === 'review') card.verdict.score`).
 * Each value belongs to exactly one member.
 */
export function taggedUnion<const T extends TObject[]> (propertyName: string, members: T, options: TSchemaOptions & { $id: string }): TUnsafe<Static<TUnion<T>>> {
  const mapping: Record<string, string> = {}
  for (const member of members) {
    for (const value of tagValues(member, propertyName)) {
      if (Object.hasOwn(mapping, value)) throw new Error(`taggedUnion(): "${value}" tags two members of ${options.$id}`)
      // The discriminator is OpenAPI's, not JSON Schema's: it names components as the document does.
      mapping[value] = `#/components/schemas/${idOf(member)}`
    }
  }
  return Type.Unsafe<Static<TUnion<T>>>({ ...options, oneOf: members.map((m) => ref(m)), discriminator: { propertyName, mapping } })
}
