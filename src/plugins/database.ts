/**
 * The database and the repositories over it. On boot: migrate, re-render stored JSON
 * when the renderer or the site URL changed, and seed the demo publication into an
 * empty database when configured to.
 */
import fp from 'fastify-plugin'
import { migrateDatabase, openDatabase, transaction, type Database } from '../db/client.js'
import { demoDataset } from '../demo/index.js'
import { catalogRepository, type CatalogRepository } from '../repositories/catalog.js'
import { isEmpty, seedDataset } from '../repositories/seed-writer.js'
import { markContentChanged } from '../repositories/freshness.js'
import { catalogEditor, type CatalogEditor } from '../repositories/catalog-editor.js'
import { redirectRepository, type RedirectRepository } from '../repositories/redirects.js'
import { searchRepository, type SearchRepository } from '../repositories/search.js'
import { storyEditor, type StoryEditor } from '../repositories/story-editor.js'
import { healthRepository, type HealthRepository } from '../repositories/health.js'
import { getSetting, setSetting } from '../repositories/settings.js'
import { storyListRepository, type StoryListRepository } from '../repositories/story-lists.js'
import { allStoryIds, renderStoryRow } from '../repositories/story-writer.js'
import { storyRepository, type StoryRepository } from '../repositories/stories.js'

/** Bump when the shape of stored renderings changes: every story is re-rendered at boot. */
export const RENDER_VERSION = 2 // 2: stories are also written to the full-text index

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    repos: { stories: StoryRepository, lists: StoryListRepository, catalog: CatalogRepository, health: HealthRepository, redirects: RedirectRepository, search: SearchRepository }
    /** Editorial writes; every one is a transaction. */
    editors: { stories: StoryEditor, catalog: CatalogEditor }
  }
}

function refreshRenderings (database: Database, siteUrl: string): void {
  const fingerprint = `${RENDER_VERSION} ${siteUrl}`
  if (getSetting(database.db, 'render_fingerprint') === fingerprint) return
  transaction(database, () => {
    for (const id of allStoryIds(database.db)) renderStoryRow(database.db, id, siteUrl)
    setSetting(database.db, 'render_fingerprint', fingerprint)
    markContentChanged(database.db)
  })
}

export default fp(async (app) => {
  const { config } = app
  const database = openDatabase(config.databasePath)
  app.addHook('onClose', async () => database.close())
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
    search: searchRepository(database.db)
  })
  const catalogEditing = catalogEditor(database, config.siteUrl)
  app.decorate('editors', { stories: storyEditor(database, config.siteUrl, catalogEditing), catalog: catalogEditing })
}, { name: 'database', dependencies: ['config'] })
