/**
 * Feed tokens: created and revoked from the keys CLI, checked on every token feed request.
 * Only the secret's hash is stored; the token exists in plain text once, in createFeedToken's result.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { credentialState, hashSecret, isExpired } from '../content/api-key.js'
import { generateFeedToken, parseFeedToken } from '../content/feed-token.js'
import type { Db } from '../db/client.js'
import { feedTokens } from '../db/schema.js'
import type { ApiKeyState, RevokeResult } from './api-keys.js'

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

export function createFeedToken (db: Db, input: NewFeedToken, now: number): CreatedFeedToken {
  const { id, secret, token } = generateFeedToken()
  db.insert(feedTokens).values({ id, partner: input.partner, secretHash: hashSecret(secret), createdAt: now, expiresAt: input.expiresAt }).run()
  return { id, token, partner: input.partner, createdAt: now, expiresAt: input.expiresAt }
}

export function listFeedTokens (db: Db, now: number): FeedTokenSummary[] {
  const rows = db.select({
    id: feedTokens.id,
    partner: feedTokens.partner,
    createdAt: feedTokens.createdAt,
    expiresAt: feedTokens.expiresAt,
    revokedAt: feedTokens.revokedAt
  }).from(feedTokens).orderBy(asc(feedTokens.createdAt), asc(feedTokens.id)).all()
  return rows.map((row) => ({
    ...row,
    state: credentialState(row, now)
  }))
}

export function revokeFeedToken (db: Db, id: string, now: number): RevokeResult {
  // Conditional update, as for API keys: the first revocation time is kept.
  const { changes } = db.update(feedTokens).set({ revokedAt: now })
    .where(and(eq(feedTokens.id, id), isNull(feedTokens.revokedAt))).run()
  if (changes > 0) return 'revoked'
  const existing = db.select({ id: feedTokens.id }).from(feedTokens).where(eq(feedTokens.id, id)).get()
  return existing === undefined ? 'unknown' : 'already_revoked'
}

export function feedTokenRepository (db: Db) {
  const byHash = db.select({
    id: feedTokens.id,
    partner: feedTokens.partner,
    expiresAt: feedTokens.expiresAt,
    revokedAt: feedTokens.revokedAt
  }).from(feedTokens).where(eq(feedTokens.secretHash, sql.placeholder('hash'))).prepare()

  return {
    authenticate (token: string, now: number): FeedTokenResult {
      const secret = parseFeedToken(token)
      if (secret === null) return { ok: false, reason: 'malformed' }
      const row = byHash.get({ hash: hashSecret(secret) })
      if (row === undefined) return { ok: false, reason: 'unknown' }
      if (row.revokedAt !== null) return { ok: false, reason: 'revoked' }
      if (isExpired(row.expiresAt, now)) return { ok: false, reason: 'expired' }
      return { ok: true, token: { id: row.id, partner: row.partner } }
    }
  }
}
export type FeedTokenRepository = ReturnType<typeof feedTokenRepository>
