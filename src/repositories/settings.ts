/** Server-owned settings stored in the database. */
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'

export async function getSetting (db: Db, key: string): Promise<string | null> {
  const { settings } = tablesOf(db)
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1)
  return row?.value ?? null
}

export async function setSetting (db: Db, key: string, value: string): Promise<void> {
  const { settings } = tablesOf(db)
  await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } })
}

/** A random secret created on first use and kept with the data, so cursors outlive restarts. */
export async function ensureSecret (db: Db, key: string): Promise<string> {
  const { settings } = tablesOf(db)
  await db.insert(settings).values({ key, value: randomBytes(32).toString('base64url') }).onConflictDoNothing()
  return (await getSetting(db, key))!
}
