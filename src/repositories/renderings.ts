/**
 * Stored renderings follow the renderer: when its version or the site URL changes,
 * every story is rendered again (and re-indexed) before anything is served. Whoever
 * opens a database to serve or to load it calls this first, so a database is never
 * left with renderings of an older kind behind a current fingerprint.
 */
import type { Engine } from '../db/engine.js'
import { recordChange } from './change-log.js'
import { markContentChanged } from './freshness.js'
import { getSetting, setSetting } from './settings.js'
import { allStoryIds, renderStoryRow } from './story-writer.js'

/** Bump when the shape of stored renderings changes: every story is re-rendered at boot. */
export const RENDER_VERSION = 3 // 2: stories are also written to the full-text index; 3: verdict states, platforms, sub-scores, pull-quotes and subject offers

export async function refreshRenderings (engine: Pick<Engine, 'db' | 'transaction'>, siteUrl: string): Promise<void> {
  const fingerprint = `${RENDER_VERSION} ${siteUrl}`
  if (await getSetting(engine.db, 'render_fingerprint') === fingerprint) return
  const now = Date.now()
  await engine.transaction(async (db) => {
    for (const id of await allStoryIds(db)) {
      const outcome = await renderStoryRow(db, id, siteUrl, now)
      // A mirror built by delta sync holds the old rendering: tell it.
      if (outcome?.changed === true && outcome.publicAt !== null) {
        await recordChange(db, { resource: 'story', resourceId: id, slug: null, kind: 'updated', detail: { cause: 'render' } }, { now, actor: null })
      }
    }
    await setSetting(db, 'render_fingerprint', fingerprint)
    await markContentChanged(db, now)
  })
}
