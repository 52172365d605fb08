import { Type } from 'typebox'

export const ApiIndex = Type.Object({
  name: Type.String(),
  docs: Type.String(),
  openapi: Type.String(),
  links: Type.Record(Type.String(), Type.String(), { description: 'Entry points by name' })
}, { $id: 'ApiIndex', additionalProperties: false })

export const Health = Type.Object({ status: Type.Literal('ok') }, { $id: 'Health', additionalProperties: false })
