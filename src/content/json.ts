/**
 * JSON assembled around items that are already serialized (stored renderings), so a
 * read never parses and re-serializes them.
 */
export function withRawArray (object: object, key: string, rawItems: string[]): string {
  const head = JSON.stringify(object)
  const items = `${JSON.stringify(key)}:[${rawItems.join(',')}]`
  return head === '{}' ? `{${items}}` : `${head.slice(0, -1)},${items}}`
}

/** The list envelope `{ data, meta }` around serialized items. */
export function listEnvelope (rawItems: string[], meta: { limit: number, nextCursor: string | null }): string {
  return `{"data":[${rawItems.join(',')}],"meta":${JSON.stringify(meta)}}`
}
