/**
 * The tables a query is built from, for the engine of the db it runs on. Code is typed
 * against the SQLite schema; on Postgres its own tables stand in, with the same property
 * names and row types (src/db/schemas-agree.ts fails the build when they part).
 */
import { is } from 'drizzle-orm'
import { PgDatabase } from 'drizzle-orm/pg-core'
import type { Db } from './client.js'
import * as postgresTables from './postgres/schema.js'
import * as sqliteTables from './schema.js'

export type Tables = typeof sqliteTables

const POSTGRES_TABLES = postgresTables as unknown as Tables

/** Whether `db` (or a transaction of it) is on Postgres. */
export function onPostgres (db: Db): boolean {
  return is(db, PgDatabase)
}

export function tablesOf (db: Db): Tables {
  return onPostgres(db) ? POSTGRES_TABLES : sqliteTables
}
