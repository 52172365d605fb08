/**
 * GET /v1/embargoes: partners (and admins) see when scheduled stories lift and what they
 * are about, never their title, text or score; the public and editor keys are refused;
 * the list follows every schedule change and drops a story once it is public.
 */
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { SETTLE_MS } from '../../src/repositories/sync.js'
import { editorClient, reviewBody } from '../editorial-helper.js'
import { build, keyFor } from '../helper.js'
import { responseMismatch } from '../openapi-validator.js'

interface Item { id: string, liftsAt: string, type: string, subject: { id: string, slug: string, kind: string, title: string, releaseYear: number | null } | null, section: { id: string, slug: string, name: string } }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const inDays = (days: number) => new Date(Date.UTC(2098, 0, 1) + days * 86_400_000).toISOString()

async function get (t: Test, app: FastifyInstance, url: string, authorization?: string) {
  const res = await app.inject({ url, headers: authorization === undefined ? {} : { authorization } })
  const mismatch = responseMismatch('GET', url, res)
  if (mismatch !== null) t.fail(mismatch)
  return res
}

/** Every item, following nextCursor from `url`. */
async function walk (t: Test, app: FastifyInstance, authorization: string, url: string, limit: number): Promise<{ items: Item[], pages: number }> {
  const items: Item[] = []
  let next: string | null = `${url}${url.includes('?') ? '&' : '?'}limit=${limit}`
  let pages = 0
  while (next !== null) {
    const res = await get(t, app, next, authorization)
    if (res.statusCode !== 200) throw new Error(`${next} answered ${res.statusCode}: ${res.body}`)
    const body = res.json() as { data: Item[], meta: { limit: number, nextCursor: string | null } }
    t.ok(body.data.length <= limit, 'a page holds at most limit items')
    items.push(...body.data)
    pages++
    const cursor = body.meta.nextCursor
    t.equal(res.headers.link === undefined, cursor === null, 'Link: rel="next" exactly when there is a next page')
    next = cursor === null ? null : `${url}${url.includes('?') ? '&' : '?'}limit=${limit}&cursor=${cursor}`
  }
  return { items, pages }
}

const byLift = (a: Item, b: Item) => a.liftsAt < b.liftsAt ? -1 : a.liftsAt > b.liftsAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

t.test('who may list embargoes: partners and admins; not the public, not editors', async (t) => {
  const app = await build(t)
  const url = '/v1/embargoes'
  const none = await get(t, app, url)
  t.equal(none.statusCode, 401, 'no key: 401')
  t.match(none.headers['content-type'], /^application\/problem\+json/)
  t.match(none.json().detail, /Requires an API key with role admin or partner/)
  t.match(none.headers['www-authenticate'], /^Bearer realm="byline"/)
  t.equal((await get(t, app, url, 'Bearer nope')).statusCode, 401, 'a malformed key: 401')
  const editor = await get(t, app, url, (await keyFor(app, 'editor')).authorization)
  t.equal(editor.statusCode, 403, 'an editor key: 403')
  t.match(editor.headers['content-type'], /^application\/problem\+json/)
  t.equal(editor.json().code, 'forbidden')
  for (const role of ['partner', 'admin'] as const) {
    const res = await get(t, app, url, (await keyFor(app, role)).authorization)
    t.equal(res.statusCode, 200, `a ${role} key: 200`)
    t.equal(res.headers['cache-control'], 'private, no-store', 'no cache keeps it')
    t.match(res.headers.vary, /Authorization/)
    t.equal(res.headers.etag, undefined, 'nothing to revalidate: it changes with the clock')
  }
  // Public no-key requests never reach it through the response cache either.
  t.equal((await get(t, app, url)).statusCode, 401, 'still 401 after keyed answers')
})

t.test('an upcoming lift says when and about what, and nothing of the story itself', async (t) => {
  const app = await build(t)
  const { authorization } = await keyFor(app, 'partner')
  const editor = await editorClient(t, app)
  const secret = {
    slug: 'zanzibarquux-embargo-review',
    title: 'Zanzibarquux review: a title nobody may see',
    dek: 'A standfirst with quetzalvorn in it.',
    bodyMarkdown: 'The body of the obsidianwisp review.',
    verdict: { scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.5 }, score: 7.5, summary: 'A verdict summary nobody may read.', pros: ['A secret pro'], cons: ['A secret con'] }
  }
  const at = inDays(3)
  const created = await editor.post('/v1/stories', reviewBody({ ...secret, status: 'scheduled', publishedAt: at, section: 'games', subject: { slug: 'embargo-test-game', kind: 'game', title: 'Embargo Test Game', releaseDate: '2098-02-01' } }))
  t.equal(created.statusCode, 201, created.body)
  const story = created.json().story

  const res = await get(t, app, '/v1/embargoes?limit=100', authorization)
  t.equal(res.statusCode, 200)
  const item = (res.json().data as Item[]).find((i) => i.id === story.id)
  t.same(item, {
    id: story.id,
    liftsAt: at,
    type: 'review',
    subject: { id: story.subject.id, slug: 'embargo-test-game', kind: 'game', title: 'Embargo Test Game', releaseYear: 2098 },
    section: { id: story.section.id, slug: 'games', name: story.section.name }
  }, 'the lift time, type, subject and section: exactly that')
  for (const word of ['zanzibarquux', 'quetzalvorn', 'obsidianwisp', secret.title, secret.dek, secret.verdict.summary, 'secret pro', 'secret con', '"score"', 'verdict', 'rhys-calloway', 'Rhys Calloway', 'drama']) {
    t.notOk(res.body.toLowerCase().includes(word.toLowerCase()), `the answer does not contain ${JSON.stringify(word)}`)
  }

  // The demo's own scheduled story (a feature about no one subject) is listed the same way.
  const demo = (res.json().data as Item[]).find((i) => i.type === 'feature' && i.liftsAt === '2099-01-01T09:00:00.000Z')
  t.match(demo, { subject: null, section: { slug: 'features' } }, 'a scheduled story that is not a review is listed too')
})

