/**
 * API keys: created and revoked from the CLI, checked on every authenticated request.
 * Only the secret's hash is stored; the token exists in plain text once, in createApiKey's result.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { credentialState, generateApiKey, hashSecret, isExpired, parseApiKey, secretMatches, type Role } from '../content/api-key.js'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'

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

export async function createApiKey (db: Db, input: NewApiKey, now: number): Promise<CreatedApiKey> {
  const { apiKeys } = tablesOf(db)
  const { id, secret, token } = generateApiKey()
  await db.insert(apiKeys).values({
    id,
    name: input.name,
    role: input.role,
    secretHash: hashSecret(secret),
    createdAt: now,
    expiresAt: input.expiresAt
  })
  return { id, token, name: input.name, role: input.role, createdAt: now, expiresAt: input.expiresAt }
}

export async function listApiKeys (db: Db, now: number): Promise<ApiKeySummary[]> {
  const { apiKeys } = tablesOf(db)
  const rows = await db.select({
    id: apiKeys.id,
    name: apiKeys.name,
    role: apiKeys.role,
    createdAt: apiKeys.createdAt,
    expiresAt: apiKeys.expiresAt,
    revokedAt: apiKeys.revokedAt
  }).from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
  return rows.map((row) => ({
    ...row,
    state: credentialState(row, now)
  }))
}

/**
 * Revokes the credential `id` (an API key, or a partner's feed token). A conditional
 * update: the first revocation time is kept, and two concurrent revokes agree.
 */
export async function revokeCredential (db: Db, kind: 'apiKeys' | 'feedTokens', id: string, now: number): Promise<RevokeResult> {
  // Both tables have id and revoked_at, which is all this reads and writes: typed as one for drizzle.
  const table = tablesOf(db)[kind] as ReturnType<typeof tablesOf>['apiKeys']
  const revoked = await db.update(table).set({ revokedAt: now })
    .where(and(eq(table.id, id), isNull(table.revokedAt))).returning({ id: table.id })
  if (revoked.length > 0) return 'revoked'
  const [existing] = await db.select({ id: table.id }).from(table).where(eq(table.id, id))
  return existing === undefined ? 'unknown' : 'already_revoked'
}

export const revokeApiKey = (db: Db, id: string, now: number): Promise<RevokeResult> => revokeCredential(db, 'apiKeys', id, now)

export function apiKeyRepository (db: Db) {
  const { apiKeys } = tablesOf(db)
  const byId = prepare(db.select({
    id: apiKeys.id,
    name: apiKeys.name,
    role: apiKeys.role,
    secretHash: apiKeys.secretHash,
    expiresAt: apiKeys.expiresAt,
    revokedAt: apiKeys.revokedAt
  }).from(apiKeys).where(eq(apiKeys.id, sql.placeholder('id'))))

  return {
    async authenticate (token: string, now: number): Promise<AuthResult> {
      const parts = parseApiKey(token)
      if (parts === null) return { ok: false, reason: 'malformed' }
      const [row] = await byId.execute({ id: parts.id })
      // A wrong secret reads as an unknown key: the caller learns nothing about which ids exist.
      if (row === undefined || !secretMatches(parts.secret, row.secretHash)) return { ok: false, reason: 'unknown' }
      if (row.revokedAt !== null) return { ok: false, reason: 'revoked' }
      if (isExpired(row.expiresAt, now)) return { ok: false, reason: 'expired' }
      return { ok: true, key: { id: row.id, name: row.name, role: row.role } }
    }
  }
}
export type ApiKeyRepository = ReturnType<typeof apiKeyRepository>
