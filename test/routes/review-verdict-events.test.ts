/**
 * What finalizing and re-scoring a review tells the outside: cached public lists follow,
 * score events say whether a score is provisional, a finalization without a new score is
 * one event, and the rules on platform names and the verdict's own platform.
 */
import t from 'tap'
import { build, getJson, keyFor } from '../helper.js'
import { editorClient, NUMERIC_10, reviewBody } from '../editorial-helper.js'

const inProgress = { scoreFormat: NUMERIC_10, score: 7, state: 'in_progress', untested: ['Online play'], summary: 'So far, so good.' }

async function syncOf (app: Parameters<typeof keyFor>[0], id: string) {
  const { authorization } = await keyFor(app, 'partner')
  const events: any[] = []
  for (let cursor: string | null = null, more = true; more;) {
    const page: any = (await getJson(app, `/v1/sync?limit=100${cursor === null ? '' : `&cursor=${cursor}`}`, { authorization })).body
    events.push(...page.data)
    cursor = page.meta.nextCursor
    more = page.meta.hasMore
  }
  return events.filter((e) => e.id === id && e.op !== 'upsert')
}

t.test('cached public lists follow a finalization and a new platform', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const created = (await editor.post('/v1/stories', reviewBody({ status: 'published', verdict: inProgress }))).json().story
  const listed = async (query: string) => (await getJson(app, `/v1/reviews?${query}&limit=100`)).body.data.some((c: { slug: string }) => c.slug === created.slug)
  t.notOk(await listed('state=final'), 'not final yet')
  t.notOk(await listed('platform=xbox'), 'no Xbox verdict yet')
  t.notOk(await listed('state=final'), 'asked twice: served from the response cache')
  t.equal((await editor.patch(`/v1/stories/${created.slug}`, { verdict: { state: 'final' } })).statusCode, 200)
  t.ok(await listed('state=final'), 'the cached page was purged by the finalization')
  t.equal((await editor.patch(`/v1/stories/${created.slug}`, { verdict: { platforms: [{ platform: 'PS5', primary: true }, { platform: 'Xbox', score: 6 }] } })).statusCode, 200)
  t.ok(await listed('platform=xbox'), 'the cached page was purged by the new platform')
})

t.test('score events mark a provisional score; finalizing without a new score is one event', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const body = reviewBody({ status: 'published', verdict: { ...inProgress, platforms: [{ platform: 'PS5', primary: true }, { platform: 'PC', score: 6 }] } })
  const created = (await editor.post('/v1/stories', body)).json().story
  t.equal((await editor.patch(`/v1/stories/${created.slug}`, { verdict: { score: 7.5 } })).statusCode, 200)
  t.equal((await editor.patch(`/v1/stories/${created.slug}`, { verdict: { state: 'final' } })).statusCode, 200)
  const events = await syncOf(app, created.id)
  t.same(events.map((e) => [e.op, e.previous.state, e.current.state, e.previousScore, e.currentScore]), [
    ['score', 'in_progress', 'in_progress', 70, 75],
    ['finalized', 'in_progress', 'final', 75, 75]
  ], 'the provisional re-score says so, and the finalization is not also a score change')
  const history = (await getJson(app, `/v1/reviews/${created.slug}/history`)).body.data
  t.same(history.map((h: { event: string, score: number, state: string }) => [h.event, h.score, h.state]), [['published', 7, 'in_progress'], ['score_changed', 7.5, 'in_progress'], ['finalized', 7.5, 'final']])
})

t.test('a live review moved to a later date and rescored enters the history once, at its new time', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const created = (await editor.post('/v1/stories', reviewBody({ status: 'published' }))).json().story
  const later = new Date(Date.now() + 1200).toISOString()
  t.equal((await editor.patch(`/v1/stories/${created.slug}`, { status: 'scheduled', publishedAt: later, verdict: { score: 5 } })).statusCode, 200)
  await new Promise((resolve) => setTimeout(resolve, 1400))
  const history = (await getJson(app, `/v1/reviews/${created.slug}/history`)).body.data
  t.same(history.map((h: { event: string, score: number }) => [h.event, h.score]), [['published', 9], ['published', 5]])
  t.same((await syncOf(app, created.id)).map((e) => e.op), [], 'no score event for a change the public never saw as one (only upserts)')
})

t.test('platform names and the verdict\'s own platform', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  for (const name of ['   ', '\u200b', '—']) {
    const res = await editor.post('/v1/stories', reviewBody({ verdict: { ...inProgress, platforms: [{ platform: 'PS5', primary: true }, { platform: name, score: 5 }] } }))
    t.equal(res.statusCode, 422, `platform ${JSON.stringify(name)}: ${res.body}`)
    const label = await editor.post('/v1/stories', reviewBody({ verdict: { ...inProgress, subScores: [{ label: name, score: 5 }] } }))
    t.equal(label.statusCode, 422, `label ${JSON.stringify(name)}`)
  }
  t.equal((await editor.patch('/v1/stories/her-2013-review', { verdict: { state: 'final', note: '' } })).statusCode, 400, 'an empty note')

  const single = (await editor.post('/v1/stories', reviewBody({ status: 'published', verdict: { scoreFormat: NUMERIC_10, score: 8, summary: 'Fine.', platform: 'Switch' } }))).json().story
  const onSwitch = (await getJson(app, '/v1/reviews?platform=switch')).body.data.map((c: { slug: string }) => c.slug)
  t.ok(onSwitch.includes(single.slug), 'a single verdict naming its platform is found by it')

  const multi = (await editor.post('/v1/stories', reviewBody({ title: 'Multi', status: 'published', verdict: { ...inProgress, platforms: [{ platform: 'PS5', primary: true }, { platform: 'PC', score: 6 }] } }))).json().story
  const cleared = (await editor.patch(`/v1/stories/${multi.slug}`, { verdict: { platforms: [] } })).json().story.verdict
  t.same([cleared.platform, cleared.platforms], [null, []], 'removing the platforms takes the primary\'s name off the verdict')
})
