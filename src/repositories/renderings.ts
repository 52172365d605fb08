/**
 * Stored renderings follow the renderer: when its version or the site URL changes,
 * every story is rendered again (and re-indexed) before anything is served. Whoever
 * opens a database to serve or to load it calls this first, so a database is never
 * left with renderings of an older kind behind a current fingerprint.
 */
import { transaction, type Database } from '../db/client.js'
import { recordChange } from './change-log.js'
import { markContentChanged } from './freshness.js'
import { getSetting, setSetting } from './settings.js'
import { allStoryIds, renderStoryRow } from './story-writer.js'

/** Bump when the shape of stored renderings changes: every story is re-rendered at boot. */
export const RENDER_VERSION = 2 // 2: stories are also written to the full-text index

export function refreshRenderings (database: Database, siteUrl: string): void {
  const fingerprint = `${RENDER_VERSION} ${siteUrl}`
  if (getSetting(database.db, 'render_fingerprint') === fingerprint) return
  const now = Date.now()
  transaction(database, () => {
    for (const id of allStoryIds(database.db)) {
      const outcome = renderStoryRow(database.db, id, siteUrl, now)
      // A mirror built by delta sync holds the old rendering: tell it.
      if (outcome?.changed === true && outcome.publicAt !== null) {
        recordChange(database.db, { resource: 'story', resourceId: id, slug: null, kind: 'updated', detail: { cause: 'render' } }, { now, actor: null })
      }
    }
    setSetting(database.db, 'render_fingerprint', fingerprint)
    markContentChanged(database.db, now)
  })
}
