/**
 * Keyset cursors: the sort key of the last row of a page, signed together with the
 * name of the list it belongs to (the list and its filters), so a client can neither
 * forge a position nor carry a cursor over to another list or sort.
 *
 * A sealed cursor is also encrypted (AES-256-GCM, the list name as associated data):
 * for positions that must not be read, such as delta sync's place in the change log,
 * whose numbers would count hidden writes and date withdrawn embargoes.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export type CursorValue = string | number
export class CursorError extends Error { override name = 'CursorError' }

export type CursorShape = Array<'string' | 'number'>

export interface CursorCodec {
  encode (kind: string, values: CursorValue[]): string
  decode (kind: string, cursor: string, shape: CursorShape): CursorValue[]
  seal (kind: string, values: CursorValue[]): string
  open (kind: string, cursor: string, shape: CursorShape): CursorValue[]
}

const FOREIGN = 'cursor was not issued for this list (its filters and sort) by this server'

function parts (cursor: string): [string, string] {
  const [payload, mac, ...rest] = cursor.split('.')
  if (payload === undefined || mac === undefined || rest.length > 0) throw new CursorError('malformed cursor')
  return [payload, mac]
}

function checked (json: string, shape: CursorShape): CursorValue[] {
  let values: unknown
  try { values = JSON.parse(json) } catch { throw new CursorError('malformed cursor') }
  // eslint-disable-next-line valid-typeof -- shape holds typeof names ('string' | 'number')
  if (!Array.isArray(values) || values.length !== shape.length || values.some((v, i) => typeof v !== shape[i])) {
    throw new CursorError('malformed cursor')
  }
  return values as CursorValue[]
}

export function cursorCodec (secret: string): CursorCodec {
  const sign = (kind: string, payload: string) =>
    createHmac('sha256', secret).update(kind).update('\n').update(payload).digest().subarray(0, 12).toString('base64url')
  const sealKey = createHash('sha256').update('byline cursor seal\n').update(secret).digest()
  return {
    encode (kind, values) {
      const payload = Buffer.from(JSON.stringify(values)).toString('base64url')
      return `${payload}.${sign(kind, payload)}`
    },
    decode (kind, cursor, shape) {
      const [payload, mac] = parts(cursor)
      // Compare the text: base64url decoding would ignore extra or altered trailing bits.
      const given = Buffer.from(mac)
      const expected = Buffer.from(sign(kind, payload))
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CursorError(FOREIGN)
      return checked(Buffer.from(payload, 'base64url').toString('utf8'), shape)
    },
    seal (kind, values) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv).setAAD(Buffer.from(kind))
      const sealed = Buffer.concat([iv, cipher.update(JSON.stringify(values), 'utf8'), cipher.final()])
      return `${sealed.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`
    },
    open (kind, cursor, shape) {
      const [payload, mac] = parts(cursor)
      const sealed = Buffer.from(payload, 'base64url')
      const tag = Buffer.from(mac, 'base64url')
      // Re-encoding must give the text back: base64url decoding forgives altered trailing bits.
      if (sealed.length <= 12 || tag.length !== 16 || sealed.toString('base64url') !== payload || tag.toString('base64url') !== mac) {
        throw new CursorError('malformed cursor')
      }
      let json: string
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, sealed.subarray(0, 12)).setAAD(Buffer.from(kind)).setAuthTag(tag)
        json = Buffer.concat([decipher.update(sealed.subarray(12)), decipher.final()]).toString('utf8')
      } catch {
        throw new CursorError(FOREIGN)
      }
      return checked(json, shape)
    }
  }
}
