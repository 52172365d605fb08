/** Leak suite: hidden stories never appear on the public surface, in any form. */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { build, rows } from '../helper.js'
import { HIDDEN_MARKERS, hiddenStories, probeForLeaks } from '../leak-probes.js'
import { editorClient, reviewBody } from '../editorial-helper.js'

t.test('draft, scheduled and archived stories never appear publicly', async (t) => {
  const app = await build(t)
  const hidden = await hiddenStories(app)
  t.same(new Set(hidden.map((h) => h.status)), new Set(['draft', 'scheduled', 'archived']), 'the demo has one of each hidden kind')

  const probe = await probeForLeaks(app, HIDDEN_MARKERS, hidden.map((h) => h.id))
  t.same(probe.errors, [], 'no 5xx')
  t.same(probe.leaks, [], 'no leaks')
  // The probes must reach real content, or a suite of 404s would pass vacuously.
  t.ok(probe.withContent > probe.total / 2, `${probe.withContent} of ${probe.total} probed URLs answered 200`)

  for (const h of hidden) {
    for (const url of [`/v1/stories/${h.slug}`, `/v1/reviews/${h.slug}`, `/v1/reviews/${h.slug}/verdict`]) {
      const res = await app.inject(url)
      t.equal(res.statusCode, 404, `${url} is 404, not 403: existence does not leak`)
    }
  }
  const draftSubject = hidden.find((h) => h.subjectSlug !== null)
  t.ok(draftSubject, 'a hidden review has its own subject')
  t.equal((await app.inject(`/v1/subjects/${draftSubject!.subjectSlug}`)).statusCode, 404, 'a subject with no public review is not public')
})

t.test('counts leave hidden stories out', async (t) => {
  const app = await build(t)
  const counts = (await rows<{ slug: string, total: number, visible: number }>(app, sql`SELECT a.slug, COUNT(*) AS total,
      SUM(CASE WHEN s.status IN ('published','scheduled') AND s.published_at <= ${Date.now()} THEN 1 ELSE 0 END) AS visible
    FROM story_authors sa JOIN authors a ON a.id = sa.author_id JOIN stories s ON s.id = sa.story_id
    GROUP BY a.slug`)).map((r) => ({ ...r, total: Number(r.total), visible: Number(r.visible) })).filter((r) => r.total > r.visible)
  t.ok(counts.length > 0, 'some author has hidden stories')
  for (const row of counts) {
    const res = await app.inject(`/v1/authors/${row.slug}`)
    t.equal(res.json().storyCount, row.visible, `${row.slug} counts ${row.visible} of ${row.total}`)
  }
})

t.test('a scheduled story appears at its time with no job', async (t) => {
  const app = await build(t)
  const scheduled = (await hiddenStories(app)).find((h) => h.status === 'scheduled')!
  t.equal((await app.inject(`/v1/stories/${scheduled.slug}`)).statusCode, 404)
  // Move the clock, not the data: the stored publication time passes.
  const realNow = Date.now
  const [at] = await rows<{ at: number }>(app, sql`SELECT published_at AS at FROM stories WHERE id = ${scheduled.id}`) as [{ at: number }]
  Date.now = () => at.at + 1
  t.teardown(() => { Date.now = realNow })
  const res = await app.inject(`/v1/stories/${scheduled.slug}`)
  t.equal(res.statusCode, 200, 'public once its time has come')
  const first = (await app.inject('/v1/stories?limit=1')).json()
  t.equal(first.data[0].slug, scheduled.slug, 'and first in Latest Stories')
})

t.test('stories hidden through the write API never appear publicly either', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const markers = ['draftmarkerxylo', 'schedmarkerquil', 'archmarkerzeph', 'renamedmarkervex']
  // Slugs stay marker-free: a 404 may echo the URL it was asked for.
  const article = (marker: string, extra: Record<string, unknown>) => ({
    type: 'feature', slug: `api-hidden-${markers.indexOf(marker)}`, title: `Feature ${marker}`, dek: `Dek ${marker}`, bodyMarkdown: `Body ${marker}`, section: 'features', authors: ['rhys-calloway'], tags: ['drama'], ...extra
  })
  const draft = await editor.post('/v1/stories', reviewBody({
    slug: 'api-hidden-review', title: `Review ${markers[0]}`, bodyMarkdown: `Body ${markers[0]}`, subject: { slug: 'api-hidden-game', kind: 'game', title: `Game ${markers[0]}` }
  }))
  const scheduled = await editor.post('/v1/stories', article(markers[1]!, { status: 'scheduled', publishedAt: '2099-05-01T10:00:00Z' }))
  const archived = await editor.post('/v1/stories', article(markers[2]!, { status: 'published' }))
  await editor.patch(`/v1/stories/${archived.json().story.slug}`, { status: 'archived' })
  const renamed = await editor.post('/v1/stories', article(markers[3]!, {}))
  await editor.patch(`/v1/stories/${renamed.json().story.slug}`, { slug: 'renamed-hidden-feature' })
  const ids = [draft, scheduled, archived, renamed].map((r) => r.json().story.id as string)
  t.equal(new Set(ids).size, 4, 'four hidden stories written')

  const probe = await probeForLeaks(app, markers, ids)
  t.same(probe.errors, [], 'no 5xx')
  t.same(probe.leaks, [], 'no leaks')
  t.ok(probe.withContent > probe.total / 2, `${probe.withContent} of ${probe.total} probed URLs answered 200`)

  // Without a key, preview URLs answer the same whether the story exists or not.
  for (const slug of [draft.json().story.slug, 'no-such-story']) {
    const res = await app.inject(`/v1/preview/stories/${slug}`)
    t.equal(res.statusCode, 401, `preview of ${slug} without a key: ${res.body}`)
    for (const marker of markers) t.notOk(res.body.includes(marker))
  }
})
