/**
 * The database and the repositories that read it (the write side is src/plugins/writes.ts).
 * The engine is the configuration's (src/db/engine.ts): SQLite by default, PostgreSQL
 * given DATABASE_URL. On boot: migrate, re-render stored JSON when the renderer or the
 * site URL changed, and seed the demo publication into an empty database when configured to.
 */
import fp from 'fastify-plugin'
import { databaseEngine } from '../config.js'
import { openEngine, type Engine } from '../db/engine.js'
import { catalogRepository, type CatalogRepository } from '../repositories/catalog.js'
import { isEmpty, seedDataset } from '../repositories/seed-writer.js'
import { legacyPathRepository, type LegacyPathRepository } from '../repositories/legacy-paths.js'
import { redirectRepository, type RedirectRepository } from '../repositories/redirects.js'
import { searchRepository, type SearchRepository } from '../repositories/search.js'
import { sitemapRepository, type SitemapRepository } from '../repositories/sitemaps.js'
import { storyListRepository, type StoryListRepository } from '../repositories/story-lists.js'
import { refreshRenderings } from '../repositories/renderings.js'
import { storyRepository, type StoryRepository } from '../repositories/stories.js'
import { syncRepository, type SyncRepository } from '../repositories/sync.js'
import { scoreHistoryRepository, type ScoreHistoryRepository } from '../repositories/score-history.js'
import { verdictExportRepository, type VerdictExportRepository } from '../repositories/verdict-export.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Engine
    /** Public reads: on the replicas when there are any (delta sync excepted). */
    repos: { stories: StoryRepository, lists: StoryListRepository, catalog: CatalogRepository, redirects: RedirectRepository, legacyPaths: LegacyPathRepository, search: SearchRepository, sitemaps: SitemapRepository, sync: SyncRepository, verdictExport: VerdictExportRepository, scoreHistory: ScoreHistoryRepository }
  }
}

export interface DatabaseOptions {
  /** A serialized SQLite database to start from, in memory (tests copy one seeded image instead of seeding each app). */
  image?: Buffer
}

export default fp<DatabaseOptions>(async (app, options) => {
  const { config } = app
  const engine = await openEngine(databaseEngine(config), { image: options.image, log: app.log, replicaMaxLagMs: config.replicaMaxLagMs })
  app.addHook('onClose', async () => {
    if (engine.kind === 'sqlite' && engine.open) {
      // Runs after the last request: fold the WAL into the database file and truncate it,
      // so a stopped server leaves one self-contained file (a backup, a copy, a deploy).
      try {
        const [result] = engine.sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number, log: number, checkpointed: number }>
        if (result !== undefined && result.busy !== 0) app.log.warn({ checkpoint: result }, 'WAL checkpoint on close was blocked by another connection')
      } catch (err) {
        app.log.warn({ err }, 'WAL checkpoint on close failed')
      }
    }
    await engine.close()
  })
  try {
    await engine.migrate()
    await refreshRenderings(engine, config.siteUrl)
    if (config.seedDemo && await isEmpty(engine.db)) {
      // Loaded only for an empty database: the demo's text is a large module every other boot would compile for nothing.
      const { demoDataset } = await import('../demo/index.js')
      const { inserted } = await seedDataset(engine, demoDataset(), config.siteUrl)
      app.log.info({ inserted }, 'seeded the demo publication into an empty database')
    }
  } catch (error) {
    await engine.close()
    throw error
  }
  app.log.info({ engine: engine.kind }, `database: ${engine.description}`)
  app.decorate<Engine>('database', engine)
  const db = engine.reader
  app.decorate('repos', {
    stories: storyRepository(db),
    lists: storyListRepository(db),
    catalog: catalogRepository(db),
    redirects: redirectRepository(db),
    legacyPaths: legacyPathRepository(db),
    search: searchRepository(db),
    sitemaps: sitemapRepository(db),
    // The primary's: the deferred stream hands out entries SETTLE_MS after their time, a bound a lagging replica could pass.
    sync: syncRepository(engine.db),
    verdictExport: verdictExportRepository(db, config.publicationName),
    // The primary's, like sync: the history must not lag the review it describes.
    scoreHistory: scoreHistoryRepository(engine.db)
  })
}, { name: 'database', dependencies: ['config'] })
