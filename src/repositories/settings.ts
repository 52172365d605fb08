/** Server-owned settings stored in the database. */
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { settings } from '../db/schema.js'

export function getSetting (db: Db, key: string): string | null {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value ?? null
}

export function setSetting (db: Db, key: string, value: string): void {
  db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run()
}

/** A random secret created on first use and kept with the data, so cursors outlive restarts. */
export function ensureSecret (db: Db, key: string): string {
  db.insert(settings).values({ key, value: randomBytes(32).toString('base64url') }).onConflictDoNothing().run()
  return getSetting(db, key)!
}
