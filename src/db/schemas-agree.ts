/**
 * The SQLite and PostgreSQL schemas must give the repositories the same rows, so code
 * written against one engine's types runs on the other. This file fails to compile
 * (`tsc --noEmit`) when a table's select or insert row type differs between the two, or
 * when one schema has a table the other lacks; test/db/schemas-agree.test.ts compares
 * what types cannot see (SQL types, defaults, keys, index names) through `schemas`.
 */
import { getTableName, is, Table, type InferInsertModel, type InferSelectModel } from 'drizzle-orm'
import * as sqliteSchema from './schema.js'
import * as postgresSchema from './postgres/schema.js'

/** Strict equality: unlike mutual assignability, it tells `T | undefined` from `T?` and `any` from anything. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false

type Agree<S extends Table, P extends Table> =
  [Equal<InferSelectModel<S>, InferSelectModel<P>>, Equal<InferInsertModel<S>, InferInsertModel<P>>] extends [true, true] ? true : false

type SqliteTables = typeof sqliteSchema
type PostgresTables = typeof postgresSchema
export type TableName = keyof SqliteTables

/** Both schema modules export the same table names. */
export const tableNamesAgree: Equal<keyof SqliteTables, keyof PostgresTables> = true

/** One entry per table, each true only when both row types agree: a missing table or a drifted column is a compile error here. */
export const rowTypesAgree: Record<TableName, true> = {
  sections: true satisfies Agree<SqliteTables['sections'], PostgresTables['sections']>,
  authors: true satisfies Agree<SqliteTables['authors'], PostgresTables['authors']>,
  tags: true satisfies Agree<SqliteTables['tags'], PostgresTables['tags']>,
  media: true satisfies Agree<SqliteTables['media'], PostgresTables['media']>,
  subjects: true satisfies Agree<SqliteTables['subjects'], PostgresTables['subjects']>,
  stories: true satisfies Agree<SqliteTables['stories'], PostgresTables['stories']>,
  storyAuthors: true satisfies Agree<SqliteTables['storyAuthors'], PostgresTables['storyAuthors']>,
  storyTags: true satisfies Agree<SqliteTables['storyTags'], PostgresTables['storyTags']>,
  storyMedia: true satisfies Agree<SqliteTables['storyMedia'], PostgresTables['storyMedia']>,
  verdicts: true satisfies Agree<SqliteTables['verdicts'], PostgresTables['verdicts']>,
  reviewAwards: true satisfies Agree<SqliteTables['reviewAwards'], PostgresTables['reviewAwards']>,
  reviewPlatforms: true satisfies Agree<SqliteTables['reviewPlatforms'], PostgresTables['reviewPlatforms']>,
  settings: true satisfies Agree<SqliteTables['settings'], PostgresTables['settings']>,
  apiKeys: true satisfies Agree<SqliteTables['apiKeys'], PostgresTables['apiKeys']>,
  feedTokens: true satisfies Agree<SqliteTables['feedTokens'], PostgresTables['feedTokens']>,
  slugRedirects: true satisfies Agree<SqliteTables['slugRedirects'], PostgresTables['slugRedirects']>,
  changes: true satisfies Agree<SqliteTables['changes'], PostgresTables['changes']>,
  searchRows: true satisfies Agree<SqliteTables['searchRows'], PostgresTables['searchRows']>,
  webhookEndpoints: true satisfies Agree<SqliteTables['webhookEndpoints'], PostgresTables['webhookEndpoints']>,
  webhookPayloads: true satisfies Agree<SqliteTables['webhookPayloads'], PostgresTables['webhookPayloads']>,
  webhookMessages: true satisfies Agree<SqliteTables['webhookMessages'], PostgresTables['webhookMessages']>,
  webhookAttempts: true satisfies Agree<SqliteTables['webhookAttempts'], PostgresTables['webhookAttempts']>,
  leases: true satisfies Agree<SqliteTables['leases'], PostgresTables['leases']>,
  importItems: true satisfies Agree<SqliteTables['importItems'], PostgresTables['importItems']>,
  legacyPaths: true satisfies Agree<SqliteTables['legacyPaths'], PostgresTables['legacyPaths']>
}

/** Every table of a schema module by its SQL name (the TypeScript export names are checked equal above). */
function tablesOf (schema: Record<string, unknown>): Map<string, Table> {
  const tables = new Map<string, Table>()
  for (const value of Object.values(schema)) {
    if (is(value, Table)) tables.set(getTableName(value), value)
  }
  return tables
}

/** Both schemas' tables, keyed by SQL table name, for the runtime comparison in the tests. */
export const schemas = {
  sqlite: tablesOf(sqliteSchema),
  postgres: tablesOf(postgresSchema)
}
