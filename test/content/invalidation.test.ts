import t from 'tap'
import { INVALIDATES_EVERYTHING, INVALIDATES_NOTHING, storyWriteInvalidation, type StoryPlacement } from '../../src/content/invalidation.js'

const NOW = Date.parse('2026-11-26T12:00:00Z')
const live: StoryPlacement = {
  id: 'sto_1',
  slug: 'a-review',
  type: 'review',
  status: 'published',
  publishedAt: NOW - 1000,
  sectionId: 'sec_1',
  authorIds: ['aut_1', 'aut_2'],
  tagIds: ['tag_1'],
  subjectId: 'sub_1',
  verdict: { scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 1 }, score: 8, awards: [], state: 'final', platform: null, platforms: [] }
}

t.test('an edit that keeps a live story in place names the story and the text collections', async (t) => {
  t.same(storyWriteInvalidation(live, { ...live }, NOW), { everything: false, keys: ['story/sto_1', 'search', 'sitemaps', 'verdicts'] })
})

t.test('anything that can move a story in or out of a list, or within one, invalidates everything', async (t) => {
  const moves: Array<[string, Partial<StoryPlacement>]> = [
    ['slug', { slug: 'renamed' }],
    ['type', { type: 'feature' }],
    ['status', { status: 'archived' }],
    ['time', { publishedAt: NOW - 5000 }],
    ['section', { sectionId: 'sec_2' }],
    ['author order', { authorIds: ['aut_2', 'aut_1'] }],
    ['tags', { tagIds: [] }],
    ['subject', { subjectId: 'sub_2' }],
    ['score', { verdict: { ...live.verdict!, score: 7 } }],
    ['score format', { verdict: { ...live.verdict!, scoreFormat: { kind: 'numeric', min: 0, max: 100, step: 1 } } }],
    ['awards', { verdict: { ...live.verdict!, awards: ['editors-choice'] } }],
    ['state (finalized)', { verdict: { ...live.verdict!, state: 'in_progress' } }],
    ['platforms', { verdict: { ...live.verdict!, platforms: [{ platform: 'PS5' }] } }],
    ['the verdict\'s platform', { verdict: { ...live.verdict!, platform: 'PC' } }],
    ['verdict removed', { verdict: null }]
  ]
  for (const [what, change] of moves) t.same(storyWriteInvalidation(live, { ...live, ...change }, NOW), INVALIDATES_EVERYTHING, what)
  t.same(storyWriteInvalidation(null, live, NOW), INVALIDATES_EVERYTHING, 'a live story created')
  t.same(storyWriteInvalidation(live, null, NOW), INVALIDATES_EVERYTHING, 'a live story deleted')
})

t.test('a story the public cannot see on either side changes nothing public', async (t) => {
  const draft = { ...live, status: 'draft' as const, publishedAt: null }
  const scheduled = { ...live, status: 'scheduled' as const, publishedAt: NOW + 60_000 }
  t.same(storyWriteInvalidation(draft, { ...draft, slug: 'other' }, NOW), INVALIDATES_NOTHING)
  t.same(storyWriteInvalidation(null, scheduled, NOW), { everything: false, keys: [], goesLiveAt: NOW + 60_000 }, 'scheduled: nothing now, and the cache expires at its time')
  t.same(storyWriteInvalidation(draft, scheduled, NOW), { everything: false, keys: [], goesLiveAt: NOW + 60_000 }, 'a draft scheduled')
  t.same(storyWriteInvalidation(scheduled, null, NOW), INVALIDATES_NOTHING)
  t.same(storyWriteInvalidation(draft, live, NOW), INVALIDATES_EVERYTHING, 'published')
})
