/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `whsec_` secrets and
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one value per secret in force, so a
 * receiver keeps verifying through a rotation.
 */
import { createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'

/** A new endpoint secret: 32 random bytes. */
export function newSecret (): string {
  return PREFIX + randomBytes(32).toString('base64')
}

/** The `webhook-signature` header: a space-separated `v1,…` per secret. */
export function signatureHeader (secrets: readonly string[], id: string, timestampSeconds: number, body: string): string {
  return secrets.map((secret) => {
    const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64')
    return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`
  }).join(' ')
}

/** What a listing may show of a secret: enough to tell two apart, never enough to sign. */
export function secretHint (secret: string): string {
  return `${PREFIX}…${secret.slice(-4)}`
}
