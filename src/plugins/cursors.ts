/** Signs and checks pagination cursors; a bad cursor is a 400, never a 500. */
import fp from 'fastify-plugin'
import { CursorError, cursorCodec, type CursorShape, type CursorValue } from '../content/cursor.js'
import { badRequest } from '../http/problem.js'
import { ensureSecret } from '../repositories/settings.js'

declare module 'fastify' {
  interface FastifyInstance {
    cursors: {
      /** `sealed`: encrypted too, for positions whose numbers must not be read (src/content/cursor.ts). */
      encode (kind: string, key: CursorValue[] | null, options?: { sealed?: boolean }): string | null
      /** The key a cursor holds, or null without one; throws a 400 problem when invalid. */
      decode (kind: string, cursor: string | undefined, shape: CursorShape, options?: { sealed?: boolean }): CursorValue[] | null
    }
  }
}

export default fp(async (app) => {
  const codec = cursorCodec(app.config.cursorSecret ?? await ensureSecret(app.database.db, 'cursor_secret'))
  app.decorate('cursors', {
    encode: (kind, key, options = {}) => key === null ? null : options.sealed === true ? codec.seal(kind, key) : codec.encode(kind, key),
    decode (kind, cursor, shape, options = {}) {
      if (cursor === undefined) return null
      try {
        return options.sealed === true ? codec.open(kind, cursor, shape) : codec.decode(kind, cursor, shape)
      } catch (err) {
        if (!(err instanceof CursorError)) throw err
        throw badRequest('invalid_cursor', `Invalid cursor: ${err.message}. Use meta.nextCursor from a previous page of the same list.`,
          [{ path: '/querystring/cursor', message: err.message }])
      }
    }
  })
}, { name: 'cursors', dependencies: ['config', 'database'] })
