/**
 * API keys: created and revoked from the CLI, checked on every authenticated request.
 * Only the secret's hash is stored; the token exists in plain text once, in createApiKey's result.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { credentialState, generateApiKey, hashSecret, isExpired, parseApiKey, secretMatches, type Role } from '../content/api-key.js'
import type { Db } from '../db/client.js'
import { apiKeys } from '../db/schema.js'

export interface NewApiKey {
  name: string
  role: Role
  expiresAt: number | null
}

export interface CreatedApiKey {
  id: string
  token: string
  name: string
  role: Role
  createdAt: number
  expiresAt: number | null
}

export type ApiKeyState = 'active' | 'expired' | 'revoked'

export interface ApiKeySummary {
  id: string
  name: string
  role: Role
  createdAt: number
  expiresAt: number | null
  revokedAt: number | null
  state: ApiKeyState
}

export type RevokeResult = 'revoked' | 'already_revoked' | 'unknown'

export type AuthResult =
  | { ok: true, key: { id: string, name: string, role: Role } }
  | { ok: false, reason: 'malformed' | 'unknown' | 'revoked' | 'expired' }

export function createApiKey (db: Db, input: NewApiKey, now: number): CreatedApiKey {
  const { id, secret, token } = generateApiKey()
  db.insert(apiKeys).values({
    id,
    name: input.name,
    role: input.role,
    secretHash: hashSecret(secret),
    createdAt: now,
    expiresAt: input.expiresAt
  }).run()
  return { id, token, name: input.name, role: input.role, createdAt: now, expiresAt: input.expiresAt }
}

export function listApiKeys (db: Db, now: number): ApiKeySummary[] {
  const rows = db.select({
    id: apiKeys.id,
    name: apiKeys.name,
    role: apiKeys.role,
    createdAt: apiKeys.createdAt,
    expiresAt: apiKeys.expiresAt,
    revokedAt: apiKeys.revokedAt
  }).from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all()
  return rows.map((row) => ({
    ...row,
    state: credentialState(row, now)
  }))
}

export function revokeApiKey (db: Db, id: string, now: number): RevokeResult {
  // Conditional update: the first revocation time is kept, and two concurrent revokes agree.
  const { changes } = db.update(apiKeys).set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).run()
  if (changes > 0) return 'revoked'
  const existing = db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id)).get()
  return existing === undefined ? 'unknown' : 'already_revoked'
}

export function apiKeyRepository (db: Db) {
  const byId = db.select({
    id: apiKeys.id,
    name: apiKeys.name,
    role: apiKeys.role,
    secretHash: apiKeys.secretHash,
    expiresAt: apiKeys.expiresAt,
    revokedAt: apiKeys.revokedAt
  }).from(apiKeys).where(eq(apiKeys.id, sql.placeholder('id'))).prepare()

  return {
    authenticate (token: string, now: number): AuthResult {
      const parts = parseApiKey(token)
      if (parts === null) return { ok: false, reason: 'malformed' }
      const row = byId.get({ id: parts.id })
      // A wrong secret reads as an unknown key: the caller learns nothing about which ids exist.
      if (row === undefined || !secretMatches(parts.secret, row.secretHash)) return { ok: false, reason: 'unknown' }
      if (row.revokedAt !== null) return { ok: false, reason: 'revoked' }
      if (isExpired(row.expiresAt, now)) return { ok: false, reason: 'expired' }
      return { ok: true, key: { id: row.id, name: row.name, role: row.role } }
    }
  }
}
export type ApiKeyRepository = ReturnType<typeof apiKeyRepository>
