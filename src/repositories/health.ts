import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'

export function healthRepository (db: Db) {
  return {
    /** True when the database answers a trivial query. */
    async databaseAnswers (): Promise<boolean> {
      try {
        db.get(sql`select 1`)
        return true
      } catch {
        return false
      }
    }
  }
}
export type HealthRepository = ReturnType<typeof healthRepository>
