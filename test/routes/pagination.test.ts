/**
 * Walking every list by cursor returns each visible item exactly once, in order. The
 * expected sets come from the normalized tables (status and publishedAt), not from the
 * denormalized columns the API reads, so a stale `publicAt` would show up here.
 */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { build, walk, rows } from '../helper.js'

t.test('every list walks to its end exactly once, in order', async (t) => {
  const app = await build(t)
  const now = Date.now()
  const visible = await rows<{ id: string, slug: string, type: string, at: number, section: string, score: number | null }>(app, sql`
    SELECT s.id, s.slug, s.type, s.published_at AS at, sec.slug AS section, v.normalized_score AS score
    FROM stories s JOIN sections sec ON sec.id = s.section_id LEFT JOIN verdicts v ON v.story_id = s.id
    WHERE s.status IN ('published', 'scheduled') AND s.published_at <= ${now}
    ORDER BY s.published_at DESC, s.id DESC`)
  t.ok(visible.length >= 60, `the demo has at least 60 public stories (${visible.length})`)

  const slugs = (items: Array<{ slug: string }>) => items.map((i) => i.slug)
  const latest = await walk(app, '/v1/stories')
  t.same(slugs(latest.items), visible.map((s) => s.slug), 'latest stories: all, newest first')
  t.ok(latest.pages > 1, 'the story list paginates')

  const reviews = visible.filter((s) => s.type === 'review')
  const byLatest = await walk(app, '/v1/reviews', 5)
  t.same(slugs(byLatest.items), reviews.map((s) => s.slug), 'reviews by latest')

  const byScore = await walk(app, '/v1/reviews?sort=score', 5)
  const expectedScore = [...reviews].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || b.at - a.at || (a.id < b.id ? 1 : -1))
  t.same(slugs(byScore.items), expectedScore.map((s) => s.slug), 'reviews by score, unscored last')
  t.equal(new Set(slugs(byScore.items)).size, byScore.items.length, 'no review twice')

  for (const section of new Set(visible.map((s) => s.section))) {
    const { items } = await walk(app, `/v1/stories?section=${section}`, 4)
    t.same(slugs(items), visible.filter((s) => s.section === section).map((s) => s.slug), `section ${section}`)
  }
  for (const type of new Set(visible.map((s) => s.type))) {
    const { items } = await walk(app, `/v1/stories?type=${type}`, 4)
    t.same(slugs(items), visible.filter((s) => s.type === type).map((s) => s.slug), `type ${type}`)
  }

  // Public stories per tag and per author, from the join tables, newest first.
  const memberships = async (join: 'story_tags' | 'story_authors', table: 'tags' | 'authors', column: 'tag_id' | 'author_id') =>
    await rows<{ entity: string, story: string }>(app, sql`SELECT e.slug AS entity, s.slug AS story FROM ${sql.identifier(join)} j JOIN ${sql.identifier(table)} e ON e.id = j.${sql.identifier(column)}
      JOIN stories s ON s.id = j.story_id WHERE s.status IN ('published','scheduled') AND s.published_at <= ${now}
      ORDER BY s.published_at DESC, s.id DESC`)
  const tagRows = (await memberships('story_tags', 'tags', 'tag_id')).map((r) => ({ tag: r.entity, story: r.story }))
  const authorRows = (await memberships('story_authors', 'authors', 'author_id')).map((r) => ({ author: r.entity, story: r.story }))
  for (const [param, rows] of [['tag', tagRows.map((r) => [r.tag, r.story])], ['author', authorRows.map((r) => [r.author, r.story])]] as const) {
    for (const entity of new Set(rows.map(([e]) => e))) {
      const { items } = await walk(app, `/v1/stories?${param}=${entity}`, 3)
      t.same(slugs(items), rows.filter(([e]) => e === entity).map(([, story]) => story), `${param} ${entity}`)
    }
  }

  // Every other keyset path: award, filtered score sorts, score ranges, author+tag.
  const byScoreOrder = (rows: typeof reviews) => [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || b.at - a.at || (a.id < b.id ? 1 : -1))
  const awardRows = await rows<{ slug: string }>(app, sql`SELECT s.slug FROM review_awards ra JOIN stories s ON s.id = ra.story_id WHERE ra.award = 'editors-choice'`)
  const awarded = new Set(awardRows.map((r) => r.slug))
  t.same(slugs((await walk(app, '/v1/reviews?award=editors-choice', 2)).items), reviews.filter((r) => awarded.has(r.slug)).map((r) => r.slug), 'award')
  t.same(slugs((await walk(app, '/v1/reviews?award=editors-choice&sort=score', 2)).items), byScoreOrder(reviews.filter((r) => awarded.has(r.slug))).map((r) => r.slug), 'award by score')
  t.same(slugs((await walk(app, '/v1/reviews?section=games&sort=score', 3)).items), byScoreOrder(reviews.filter((r) => r.section === 'games')).map((r) => r.slug), 'section by score')
  t.same(slugs((await walk(app, '/v1/reviews?minScore=60&maxScore=90', 3)).items), reviews.filter((r) => r.score !== null && r.score >= 60 && r.score <= 90).map((r) => r.slug), 'score range')
  t.same(slugs((await walk(app, '/v1/reviews?minScore=60&sort=score', 3)).items), byScoreOrder(reviews.filter((r) => r.score !== null && r.score >= 60)).map((r) => r.slug), 'score range by score')
  const pair = authorRows.find((a) => tagRows.some((tr) => tr.story === a.story))!
  const pairTag = tagRows.find((tr) => tr.story === pair.story)!.tag
  const both = new Set(tagRows.filter((r) => r.tag === pairTag).map((r) => r.story))
  t.same(slugs((await walk(app, `/v1/stories?author=${pair.author}&tag=${pairTag}`, 1)).items),
    authorRows.filter((r) => r.author === pair.author && both.has(r.story)).map((r) => r.story), 'author and tag')

  const names = async (table: string, order: string) => (await rows<{ slug: string }>(app, sql`SELECT slug FROM ${sql.identifier(table)} ORDER BY ${sql.raw(order)}`)).map((r) => r.slug)
  t.same(slugs((await walk(app, '/v1/authors', 3)).items), await names('authors', 'name, id'), 'authors by name')
  t.same(slugs((await walk(app, '/v1/tags', 4)).items), await names('tags', 'name, id'), 'tags by name')
  t.same(slugs((await walk(app, '/v1/sections', 2)).items), await names('sections', 'position, id'), 'sections in order')
})

t.test('the next link repeats the filters and carries the cursor', async (t) => {
  const app = await build(t)
  const res = await app.inject('/v1/reviews?sort=score&limit=3&subjectKind=game')
  const body = res.json()
  t.equal(body.meta.limit, 3)
  t.type(body.meta.nextCursor, 'string')
  const link = String(res.headers.link)
  t.match(link, /^<\/v1\/reviews\?/)
  t.match(link, /rel="next"$/)
  const url = new URL(link.slice(1, link.indexOf('>')), 'http://x')
  t.equal(url.searchParams.get('sort'), 'score')
  t.equal(url.searchParams.get('subjectKind'), 'game')
  t.equal(url.searchParams.get('cursor'), body.meta.nextCursor)
  const next = await app.inject(link.slice(1, link.indexOf('>')))
  t.equal(next.statusCode, 200)
  const last = await app.inject('/v1/reviews?subjectKind=game&limit=100')
  t.equal(last.json().meta.nextCursor, null, 'the last page has no cursor')
  t.notOk(last.headers.link, 'and no next link')
})
