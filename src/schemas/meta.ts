import { Type } from 'typebox'

export const ApiIndex = Type.Object({
  name: Type.String(),
  docs: Type.String(),
  openapi: Type.String(),
  links: Type.Record(Type.String(), Type.String(), { description: 'Entry points by name' })
}, { $id: 'ApiIndex', additionalProperties: false })

export const Health = Type.Object({ status: Type.Literal('ok') }, { $id: 'Health', additionalProperties: false })

export const LegacyRedirect = Type.Object({
  path: Type.String({ description: 'The old permalink as looked up: decoded, lower case, no trailing slash (`/?p=` kept)' }),
  location: Type.String({ format: 'uri', description: 'The story\'s URL: answer the old path with a 308 to it' }),
  slug: Type.String({ description: 'The story\'s current slug' })
}, { $id: 'LegacyRedirect', additionalProperties: false, description: 'Where an imported story\'s old permalink lives now' })
