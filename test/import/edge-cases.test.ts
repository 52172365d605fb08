/**
 * The importer on small exports made for one case each: what a real archive throws at it
 * now and then (a publish date in the future, a slug Byline already has, a post with no
 * author or category, a title too long, pages), each answered without a crash or a leak.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { sql } from 'drizzle-orm'
import { build, getJson, rows } from '../helper.js'
import { editorClient } from '../editorial-helper.js'
import { importInto } from './import-helper.js'
import { checkMapping } from '../../src/import/wordpress/mapping.js'

interface Post { id: number | '', title: string, slug?: string, status?: string, type?: string, date?: string, modified?: string, creator?: string, categories?: string[], tags?: string[], content?: string, password?: string, meta?: Record<string, string> }
interface Channel { authors?: Array<{ login: string, name: string }>, tags?: string[] }

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`

function wxr (posts: Post[], channel: Channel = {}): string {
  const items = posts.map((p) => `
  <item>
    <title>${cdata(p.title)}</title>
    <link>https://edge.example/${p.slug ?? p.id}/</link>
    <dc:creator>${cdata(p.creator ?? 'ed')}</dc:creator>
    <content:encoded>${cdata(p.content ?? '<p>Body text.</p>')}</content:encoded>
    <excerpt:encoded>${cdata('')}</excerpt:encoded>
    <wp:post_id>${p.id}</wp:post_id>
    <wp:post_date_gmt>${cdata(p.date ?? '2024-05-01 10:00:00')}</wp:post_date_gmt>
    <wp:post_modified_gmt>${cdata(p.modified ?? p.date ?? '2024-05-01 10:00:00')}</wp:post_modified_gmt>
    <wp:post_password>${cdata(p.password ?? '')}</wp:post_password>
    ${Object.entries(p.meta ?? {}).map(([k, v]) => `<wp:postmeta><wp:meta_key>${cdata(k)}</wp:meta_key><wp:meta_value>${cdata(v)}</wp:meta_value></wp:postmeta>`).join('')}
    <wp:post_name>${cdata(p.slug ?? `post-${p.id}`)}</wp:post_name>
    <wp:status>${cdata(p.status ?? 'publish')}</wp:status>
    <wp:post_type>${cdata(p.type ?? 'post')}</wp:post_type>
    ${(p.categories ?? ['news']).map((c) => `<category domain="category" nicename="${c}">${cdata(c)}</category>`).join('')}
    ${(p.tags ?? []).map((c) => `<category domain="post_tag" nicename="${c}">${cdata(c)}</category>`).join('')}
  </item>`).join('')
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Edge</title><link>https://edge.example</link><language>en</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://edge.example</wp:base_site_url>
  ${(channel.authors ?? [{ login: 'ed', name: 'Ed Edge' }]).map((a) => `<wp:author><wp:author_login>${cdata(a.login)}</wp:author_login><wp:author_display_name>${cdata(a.name)}</wp:author_display_name></wp:author>`).join('')}
  ${(channel.tags ?? []).map((tag, i) => `<wp:tag><wp:term_id>${100 + i}</wp:term_id><wp:tag_slug>${tag}</wp:tag_slug><wp:tag_name>${cdata(tag)}</wp:tag_name></wp:tag>`).join('')}
  <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>news</wp:category_nicename><wp:cat_name>${cdata('News')}</wp:cat_name></wp:category>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>guides</wp:category_nicename><wp:cat_name>${cdata('Guides')}</wp:cat_name></wp:category>
  ${items}
</channel>
</rss>`
}

function exportFile (t: { teardown (fn: () => void): void }, posts: Post[], channel: Channel = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'byline-wxr-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'export.xml')
  writeFileSync(file, wxr(posts, channel))
  return file
}

t.test('a publish date in the future is a schedule, never public early', async (t) => {
  const app = await build(t)
  const report = await importInto(app, exportFile(t, [{ id: 1, title: 'From the future', slug: 'from-the-future', date: '2099-01-01 00:00:00' }]))
  t.same(report.stories.byStatus, { scheduled: 1 })
  t.ok(report.warnings.some((w) => /future/.test(w.message)))
  t.equal((await app.inject('/v1/stories/from-the-future')).statusCode, 404)
  t.equal((await app.inject('/from-the-future/')).statusCode, 404, 'its old URL does not give it away')
  const sync = await getJson(app, '/v1/sync')
  t.notMatch(JSON.stringify(sync.body), /from-the-future/, 'nor does delta sync')
})

t.test('a slug Byline already has: the import takes a free one, the story there stays', async (t) => {
  const app = await build(t)
  const before = (await getJson(app, '/v1/stories/her-2013-review')).body
  const report = await importInto(app, exportFile(t, [{ id: 1, title: 'Her again', slug: 'her-2013-review' }]))
  t.same(report.slugClashes, [{ postId: 1, wanted: 'her-2013-review', slug: 'her-2013-review-2' }])
  t.same((await getJson(app, '/v1/stories/her-2013-review')).body, before, 'the existing story is untouched')
  t.equal((await getJson(app, '/v1/stories/her-2013-review-2')).body.title, 'Her again')
  t.equal((await app.inject('/her-2013-review/')).headers.location, 'https://byline.example/articles/her-2013-review-2', 'the old URL finds the imported post')
})

t.test('no author, no category, a title too long, a mapped story type', async (t) => {
  const app = await build(t)
  const long = 'A'.repeat(280) + ' tail words that go past three hundred characters'
  const report = await importInto(app, exportFile(t, [
    { id: 1, title: 'Nobody wrote this', slug: 'nobody', creator: '' },
    { id: 2, title: 'Uncategorised', slug: 'uncategorised', categories: [] },
    { id: 3, title: long, slug: 'long' },
    { id: 4, title: 'How to', slug: 'how-to', categories: ['guides'] }
  ]), { mapping: checkMapping({ storyTypes: { guides: 'guide' }, defaultSection: 'news' }) })
  t.same(report.errors, [])
  t.equal(report.stories.created, 4)
  const nobody = (await getJson(app, '/v1/stories/nobody')).body
  t.ok(nobody.authors.length >= 1, 'a story always has a byline')
  t.ok(report.unresolved.authors.length >= 1, 'and the report says whose it is not')
  t.equal((await getJson(app, '/v1/stories/uncategorised')).body.section.slug, 'news', 'defaultSection')
  const cut = (await getJson(app, '/v1/stories/long')).body.title
  t.ok(cut.length <= 300 && cut.endsWith('…'))
  t.ok(report.degraded.some((d) => d.postId === 3 && /title/.test(d.message)))
  t.equal((await getJson(app, '/v1/stories/how-to')).body.type, 'guide')
})

t.test('pages only with --pages', async (t) => {
  const app = await build(t)
  const file = exportFile(t, [{ id: 1, title: 'About', slug: 'about', type: 'page' }])
  const without = await importInto(app, file)
  t.equal(without.stories.created, 0)
  t.match(without.skipped, [{ postId: 1, message: /--pages/ }])
  const withPages = await importInto(app, file, { pages: true })
  t.equal(withPages.stories.created, 1)
  t.equal((await app.inject('/?page_id=1')).headers.location, 'https://byline.example/articles/about')
})

t.test('statuses WordPress does not publish are not imported as public, and some not at all', async (t) => {
  const app = await build(t)
  const report = await importInto(app, exportFile(t, [
    { id: 1, title: 'Trash', slug: 'trashed', status: 'trash' },
    { id: 2, title: 'Auto draft', slug: 'auto', status: 'auto-draft' },
    { id: 3, title: 'Revision', slug: 'rev', status: 'inherit', type: 'revision' }
  ]))
  t.equal(report.stories.created, 0)
  t.equal(report.skipped.length, 3)
})

t.test('what WordPress keeps from the public stays from it', async (t) => {
  const app = await build(t)
  const img = 'https://edge.example/wp-content/uploads/shared.jpg'
  const report = await importInto(app, exportFile(t, [
    { id: 1, title: 'Locked and due', slug: 'locked-due', status: 'future', date: '2099-01-01 00:00:00', password: 'hunter2' },
    { id: 2, title: 'Locked and past', slug: 'locked-past', status: 'future', date: '2015-01-01 00:00:00', password: 'hunter2' },
    { id: 3, title: 'Missed schedule', slug: 'missed', status: 'future', date: '2015-01-01 00:00:00' },
    { id: 4, title: 'No UTC time', slug: 'no-utc', status: 'future', date: '0000-00-00 00:00:00' },
    { id: 5, title: 'Public', slug: 'public', content: `<p>Text.</p><img src="${img}" alt="Public alt">` },
    { id: 6, title: 'Secret draft', slug: 'secret-draft', status: 'draft', tags: ['draft-only'], content: `[caption id="" width="100"]<img src="${img}" alt="SECRET alt"> SECRET caption[/caption]` }
  ], { tags: ['draft-only', 'never-used'], authors: [{ login: 'ed', name: 'Ed Edge' }, { login: 'nobody', name: 'Never Wrote Anything' }] }))
  t.same(report.errors, [])
  for (const slug of ['locked-due', 'locked-past', 'missed', 'no-utc', 'secret-draft']) {
    t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 404, `${slug} is not public`)
  }
  const pub = (await getJson(app, '/v1/stories/public')).body
  t.notMatch(JSON.stringify(pub), /SECRET/, 'a draft\'s alt or caption of the same image does not reach a public story')
  t.equal(pub.media[0].alt, 'Public alt')
  const authors = JSON.stringify((await getJson(app, '/v1/authors?limit=100')).body)
  const tags = JSON.stringify((await getJson(app, '/v1/tags?limit=100')).body)
  t.notMatch(authors, /Never Wrote Anything/, 'an author no imported post names is not made')
  t.notMatch(tags, /never-used/, 'nor a tag')
})

t.test('a post trashed in WordPress is taken down on the next run', async (t) => {
  const app = await build(t)
  await importInto(app, exportFile(t, [{ id: 1, title: 'Take me down', slug: 'takedown' }]))
  t.equal((await app.inject('/v1/stories/takedown')).statusCode, 200)
  const again = await importInto(app, exportFile(t, [{ id: 1, title: 'Take me down', slug: 'takedown', status: 'trash' }]))
  t.equal(again.stories.withdrawn, 1)
  t.equal((await app.inject('/v1/stories/takedown')).statusCode, 404)
  t.equal((await app.inject('/takedown/')).statusCode, 404, 'its old URL with it')
  const back = await importInto(app, exportFile(t, [{ id: 1, title: 'Take me down', slug: 'takedown' }]))
  t.equal(back.stories.updated, 1, 'published again in WordPress: public again')
  t.equal((await app.inject('/v1/stories/takedown')).statusCode, 200)
})

t.test('re-runs: a rename is announced, a content change moves updatedAt, a deleted tag stays deleted', async (t) => {
  const app = await build(t)
  await importInto(app, exportFile(t, [{ id: 1, title: 'First', slug: 'first-name', tags: ['junk'] }], { tags: ['junk'] }))
  const first = (await getJson(app, '/v1/stories/first-name')).body
  await importInto(app, exportFile(t, [{ id: 1, title: 'Second title', slug: 'renamed', tags: ['junk'] }], { tags: ['junk'] }))
  const renamed = (await getJson(app, '/v1/stories/renamed')).body
  t.equal(renamed.title, 'Second title')
  t.ok(Date.parse(renamed.updatedAt) > Date.parse(first.updatedAt), 'updatedAt moves though WordPress\'s modified date did not')
  const log = await rows<{ detail_json: string }>(app, sql`SELECT detail_json FROM changes WHERE slug = 'renamed' AND kind = 'updated'`)
  t.ok(log.some((r) => JSON.parse(r.detail_json).previousSlug === 'first-name'), 'the change log names the old slug (story.renamed, purges)')
  t.equal((await app.inject('/v1/stories/first-name')).statusCode, 308)

  // An editor takes the tag off and deletes it: the next run makes neither come back.
  const editor = await editorClient(t, app)
  t.equal((await editor.patch('/v1/stories/renamed', { tags: [] })).statusCode, 200)
  t.equal((await editor.del('/v1/tags/junk')).statusCode, 204)
  const third = await importInto(app, exportFile(t, [{ id: 1, title: 'Third title', slug: 'renamed', tags: ['junk'] }], { tags: ['junk'] }))
  t.equal(third.stories.keptEdited, 1)
  t.same(await rows(app, sql`SELECT id FROM tags WHERE slug = 'junk'`), [], 'the deleted tag is not made again')
})

t.test('names slugify cannot spell stay apart', async (t) => {
  const app = await build(t)
  const report = await importInto(app, exportFile(t, [
    { id: 1, title: '千と千尋の神隠し Review', slug: 'a', creator: 'yamada', categories: ['movie-reviews'], meta: { wp_review_type: 'point', wp_review_total: '9' } },
    { id: 2, title: '君の名は Review', slug: 'b', creator: 'sato', categories: ['movie-reviews'], meta: { wp_review_type: 'point', wp_review_total: '8' } }
  ], { authors: [{ login: 'yamada', name: '山田太郎' }, { login: 'sato', name: '佐藤花子' }] }))
  t.same(report.errors, [])
  const a = (await getJson(app, '/v1/reviews/a')).body
  const b = (await getJson(app, '/v1/reviews/b')).body
  t.equal(a.authors[0].name, '山田太郎')
  t.equal(b.authors[0].name, '佐藤花子')
  t.not(a.authors[0].slug, b.authors[0].slug)
  t.equal(a.subject.title, '千と千尋の神隠し')
  t.equal(b.subject.title, '君の名は')
})

t.test('one post the converters cannot take is that post\'s error; the rest import', async (t) => {
  const app = await build(t)
  const report = await importInto(app, exportFile(t, [
    { id: 1, title: 'Before', slug: 'before' },
    { id: 2, title: 'Deep', slug: 'deep', content: 'Start <div>x'.repeat(3000) },
    { id: '', title: 'No id', slug: 'no-id' },
    { id: 3, title: 'After', slug: 'after' }
  ]))
  t.equal((await app.inject('/v1/stories/before')).statusCode, 200)
  t.equal((await app.inject('/v1/stories/after')).statusCode, 200)
  t.ok(report.errors.every((e) => e.postId === 2), 'only the deep one may fail')
  t.match(report.skipped, [{ message: /wp:post_id/ }], 'a post without an id is skipped: it could not be found again')
})

t.test('a mapping naming a section that is not a slug is refused', async (t) => {
  t.throws(() => checkMapping({ sections: { news: '!!!' } }), { name: 'MappingError' })
  t.throws(() => checkMapping({ defaultSection: 'Not A Slug' }), { name: 'MappingError' })
})
