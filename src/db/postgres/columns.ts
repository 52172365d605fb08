/** Column kinds both halves of the PostgreSQL schema use. */
import { bigint } from 'drizzle-orm/pg-core'

/** A millisecond time: 8 bytes (it overflows 4), read as a number. */
export const ms = (name: string) => bigint(name, { mode: 'number' })
