/**
 * Feed tokens: `byf_<secret>`, 43 base64url characters of 256 random bits. The token goes
 * in a URL, where it is the whole credential, so it carries no id: the row is found by the
 * hash of the secret. An index lookup on that hash leaks at most how much of a guessed
 * hash matches a stored one, which says nothing useful about a 256-bit secret.
 */
import { randomBytes } from 'node:crypto'
import { parseApiKey } from './api-key.js'

// Strict on purpose: anything else is refused before a database lookup. The log masking
// (src/http/log-redaction.ts) masks exactly this shape.
const TOKEN = /^byf_([A-Za-z0-9_-]{43})$/

export interface GeneratedFeedToken {
  id: string
  secret: string
  token: string
}

export function generateFeedToken (): GeneratedFeedToken {
  const secret = randomBytes(32).toString('base64url')
  return { id: `fdt_${randomBytes(8).toString('hex')}`, secret, token: `byf_${secret}` }
}

/** The secret of a well-formed token, or null. */
export function parseFeedToken (token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null
}

/** An API key where a feed token belongs: worth telling the caller, never worth accepting. */
export const looksLikeApiKey = (token: string): boolean => parseApiKey(token) !== null
