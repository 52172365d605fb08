/**
 * The importer on small exports made for one case each: what a real archive throws at it
 * now and then (a publish date in the future, a slug Byline already has, a post with no
 * author or category, a title too long, pages), each answered without a crash or a leak.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { build, getJson } from '../helper.js'
import { importInto } from './import-helper.js'
import { checkMapping } from '../../src/import/wordpress/mapping.js'

interface Post { id: number, title: string, slug?: string, status?: string, type?: string, date?: string, creator?: string, categories?: string[], content?: string }

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`

function wxr (posts: Post[]): string {
  const items = posts.map((p) => `
  <item>
    <title>${cdata(p.title)}</title>
    <link>https://edge.example/${p.slug ?? p.id}/</link>
    <dc:creator>${cdata(p.creator ?? 'ed')}</dc:creator>
    <content:encoded>${cdata(p.content ?? '<p>Body text.</p>')}</content:encoded>
    <excerpt:encoded>${cdata('')}</excerpt:encoded>
    <wp:post_id>${p.id}</wp:post_id>
    <wp:post_date_gmt>${cdata(p.date ?? '2024-05-01 10:00:00')}</wp:post_date_gmt>
    <wp:post_modified_gmt>${cdata(p.date ?? '2024-05-01 10:00:00')}</wp:post_modified_gmt>
    <wp:post_name>${cdata(p.slug ?? `post-${p.id}`)}</wp:post_name>
    <wp:status>${cdata(p.status ?? 'publish')}</wp:status>
    <wp:post_type>${cdata(p.type ?? 'post')}</wp:post_type>
    ${(p.categories ?? ['news']).map((c) => `<category domain="category" nicename="${c}">${cdata(c)}</category>`).join('')}
  </item>`).join('')
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Edge</title><link>https://edge.example</link><language>en</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://edge.example</wp:base_site_url>
  <wp:author><wp:author_login>${cdata('ed')}</wp:author_login><wp:author_display_name>${cdata('Ed Edge')}</wp:author_display_name></wp:author>
  <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>news</wp:category_nicename><wp:cat_name>${cdata('News')}</wp:cat_name></wp:category>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>guides</wp:category_nicename><wp:cat_name>${cdata('Guides')}</wp:cat_name></wp:category>
  ${items}
</channel>
</rss>`
}

function exportFile (t: { teardown (fn: () => void): void }, posts: Post[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'byline-wxr-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'export.xml')
  writeFileSync(file, wxr(posts))
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
