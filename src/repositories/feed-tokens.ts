/**
 * Feed tokens: created and revoked from the keys CLI, checked on every token feed request.
 * Only the secret's hash is stored; the token exists in plain text once, in createFeedToken's result.
 */
import { asc, eq, sql } from 'drizzle-orm'
import { credentialState, hashSecret, isExpired } from '../content/api-key.js'
import { generateFeedToken, parseFeedToken } from '../content/feed-token.js'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { revokeCredential, type ApiKeyState, type RevokeResult } from './api-keys.js'

export interface NewFeedToken {
  partner: string
  expiresAt: number | null
}

export interface CreatedFeedToken {
  id: string
  token: string
  partner: string
  createdAt: number
  expiresAt: number | null
}

export interface FeedTokenSummary {
  id: string
  partner: string
  createdAt: number
  expiresAt: number | null
  revokedAt: number | null
  state: ApiKeyState
}

export type FeedTokenResult =
  | { ok: true, token: { id: string, partner: string } }
  | { ok: false, reason: 'malformed' | 'unknown' | 'revoked' | 'expired' }

export async function createFeedToken (db: Db, input: NewFeedToken, now: number): Promise<CreatedFeedToken> {
  const { feedTokens } = tablesOf(db)
  const { id, secret, token } = generateFeedToken()
  await db.insert(feedTokens).values({ id, partner: input.partner, secretHash: hashSecret(secret), createdAt: now, expiresAt: input.expiresAt })
  return { id, token, partner: input.partner, createdAt: now, expiresAt: input.expiresAt }
}

export async function listFeedTokens (db: Db, now: number): Promise<FeedTokenSummary[]> {
  const { feedTokens } = tablesOf(db)
  const rows = await db.select({
    id: feedTokens.id,
    partner: feedTokens.partner,
    createdAt: feedTokens.createdAt,
    expiresAt: feedTokens.expiresAt,
    revokedAt: feedTokens.revokedAt
  }).from(feedTokens).orderBy(asc(feedTokens.createdAt), asc(feedTokens.id))
  return rows.map((row) => ({
    ...row,
    state: credentialState(row, now)
  }))
}

export const revokeFeedToken = (db: Db, id: string, now: number): Promise<RevokeResult> => revokeCredential(db, 'feedTokens', id, now)

export function feedTokenRepository (db: Db) {
  const { feedTokens } = tablesOf(db)
  const byHash = prepare(db.select({
    id: feedTokens.id,
    partner: feedTokens.partner,
    expiresAt: feedTokens.expiresAt,
    revokedAt: feedTokens.revokedAt
  }).from(feedTokens).where(eq(feedTokens.secretHash, sql.placeholder('hash'))))

  return {
    async authenticate (token: string, now: number): Promise<FeedTokenResult> {
      const secret = parseFeedToken(token)
      if (secret === null) return { ok: false, reason: 'malformed' }
      const [row] = await byHash.execute({ hash: hashSecret(secret) })
      if (row === undefined) return { ok: false, reason: 'unknown' }
      if (row.revokedAt !== null) return { ok: false, reason: 'revoked' }
      if (isExpired(row.expiresAt, now)) return { ok: false, reason: 'expired' }
      return { ok: true, token: { id: row.id, partner: row.partner } }
    }
  }
}
export type FeedTokenRepository = ReturnType<typeof feedTokenRepository>
