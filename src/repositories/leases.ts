/**
 * Leases: background work that one process does at a time, however many processes or
 * hosts share the database (webhook delivery, scheduled sends). A lease is held until
 * its expiry and renewed well before it; every write the work makes checks it still
 * holds the lease in the same transaction, so a process that stalled past its expiry
 * writes nothing after another took over. Times are the processes' clocks: keep hosts
 * in NTP sync, well inside the lease's length.
 */
import { and, eq, lt, or } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { lockRow } from '../db/dialect.js'
import { tablesOf } from '../db/tables.js'

/** Takes or renews the lease `name` for `owner` until `now + ttlMs`; whether `owner` holds it now. */
export async function claimLease (db: Db, name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
  const { leases } = tablesOf(db)
  await db.insert(leases).values({ id: name, owner, expiresAt: now + ttlMs }).onConflictDoNothing()
  await db.update(leases).set({ owner, expiresAt: now + ttlMs })
    .where(and(eq(leases.id, name), or(eq(leases.owner, owner), lt(leases.expiresAt, now))))
  return await holdsLease(db, name, owner, now)
}

/** Whether `owner` holds `name` at `now`; on Postgres the lease row stays locked until the transaction ends, so it cannot change hands meanwhile. */
export async function holdsLease (db: Db, name: string, owner: string, now: number): Promise<boolean> {
  const { leases } = tablesOf(db)
  await lockRow(db, 'leases', name)
  const [row] = await db.select().from(leases).where(eq(leases.id, name))
  return row !== undefined && row.owner === owner && row.expiresAt >= now
}

/** Gives the lease up (a clean shutdown), so another process takes over at once. */
export async function releaseLease (db: Db, name: string, owner: string): Promise<void> {
  const { leases } = tablesOf(db)
  await db.update(leases).set({ expiresAt: 0 }).where(and(eq(leases.id, name), eq(leases.owner, owner)))
}