t.test('soonest first, then by id; pages follow signed cursors; filters narrow', async (t) => {
  const app = await build(t)
  const { authorization } = await keyFor(app, 'partner')
  const editor = await editorClient(t, app)
  const news = (n: number, publishedAt: string) => ({ type: 'news', title: `Embargo news ${n}`, bodyMarkdown: 'News.', section: 'movies', authors: ['rhys-calloway'], status: 'scheduled', publishedAt })
  const made: string[] = []
  const add = async (body: object) => {
    const res = await editor.post('/v1/stories', body)
    if (res.statusCode !== 201) throw new Error(res.body)
    made.push(res.json().story.id as string)
  }
  await add(reviewBody({ title: 'Late film', status: 'scheduled', publishedAt: inDays(9), subject: { kind: 'film', title: 'Embargo Film A' } }))
  await add(reviewBody({ title: 'Early game', status: 'scheduled', publishedAt: inDays(1), section: 'games', subject: { kind: 'game', title: 'Embargo Game A' } }))
  await add(news(1, inDays(5)))
  // Two at the same time: the id breaks the tie.
  await add(reviewBody({ title: 'Tied game', status: 'scheduled', publishedAt: inDays(5), section: 'games', subject: { kind: 'game', title: 'Embargo Game B' } }))
  await add(news(2, inDays(5)))
  await add(reviewBody({ title: 'Mid film', status: 'scheduled', publishedAt: inDays(2), subject: { kind: 'film', title: 'Embargo Film B' } }))
  // Never listed: drafts, and stories already public.
  await editor.post('/v1/stories', reviewBody({ title: 'Draft game', section: 'games', subject: { kind: 'game', title: 'Embargo Draft Game' } }))
  await editor.post('/v1/stories', reviewBody({ title: 'Published game', status: 'published', section: 'games', subject: { kind: 'game', title: 'Embargo Published Game' } }))

  const all = (await walk(t, app, authorization, '/v1/embargoes', 100)).items
  t.same(all, [...all].sort(byLift), 'ordered by lift time, then id')
  t.ok(all.every((i) => Date.parse(i.liftsAt) > Date.now()), 'every lift is still ahead')
  t.same(all.filter((i) => made.includes(i.id)).map((i) => i.id).length, made.length, 'every scheduled story is listed')
  t.notOk(all.some((i) => /Embargo (Draft|Published) Game/.test(i.subject?.title ?? '')), 'drafts and public stories are not')
  const tied = all.filter((i) => i.liftsAt === inDays(5))
  t.equal(tied.length, 3)
  t.same(tied.map((i) => i.id), tied.map((i) => i.id).sort(), 'a tie is broken by id')

  const paged = await walk(t, app, authorization, '/v1/embargoes', 2)
  t.same(paged.items, all, 'pages of 2 give the same list')
  t.equal(paged.pages, Math.ceil(all.length / 2))

  const reviews = (await walk(t, app, authorization, '/v1/embargoes?type=review', 2)).items
  t.ok(reviews.length >= 4 && reviews.every((i) => i.type === 'review'), 'type narrows to reviews')
  t.same(reviews, all.filter((i) => i.type === 'review'))
  t.same((await walk(t, app, authorization, '/v1/embargoes?type=news', 1)).items, all.filter((i) => i.type === 'news'))
  const games = (await walk(t, app, authorization, '/v1/embargoes?subjectKind=game', 1)).items
  t.same(games.map((i) => i.subject?.title), ['Embargo Game A', 'Embargo Game B'], 'subjectKind narrows by the subject')
  t.same((await walk(t, app, authorization, '/v1/embargoes?type=review&subjectKind=film', 1)).items.map((i) => i.subject?.title), ['Embargo Film B', 'Embargo Film A', 'Tidewater'], 'both filters together (the demo\'s embargoed film review last, in 2099)')
  t.same((await get(t, app, '/v1/embargoes?subjectKind=music', authorization)).json(), { data: [], meta: { limit: 20, nextCursor: null } }, 'an empty page')

  // A cursor continues only the list (and filters) it was issued for.
  const first = (await get(t, app, '/v1/embargoes?limit=1&type=review', authorization)).json()
  t.type(first.meta.nextCursor, 'string')
  for (const url of [`/v1/embargoes?limit=1&cursor=${first.meta.nextCursor}`, `/v1/embargoes?limit=1&type=news&cursor=${first.meta.nextCursor}`]) {
    const res = await get(t, app, url, authorization)
    t.equal(res.statusCode, 400, `${url}: a cursor from another list`)
    t.equal(res.json().code, 'invalid_cursor')
  }
  const storyCursor = (await app.inject('/v1/stories?limit=1')).json().meta.nextCursor as string
  t.equal((await get(t, app, `/v1/embargoes?cursor=${storyCursor}`, authorization)).statusCode, 400, 'a story-list cursor is refused')
})

