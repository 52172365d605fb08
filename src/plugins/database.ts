/**
 * The database and the repositories that read it (the write side is src/plugins/writes.ts).
 * On boot: migrate, re-render stored JSON when the renderer or the site URL changed, and
 * seed the demo publication into an empty database when configured to.
 */
import fp from 'fastify-plugin'
import { migrateDatabase, openDatabase, type Database } from '../db/client.js'
import { demoDataset } from '../demo/index.js'
import { catalogRepository, type CatalogRepository } from '../repositories/catalog.js'
import { isEmpty, seedDataset } from '../repositories/seed-writer.js'
import { redirectRepository, type RedirectRepository } from '../repositories/redirects.js'
import { searchRepository, type SearchRepository } from '../repositories/search.js'
import { sitemapRepository, type SitemapRepository } from '../repositories/sitemaps.js'
import { healthRepository, type HealthRepository } from '../repositories/health.js'
import { storyListRepository, type StoryListRepository } from '../repositories/story-lists.js'
import { refreshRenderings } from '../repositories/renderings.js'
import { storyRepository, type StoryRepository } from '../repositories/stories.js'
import { syncRepository, type SyncRepository } from '../repositories/sync.js'
import { verdictExportRepository, type VerdictExportRepository } from '../repositories/verdict-export.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    repos: { stories: StoryRepository, lists: StoryListRepository, catalog: CatalogRepository, health: HealthRepository, redirects: RedirectRepository, search: SearchRepository, sitemaps: SitemapRepository, sync: SyncRepository, verdictExport: VerdictExportRepository }
  }
}

export interface DatabaseOptions {
  /** A serialized database to start from, in memory (tests copy one seeded image instead of seeding each app). */
  image?: Buffer
}

export default fp<DatabaseOptions>(async (app, options) => {
  const { config } = app
  const database = openDatabase(config.databasePath, options.image)
  app.addHook('onClose', async () => {
    // Runs after the last request: fold the WAL into the database file and truncate it,
    // so a stopped server leaves one self-contained file (a backup, a copy, a deploy).
    try {
      const [result] = database.sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number, log: number, checkpointed: number }>
      if (result !== undefined && result.busy !== 0) app.log.warn({ checkpoint: result }, 'WAL checkpoint on close was blocked by another connection')
    } catch (err) {
      app.log.warn({ err }, 'WAL checkpoint on close failed')
    }
    database.close()
  })
  migrateDatabase(database)
  refreshRenderings(database, config.siteUrl)
  if (config.seedDemo && isEmpty(database)) {
    const { inserted } = seedDataset(database, demoDataset(), config.siteUrl)
    app.log.info({ inserted }, 'seeded the demo publication into an empty database')
  }
  app.decorate('database', database)
  app.decorate('repos', {
    stories: storyRepository(database.db),
    lists: storyListRepository(database.db),
    catalog: catalogRepository(database.db),
    health: healthRepository(database.db),
    redirects: redirectRepository(database.db),
    search: searchRepository(database.db),
    sitemaps: sitemapRepository(database.db),
    sync: syncRepository(database.db),
    verdictExport: verdictExportRepository(database.db, config.publicationName)
  })
}, { name: 'database', dependencies: ['config'] })
