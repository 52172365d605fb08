/**
 * Every list query is driven by an index in its sort order: no full table scan and no
 * temporary B-tree for ORDER BY, for every combination of filters, first page and later.
 */
import t from 'tap'
import { storyListRepository } from '../../src/repositories/story-lists.js'
import { catalogRepository } from '../../src/repositories/catalog.js'
import { storyRepository } from '../../src/repositories/stories.js'
import { build, sqliteOf, testEngine } from '../helper.js'

// Runs on SQLite only: these are SQLite query plans (EXPLAIN QUERY PLAN).
if (testEngine() === 'postgres') t.plan(0, 'SQLite only: these are SQLite query plans (EXPLAIN QUERY PLAN)')

function subsets<T> (items: T[]): T[][] {
  return items.reduce<T[][]>((acc, item) => [...acc, ...acc.map((s) => [...s, item])], [[]])
}

t.test('list and lookup queries use indexes in sort order', async (t) => {
  const app = await build(t)
  const sqlite = sqliteOf(app)
  const { db } = app.database
  const seen = new Set<string>()
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => { seen.add(source); return prepare(source) }) as typeof sqlite.prepare

  const lists = storyListRepository(db)
  const catalog = catalogRepository(db)
  storyRepository(db)
  const now = Date.now()
  const storyFilters = { type: 'review', sectionId: 'x', tagId: 'x', authorId: 'x', exclude: 'x' }
  for (const keys of subsets(Object.keys(storyFilters))) {
    const filter = Object.fromEntries(keys.map((k) => [k, storyFilters[k as keyof typeof storyFilters]]))
    await lists.listStories(filter, null, 10, now)
    await lists.listStories(filter, [now, 'x'], 10, now)
  }
  const reviewFilters = { subjectKind: 'game', sectionId: 'x', award: 'editors-choice', minScore: 10 }
  for (const keys of subsets(Object.keys(reviewFilters))) {
    const filter = Object.fromEntries(keys.map((k) => [k, reviewFilters[k as keyof typeof reviewFilters]]))
    await lists.listReviews(filter, 'latest', null, 10, now)
    await lists.listReviews(filter, 'latest', [now, 'x'], 10, now)
    await lists.listReviews(filter, 'score', null, 10, now)
    await lists.listReviews(filter, 'score', [50, now, 'x'], 10, now)
  }
  for (const after of [null, ['a', 'b']]) {
    await catalog.listAuthors(after, 10, now)
    await catalog.listTags(after, 10, now)
    await catalog.listSections(after === null ? null : [1, 'b'], 10, now)
  }
  sqlite.prepare = prepare

  const queries = [...seen].filter((s) => /^select/i.test(s))
  t.ok(queries.length >= 32 * 2 + 16 * 4, `${queries.length} distinct queries checked`)
  for (const query of queries) {
    const params = Array.from({ length: (query.match(/\?/g) ?? []).length }, () => null)
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail)
    const bad = plan.filter((d) => /TEMP B-TREE/.test(d) || (/^SCAN /.test(d) && !/USING (COVERING )?INDEX/.test(d)))
    t.same(bad, [], `${query}\n  plan: ${plan.join(' | ')}`)
    if (/\) < \(/.test(query)) {
      // A later page must seek to its cursor, not walk from the start (OFFSET by another name).
      t.match(plan[0], /\)<\(/, `cursor query seeks on its key: ${plan[0]}`)
    }
  }
})
