import { createHash, randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case

function base32 (bytes: Uint8Array, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 32]
  return out
}

/** The same id every time for the same name: seeds stay idempotent across runs. */
export function stableId (prefix: string, name: string): string {
  return `${prefix}_${base32(createHash('sha256').update(`${prefix}:${name}`).digest(), 16)}`
}

/** Strong validator for a rendered representation. */
export function etagOf (body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
}

/** A new random id for a resource created through the API. */
export function randomId (prefix: string): string {
  return `${prefix}_${base32(randomBytes(16), 16)}`
}
