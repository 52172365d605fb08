/**
 * The change log's readers (delta sync, webhooks) never pass an entry stamped after the
 * time they read at: resolved against the public at that time it would say nothing, and
 * the position would move past it for good (a write that began after the read and
 * committed before it: lost events, seen with two processes and on PostgreSQL).
 */
import t from 'tap'
import { SYNC_RESOURCES, SYNC_START, syncRepository } from '../../src/repositories/sync.js'
import { editorClient, reviewBody } from '../editorial-helper.js'
import { build } from '../helper.js'

t.test('an entry stamped after `now` waits for a later read, with everything after it', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const sync = syncRepository(app.database.db)
  const head = await sync.read(SYNC_START, SYNC_RESOURCES, 10_000, Date.now())
  const before = Date.now()
  const created = await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  t.equal(created.statusCode, 201)
  const early = await sync.entries(head.position, SYNC_RESOURCES, 100, before - 1)
  t.same(early.entries, [], 'nothing stamped after the read')
  t.same(early.position, head.position, 'and the position stays before it')
  const later = await sync.entries(early.position, SYNC_RESOURCES, 100, Date.now())
  t.ok(later.entries.some((e) => e.kind === 'published' && e.resourceId === created.json().story.id), 'read once its time has come')
  const page = await sync.read(early.position, SYNC_RESOURCES, 100, Date.now())
  t.ok(page.events.some((e) => JSON.parse(e).id === created.json().story.id), 'and delta sync hands out its upsert')
})
