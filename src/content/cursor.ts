/**
 * Keyset cursors: the sort key of the last row of a page, signed so that a client
 * cannot forge a position, and tagged with the list they belong to so a cursor from
 * one sort is refused by another.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type CursorValue = string | number
export class CursorError extends Error { override name = 'CursorError' }

export interface CursorCodec {
  encode (kind: string, values: CursorValue[]): string
  decode (kind: string, cursor: string, shape: Array<'string' | 'number'>): CursorValue[]
}

export function cursorCodec (secret: string): CursorCodec {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, 12)
  return {
    encode (kind, values) {
      const payload = Buffer.from(JSON.stringify([kind, ...values])).toString('base64url')
      return `${payload}.${sign(payload).toString('base64url')}`
    },
    decode (kind, cursor, shape) {
      const [payload, mac] = cursor.split('.')
      if (payload === undefined || mac === undefined) throw new CursorError('malformed cursor')
      const given = Buffer.from(mac, 'base64url')
      const expected = sign(payload)
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CursorError('cursor was not issued by this server')
      let parsed: unknown
      try { parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) } catch { throw new CursorError('malformed cursor') }
      if (!Array.isArray(parsed) || parsed[0] !== kind) throw new CursorError('cursor belongs to a different list or sort')
      const values = parsed.slice(1)
      if (values.length !== shape.length || values.some((v, i) => typeof v !== shape[i])) throw new CursorError('malformed cursor')
      return values as CursorValue[]
    }
  }
}
