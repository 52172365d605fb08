/** Leak suite: hidden stories never appear on the public surface, in any form. */
import t from 'tap'
import { build } from '../helper.js'
import { HIDDEN_MARKERS, hiddenStories, publicProbeUrls } from '../leak-probes.js'

t.test('draft, scheduled and archived stories never appear publicly', async (t) => {
  const app = await build(t)
  const hidden = hiddenStories(app)
  t.same(new Set(hidden.map((h) => h.status)), new Set(['draft', 'scheduled', 'archived']), 'the demo has one of each hidden kind')

  const urls = publicProbeUrls(app)
  let withContent = 0
  for (const url of urls) {
    const res = await app.inject(url)
    t.ok(res.statusCode < 500, `${url} is not a 5xx`)
    const text = res.body.toLowerCase()
    for (const marker of HIDDEN_MARKERS) if (text.includes(marker)) t.fail(`${url} leaks "${marker}"`)
    for (const h of hidden) if (res.body.includes(h.id)) t.fail(`${url} leaks the id of ${h.slug}`)
    if (res.statusCode === 200) withContent++
  }
  // The probes must reach real content, or a suite of 404s would pass vacuously.
  t.ok(withContent > urls.length / 2, `${withContent} of ${urls.length} probed URLs answered 200`)

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
  const rows = app.database.sqlite.prepare(`SELECT a.slug, COUNT(*) AS total,
      SUM(s.status IN ('published','scheduled') AND s.published_at <= ?) AS visible
    FROM story_authors sa JOIN authors a ON a.id = sa.author_id JOIN stories s ON s.id = sa.story_id
    GROUP BY a.slug HAVING total > visible`).all(Date.now()) as Array<{ slug: string, total: number, visible: number }>
  t.ok(rows.length > 0, 'some author has hidden stories')
  for (const row of rows) {
    const res = await app.inject(`/v1/authors/${row.slug}`)
    t.equal(res.json().storyCount, row.visible, `${row.slug} counts ${row.visible} of ${row.total}`)
  }
})

t.test('a scheduled story appears at its time with no job', async (t) => {
  const app = await build(t)
  const scheduled = hiddenStories(app).find((h) => h.status === 'scheduled')!
  t.equal((await app.inject(`/v1/stories/${scheduled.slug}`)).statusCode, 404)
  // Move the clock, not the data: the stored publication time passes.
  const realNow = Date.now
  const at = app.database.sqlite.prepare('SELECT published_at AS at FROM stories WHERE id = ?').get(scheduled.id) as { at: number }
  Date.now = () => at.at + 1
  t.teardown(() => { Date.now = realNow })
  const res = await app.inject(`/v1/stories/${scheduled.slug}`)
  t.equal(res.statusCode, 200, 'public once its time has come')
  const first = (await app.inject('/v1/stories?limit=1')).json()
  t.equal(first.data[0].slug, scheduled.slug, 'and first in Latest Stories')
})
