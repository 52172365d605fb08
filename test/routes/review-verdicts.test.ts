/**
 * Reviews as outlets publish them: in progress then final, one verdict per platform,
 * sub-scores, a pull-quote, and the score history, through every surface a reader or a
 * partner meets (review, card, verdict, export, three feed formats, JSON-LD, sync).
 */
import t from 'tap'
import { build, getJson, keyFor } from '../helper.js'
import { editorClient, NUMERIC_10, tableCounts } from '../editorial-helper.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const BODY = 'Starfall Tactics is a slow burn. The campaign is a triumph of small decisions and big consequences.\n\nThe online modes were not live before launch.'

/** A published game review in progress, scored per platform. */
function gameReview (overrides: Record<string, unknown> = {}, verdict: Record<string, unknown> = {}) {
  return {
    type: 'review',
    status: 'published',
    title: 'Starfall Tactics review in progress',
    dek: 'Our first hours with the campaign.',
    bodyMarkdown: BODY,
    section: 'games',
    authors: ['rhys-calloway'],
    subject: { kind: 'game', title: 'Starfall Tactics', releaseDate: '2026-11-20', platforms: ['PS5', 'PC'] },
    verdict: {
      scoreFormat: NUMERIC_10,
      score: 8,
      state: 'in_progress',
      untested: ['Online multiplayer'],
      summary: 'A triumph of small decisions, so far.',
      subScores: [{ label: 'Story', score: 9 }, { label: 'Performance', score: 7 }],
      pullQuote: 'a triumph of small decisions and big consequences',
      platforms: [
        { platform: 'PS5', primary: true },
        { platform: 'PC', edition: 'Steam', score: 8.5, subScores: [{ label: 'Performance', score: 9 }] }
      ],
      ...verdict
    },
    ...overrides
  }
}