t.test('bad input is a 400 problem', async (t) => {
  const app = await build(t)
  const { authorization } = await keyFor(app, 'partner')
  const cursor = (await get(t, app, '/v1/embargoes?limit=1', authorization)).json().meta.nextCursor as string | null
  const tampered = cursor === null ? 'eyJ4IjoxfQ.AAAA' : `${cursor.slice(0, -2)}${cursor.endsWith('AA') ? 'BB' : 'AA'}`
  for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'cursor=x.y', 'cursor=nope', `cursor=${tampered}`, 'cursor=', 'type=nope', 'type=Review', 'subjectKind=nope', 'subjectKind=', 'section=games', 'title=x']) {
    const url = `/v1/embargoes?${query}`
    const res = await get(t, app, url, authorization)
    t.equal(res.statusCode, 400, `${url}: ${res.body}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url} is problem+json`)
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/embargoes', headers: { authorization } })).statusCode, 405, 'read-only')
})

t.test('the list follows the schedule: unscheduled, rescheduled, deleted, lifted', async (t) => {
  const app = await build(t)
  const { authorization } = await keyFor(app, 'partner')
  const editor = await editorClient(t, app)
  const listed = async () => new Map((await walk(t, app, authorization, '/v1/embargoes', 100)).items.map((i) => [i.id, i.liftsAt]))
  const schedule = async (title: string, publishedAt: string) => {
    const res = await editor.post('/v1/stories', reviewBody({ title, status: 'scheduled', publishedAt, subject: { kind: 'film', title: `${title} film` } }))
    if (res.statusCode !== 201) throw new Error(res.body)
    return res.json().story as { id: string, slug: string }
  }
  const toDraft = await schedule('Back to draft', inDays(4))
  const moved = await schedule('Moved', inDays(4))
  const deleted = await schedule('Deleted', inDays(4))
  const before = await listed()
  for (const s of [toDraft, moved, deleted]) t.equal(before.get(s.id), inDays(4), 'listed once scheduled')

  t.equal((await editor.patch(`/v1/stories/${toDraft.slug}`, { status: 'draft' })).statusCode, 200)
  t.equal((await editor.patch(`/v1/stories/${moved.slug}`, { status: 'scheduled', publishedAt: inDays(8) })).statusCode, 200)
  t.equal((await editor.del(`/v1/stories/${deleted.slug}`)).statusCode, 204)
  const after = await listed()
  t.notOk(after.has(toDraft.id), 'a story moved back to draft leaves the list')
  t.equal(after.get(moved.id), inDays(8), 'a rescheduled story shows its new time')
  t.notOk(after.has(deleted.id), 'a deleted story leaves the list')

  // A real lift, a moment ahead: listed before, public and gone from the list after, and announced by sync.
  const LEAD_MS = 700
  const soonAt = new Date(Date.now() + LEAD_MS).toISOString()
  const soon = await schedule('Lifts in a moment', soonAt)
  t.equal((await listed()).get(soon.id), soonAt, 'listed while its time is ahead')
  t.equal((await app.inject(`/v1/stories/${soon.slug}`)).statusCode, 404, 'and not public yet')
  await sleep(Math.max(0, Date.parse(soonAt) + 50 - Date.now()))
  t.notOk((await listed()).has(soon.id), 'gone from the list once its time has passed')
  t.equal((await app.inject(`/v1/stories/${soon.slug}`)).statusCode, 200, 'because it is public now')
  await sleep(Math.max(0, Date.parse(soonAt) + SETTLE_MS + 100 - Date.now()))
  const events: Array<{ op: string, id: string, at: string }> = []
  for (let cursor = '', more = true; more;) {
    const page = (await get(t, app, `/v1/sync?limit=1000${cursor === '' ? '' : `&cursor=${cursor}`}`, authorization)).json()
    events.push(...page.data)
    cursor = page.meta.nextCursor
    more = page.meta.hasMore
  }
  t.match(events.filter((e) => e.id === soon.id), [{ op: 'upsert', at: soonAt }], 'delta sync publishes it at its time, once, with no request to lift it')
})
