/**
 * Keyset cursors: the sort key of the last row of a page, signed together with the
 * name of the list it belongs to (the list and its filters), so a client can neither
 * forge a position nor carry a cursor over to another list or sort.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type CursorValue = string | number
export class CursorError extends Error { override name = 'CursorError' }

export interface CursorCodec {
  encode (kind: string, values: CursorValue[]): string
  decode (kind: string, cursor: string, shape: Array<'string' | 'number'>): CursorValue[]
}

export function cursorCodec (secret: string): CursorCodec {
  const sign = (kind: string, payload: string) =>
    createHmac('sha256', secret).update(kind).update('\n').update(payload).digest().subarray(0, 12).toString('base64url')
  return {
    encode (kind, values) {
      const payload = Buffer.from(JSON.stringify(values)).toString('base64url')
      return `${payload}.${sign(kind, payload)}`
    },
    decode (kind, cursor, shape) {
      const [payload, mac, ...rest] = cursor.split('.')
      if (payload === undefined || mac === undefined || rest.length > 0) throw new CursorError('malformed cursor')
      // Compare the text: base64url decoding would ignore extra or altered trailing bits.
      const given = Buffer.from(mac)
      const expected = Buffer.from(sign(kind, payload))
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new CursorError('cursor was not issued for this list (its filters and sort) by this server')
      }
      let values: unknown
      try { values = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) } catch { throw new CursorError('malformed cursor') }
      if (!Array.isArray(values) || values.length !== shape.length || values.some((v, i) => typeof v !== shape[i])) {
        throw new CursorError('malformed cursor')
      }
      return values as CursorValue[]
    }
  }
}