t.test('a review in progress, per platform, with sub-scores and a pull-quote, on every surface', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const created = await editor.post('/v1/stories', gameReview())
  t.equal(created.statusCode, 201, created.body)
  const slug = created.json().story.slug as string

  const review = (await getJson(app, `/v1/reviews/${slug}`)).body
  const v = review.verdict
  t.equal(v.state, 'in_progress')
  t.same(v.untested, ['Online multiplayer'])
  t.equal(v.score, 8)
  t.equal(v.normalizedScore, 80)
  t.equal(v.platform, 'PS5', 'the primary platform is the verdict\'s')
  t.same(v.subScores, [{ label: 'Story', score: 9, scoreDisplay: '9/10', normalizedScore: 90 }, { label: 'Performance', score: 7, scoreDisplay: '7/10', normalizedScore: 70 }])
  t.equal(v.pullQuote, 'a triumph of small decisions and big consequences')
  t.same(v.platforms.map((p: { platform: string, edition: string | null, primary: boolean, score: number, state: string }) => [p.platform, p.edition, p.primary, p.score, p.state]),
    [['PS5', null, true, 8, 'in_progress'], ['PC', 'Steam', false, 8.5, 'final']], 'the primary first, with the verdict\'s own values')
  t.same(v.platforms[0].subScores, v.subScores)

  const verdict = (await getJson(app, `/v1/reviews/${slug}/verdict`)).body
  t.equal(verdict.state, 'in_progress')
  t.same(verdict.platforms, v.platforms)

  const card = (await getJson(app, '/v1/reviews?limit=100')).body.data.find((c: { slug: string }) => c.slug === slug)
  t.equal(card.verdict.state, 'in_progress', 'a card marks the score provisional')
  const hit = (await getJson(app, '/v1/search?q=starfall%20tactics&type=review&subjectKind=game')).body.data.find((h: { story: { slug: string } }) => h.story.slug === slug)
  t.equal(hit.story.verdict.state, 'in_progress', 'so does a search hit, with the search filters')

  // Lists by platform (name or key) and by state.
  for (const [query, expected] of [['platform=pc', true], ['platform=PC', true], ['platform=ps5', true], ['platform=xbox-series-x', false], ['state=in_progress', true], ['state=final', false], ['platform=pc&sort=score', true], ['platform=pc&award=must-play', false]] as const) {
    const list = (await getJson(app, `/v1/reviews?${query}&limit=100`)).body
    t.equal(list.data.some((c: { slug: string }) => c.slug === slug), expected, `?${query}`)
  }
  const finals = (await getJson(app, '/v1/reviews?state=final&limit=100')).body.data
  t.ok(finals.length > 0 && finals.every((c: { verdict: { state: string } }) => c.verdict.state === 'final'), '?state=final keeps only final ones')

  // The aggregator export: one record per platform.
  const records = (await getJson(app, '/v1/verdicts?limit=100')).body.data.filter((r: { id: string }) => r.id === review.id)
  t.same(records.map((r: { platform: string, primary: boolean, score: number, state: string }) => [r.platform, r.primary, r.score, r.state]),
    [['PS5', true, 8, 'in_progress'], ['PC', false, 8.5, 'final']])
  t.equal(records[1].subScores[0].label, 'Performance')
  t.equal(records[0].pullQuote, v.pullQuote)

  // Feeds: JSON Feed's _review, and the review namespace in RSS and Atom.
  const json = (await getJson(app, '/v1/feeds/reviews.json?limit=100')).body
  const item = json.items.find((i: { url: string }) => i.url === review.url)
  t.equal(item._review.state, 'in_progress')
  t.same(item._review.subScores, v.subScores)
  t.equal(item._review.pullQuote, v.pullQuote)
  t.equal(item._review.platforms.length, 2)
  for (const format of ['rss', 'atom']) {
    const xml = (await app.inject(`/v1/feeds/reviews.${format}?limit=100`)).body
    t.match(xml, /<review:review state="in_progress">/, `${format}: state`)
    t.match(xml, /<review:subScore label="Story" normalized="90">9<\/review:subScore>/, `${format}: sub-score`)
    t.match(xml, /<review:pullQuote>a triumph of small decisions and big consequences<\/review:pullQuote>/, `${format}: pull-quote`)
    t.match(xml, /<review:platform name="PC" edition="Steam" primary="false" state="final"><review:score format="numeric" min="0" max="10">8.5<\/review:score>/, `${format}: platform`)
  }

  // JSON-LD: no rating for a provisional score; the pull-quote is the description.
  const ld = (await getJson(app, `/v1/reviews/${slug}/jsonld`)).body
  t.notOk('reviewRating' in ld, 'a provisional score is not a rating Google may show')
  t.equal(ld.description, v.pullQuote)

  // Finalizing: an event in sync and in the history, with the editor's note.
  const partner = await keyFor(app, 'partner')
  const etag = created.headers.etag as string
  const finalized = await editor.patch(`/v1/stories/${slug}`, { verdict: { state: 'final', score: 8.5, note: 'Online modes tested after launch' } }, { 'if-match': etag })
  t.equal(finalized.statusCode, 200, finalized.body)
  const after = (await getJson(app, `/v1/reviews/${slug}`)).body.verdict
  t.equal(after.state, 'final')
  t.same(after.untested, [], 'finalizing clears what was left to test')
  t.equal(after.platforms[0].score, 8.5, 'the primary platform follows the verdict')
  const ldFinal = (await getJson(app, `/v1/reviews/${slug}/jsonld`)).body
  t.same(ldFinal.reviewRating, { '@type': 'Rating', ratingValue: 8.5, bestRating: 10, worstRating: 0 }, 'a final score is a rating')

  let sync: Array<{ op: string, id: string, note?: string, previousScore?: number, currentScore?: number }> = []
  for (let cursor: string | null = null, more = true; more;) {
    const res: { body: { data: typeof sync, meta: { nextCursor: string, hasMore: boolean } } } = await getJson(app, `/v1/sync?limit=100${cursor === null ? '' : `&cursor=${cursor}`}`, { authorization: partner.authorization })
    sync = [...sync, ...res.body.data]
    cursor = res.body.meta.nextCursor
    more = res.body.meta.hasMore
  }
  const ops = sync.filter((e) => e.id === review.id).map((e) => e.op)
  t.same(ops.slice(-3), ['upsert', 'finalized', 'score'], 'the upsert, then the finalization and the score change it made')
  const fin = sync.find((e) => e.id === review.id && e.op === 'finalized')!
  t.equal(fin.note, 'Online modes tested after launch')
  t.equal(fin.previousScore, 80)
  t.equal(fin.currentScore, 85)

  // A later re-review of one platform only.
  const rescored = await editor.patch(`/v1/stories/${slug}`, { verdict: { platforms: [{ platform: 'PS5', primary: true }, { platform: 'PC', edition: 'Steam', score: 9, subScores: [{ label: 'Performance', score: 9 }] }], note: 'PC patch 1.2 fixed stutter' } })
  t.equal(rescored.statusCode, 200, rescored.body)

  const history = (await getJson(app, `/v1/reviews/${slug}/history`)).body
  t.same(history.review, { id: review.id, slug, title: review.title, url: review.url })
  t.same(history.data.map((h: { event: string, state: string, score: number, note: string | null }) => [h.event, h.state, h.score, h.note]), [
    ['published', 'in_progress', 8, null],
    ['finalized', 'final', 8.5, 'Online modes tested after launch'],
    ['score_changed', 'final', 8.5, 'PC patch 1.2 fixed stutter']
  ], 'the history is the sequence of public writes, one step each')
  t.same(history.data.map((h: { platforms: Array<{ score: number }> }) => h.platforms.map((p) => p.score)), [[8, 8.5], [8.5, 8.5], [8.5, 9]])
  t.equal(history.data[0].scoreDisplay, '8/10')
})

