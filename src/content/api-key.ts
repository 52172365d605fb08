/**
 * API key tokens: `byl_<id>_<secret>`. The id is public and used to find the row; only a
 * hash of the secret is stored, so a copy of the database does not hand out working keys.
 * A fast hash is enough here: the secret is 256 random bits, not a password to brute-force.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const ROLES = ['admin', 'editor', 'partner'] as const
export type Role = typeof ROLES[number]

export interface ApiKeyParts {
  id: string
  secret: string
}

export interface GeneratedApiKey extends ApiKeyParts {
  token: string
}

// Strict on purpose: anything else is rejected before a database lookup.
const TOKEN = /^byl_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/

export function isRole (value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export function generateApiKey (): GeneratedApiKey {
  const id = randomBytes(8).toString('hex')
  const secret = randomBytes(32).toString('base64url')
  return { id, secret, token: `byl_${id}_${secret}` }
}

export function parseApiKey (token: string): ApiKeyParts | null {
  const match = TOKEN.exec(token)
  if (match === null) return null
  return { id: match[1]!, secret: match[2]! }
}

export function hashSecret (secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** Compares digests in constant time, so response timing says nothing about the stored hash. */
export function secretMatches (secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret))
  const expected = Buffer.from(storedHash)
  // timingSafeEqual throws on unequal lengths; a malformed stored hash simply never matches.
  if (actual.length !== expected.length) return false
  return timingSafeEqual(actual, expected)
}

/** Whether a credential with this expiry has expired at `now` (null: never expires). */
export function isExpired (expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt <= now
}

/** A credential's state; revocation wins over expiry: it is the deliberate act, and it is permanent. */
export function credentialState (credential: { revokedAt: number | null, expiresAt: number | null }, now: number): 'active' | 'expired' | 'revoked' {
  return credential.revokedAt !== null ? 'revoked' : isExpired(credential.expiresAt, now) ? 'expired' : 'active'
}
