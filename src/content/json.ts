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

// What would let a JSON document end or confuse the HTML <script> it is pasted into (and
// U+2028/U+2029, line ends in older JavaScript parsers).
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * JSON safe to embed verbatim in `<script type="application/ld+json">`: the characters
 * that could close the tag are written as `\u003c` escapes, which are the same string
 * after JSON.parse.
 */
export function scriptSafeJson (value: unknown): string {
  return JSON.stringify(value).replace(SCRIPT_UNSAFE, escapeChar)
}

/** Equal as JSON: for small plain values (verdict parts, scoring snapshots) compared whole. */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)