t.test('bad verdicts are refused whole: nothing written', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const before = await tableCounts(app)
  const refused: Array<[string, Record<string, unknown>, Record<string, unknown>?]> = [
    ['a pull-quote not in the text', { pullQuote: 'an unqualified masterpiece of the genre' }],
    ['a pull-quote of 201 characters', { pullQuote: 'a'.repeat(201) }],
    ['the title as pull-quote', { pullQuote: 'Starfall Tactics review in progress' }, { bodyMarkdown: `${BODY}\n\nStarfall Tactics review in progress` }],
    ['a sub-score off the scale', { subScores: [{ label: 'Story', score: 11 }] }],
    ['a sub-score off the step', { subScores: [{ label: 'Story', score: 7.3 }] }],
    ['duplicated sub-score labels', { subScores: [{ label: 'Story', score: 7 }, { label: 'story', score: 8 }] }],
    ['a sub-score without a score', { subScores: [{ label: 'Story', score: null }] }],
    ['two primary verdicts', { platforms: [{ platform: 'PS5', primary: true }, { platform: 'PC', primary: true, score: 8 }] }],
    ['no primary among several', { platforms: [{ platform: 'PS5', score: 8 }, { platform: 'PC', score: 8 }] }],
    ['a platform twice', { platforms: [{ platform: 'PS5', primary: true }, { platform: 'ps5', score: 8 }] }],
    ['a platform verdict with no score', { platforms: [{ platform: 'PS5', primary: true }, { platform: 'PC' }] }],
    ['a primary platform disagreeing with the verdict', { platforms: [{ platform: 'PS5', primary: true, score: 6 }] }],
    ['a platform score off the scale', { platforms: [{ platform: 'PS5', primary: true }, { platform: 'PC', score: -1 }] }],
    ['untested notes on a final verdict', { state: 'final' }],
    ['an unknown state', { state: 'provisional' }],
    ['sub-scores on an unscored verdict', { scoreFormat: { kind: 'none' }, score: null, state: 'final', untested: [], platforms: [] }]
  ]
  for (const [why, verdict, story] of refused) {
    const res = await editor.post('/v1/stories', gameReview(story ?? {}, verdict))
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${why}: ${res.statusCode}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/, why)
  }
  t.same(await tableCounts(app), before, 'no row written by any refused write')

  const created = await editor.post('/v1/stories', gameReview())
  t.equal(created.statusCode, 201, created.body)
  const slug = created.json().story.slug as string
  const written = await tableCounts(app)
  const patches: Array<[string, Record<string, unknown>]> = [
    ['a note with no change of score or state', { note: 'Nothing changed' }],
    ['going back to in progress from public final', { state: 'in_progress' }]
  ]
  t.equal((await editor.patch(`/v1/stories/${slug}`, { verdict: { state: 'final' } })).statusCode, 200, 'finalized')
  const final = await tableCounts(app)
  patches.push(['finalizing a review that is not in progress', { state: 'final' }])
  for (const [why, verdict] of patches) {
    const res = await editor.patch(`/v1/stories/${slug}`, { verdict })
    t.equal(res.statusCode, 422, `${why}: ${res.body}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/, why)
  }
  t.ok(written.changes! < final.changes!, 'the finalization was logged')
  t.same(await tableCounts(app), final, 'nothing written by the refused patches')
})

t.test('the history shows only what the public saw', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const draft = await editor.post('/v1/stories', gameReview({ status: 'draft' }))
  const slug = draft.json().story.slug as string
  t.equal((await app.inject(`/v1/reviews/${slug}/history`)).statusCode, 404, 'a draft has no public history')
  await editor.patch(`/v1/stories/${slug}`, { verdict: { score: 5 } })
  t.equal((await app.inject(`/v1/reviews/${slug}/history`)).statusCode, 404)

  // Scheduled: scores changed under embargo never show; the review enters with the score it lifts with.
  const lift = new Date(Date.now() + 1500).toISOString()
  t.equal((await editor.patch(`/v1/stories/${slug}`, { status: 'scheduled', publishedAt: lift })).statusCode, 200)
  t.equal((await editor.patch(`/v1/stories/${slug}`, { verdict: { score: 6 } })).statusCode, 200)
  t.equal((await editor.patch(`/v1/stories/${slug}`, { verdict: { score: 7, state: 'final', untested: [] } })).statusCode, 200)
  t.equal((await app.inject(`/v1/reviews/${slug}/history`)).statusCode, 404, 'nothing before the embargo lifts')
  await sleep(1700)
  const history = (await getJson(app, `/v1/reviews/${slug}/history`)).body.data
  t.same(history.map((h: { event: string, score: number, state: string, at: string }) => [h.event, h.score, h.state, h.at]), [['published', 7, 'final', lift]])
  const text = JSON.stringify(history)
  t.notMatch(text, /"score":5\b|"score":6\b|in_progress/, 'no embargoed score or state leaks')

  // Unpublished then republished with a new score: two publications, no change logged in between.
  await editor.patch(`/v1/stories/${slug}`, { status: 'draft' })
  t.equal((await app.inject(`/v1/reviews/${slug}/history`)).statusCode, 404)
  await editor.patch(`/v1/stories/${slug}`, { verdict: { score: 4 } })
  await editor.patch(`/v1/stories/${slug}`, { status: 'published' })
  const again = (await getJson(app, `/v1/reviews/${slug}/history`)).body.data
  t.same(again.map((h: { event: string, score: number }) => [h.event, h.score]), [['published', 7], ['published', 4]])
})

t.test('existing reviews keep their responses, with the new fields at their defaults', async (t) => {
  const app = await build(t)
  const her = (await getJson(app, '/v1/reviews/her-2013-review')).body.verdict
  t.equal(her.state, 'final', 'the Her review\'s Final Thoughts stays final')
  t.same([her.untested, her.subScores, her.platforms, her.platform, her.edition], [[], [], [], null, null])
  const history = (await getJson(app, '/v1/reviews/her-2013-review/history')).body.data
  t.equal(history.length, 1)
  t.equal(history[0].event, 'published')
  t.equal(history[0].score, her.score)
  t.equal(history[0].at, (await getJson(app, '/v1/reviews/her-2013-review')).body.publishedAt, 'a backdated review enters the history at its own publication time')
  const moved = await app.inject('/v1/reviews/no-such-review/history')
  t.equal(moved.statusCode, 404)
  t.match(moved.headers['content-type'], /^application\/problem\+json/)
})
