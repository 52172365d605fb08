import { sql } from 'drizzle-orm'
import pg from 'pg'

/**
 * Values written into a statement as literals, no bind parameters: search's window
 * (src/db/postgres/search.ts) is planned for them (which way it reads depends on them), and a statement without
 * parameters is planned for its values whatever plan_cache_mode the connection has
 * (src/db/postgres/engine.ts asks for generic plans, right for the repositories' named
 * statements). Text goes through node-postgres's escapeLiteral; numbers are printed.
 */
export const literalText = (value: string) => sql.raw(pg.escapeLiteral(value.replaceAll('\u0000', '')))
export const literalInteger = (value: number) => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`)
  return sql.raw(String(value))
}
/** Any number, NaN and the infinities included, as float8 (prints and parses back exactly). */
export const literalFloat = (value: number) => sql.raw(`'${String(value)}'::float8`)
