import { Type, type Static, type TEnum, type TSchemaOptions } from 'typebox'
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../content/slug.js'

/**
 * An enum of strings that says it is one: a bare `enum` has no `type`, and OpenAPI
 * generators type it `unknown`. Use it for every enum, in routes too.
 */
export function StringEnum<const Values extends string[]> (values: readonly [...Values], options: TSchemaOptions = {}): TEnum<Values> {
  return Type.Enum(values, { ...options, type: 'string' })
}

/** Lower-case words joined by single hyphens; what every resource is addressed by. */
export const Slug = Type.String({
  pattern: SLUG_PATTERN,
  minLength: 1,
  maxLength: SLUG_MAX_LENGTH,
  description: 'URL-safe identifier: lower-case letters, digits and single hyphens',
  examples: ['her-2013-review']
})

/** A slug in a query string, documented with its own meaning and example. */
export function slugParam (description: string, example: string) {
  return Type.String({ pattern: SLUG_PATTERN, minLength: 1, maxLength: SLUG_MAX_LENGTH, description, examples: [example] })
}

export const SlugParams = Type.Object({ slug: Slug }, { additionalProperties: false })
export type SlugParamsType = Static<typeof SlugParams>

export const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339, UTC' })

export const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size, 1–100' })
export const Cursor = Type.String({
  minLength: 1,
  maxLength: 512,
  pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
  description: 'Opaque cursor from `meta.nextCursor` of the previous page'
})

export const ListMeta = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100 }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page' })
}, { $id: 'ListMeta', additionalProperties: false })

export const ProblemField = Type.Object({
  path: Type.String({ description: 'JSON Pointer to the offending input, e.g. `/querystring/limit`' }),
  message: Type.String()
}, { additionalProperties: false })

export const Problem = Type.Object({
  type: Type.String({ description: 'URI reference identifying the problem type' }),
  title: Type.String(),
  status: Type.Integer({ minimum: 400, maximum: 599 }),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  code: Type.String({ description: 'Stable machine-readable error code', examples: ['not_found', 'validation_failed'] }),
  errors: Type.Optional(Type.Array(ProblemField))
}, { $id: 'Problem', description: 'RFC 9457 problem details', additionalProperties: false })
export type ProblemType = Static<typeof Problem>

export const MEDIA_KINDS = ['image', 'audio', 'video'] as const

export const Media = Type.Object({
  id: Type.String(),
  kind: StringEnum(MEDIA_KINDS),
  url: Type.String({ format: 'uri' }),
  mimeType: Type.String(),
  alt: Type.String(),
  caption: Type.String(),
  credit: Type.String(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  durationSeconds: Type.Union([Type.Integer(), Type.Null()]),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()])
}, { $id: 'Media', additionalProperties: false })
export type MediaType = Static<typeof Media>
