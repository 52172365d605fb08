/** What a story write appends to the change log, which delta sync and webhooks replay. */
import type { Db } from '../db/client.js'
import { iso } from '../content/render.js'
import { normalizeScore } from '../content/score.js'
import type { VerdictInput } from '../content/verdict-merge.js'
import { publicAtOf, touchesPublic, visibilityChanges } from '../content/workflow.js'
import { recordChange, type WriteContext } from '../repositories/change-log.js'
import { markContentChanged } from '../repositories/freshness.js'
import type { StoryInput } from '../repositories/story-input.js'

function scoreOf (verdict: VerdictInput | null): number | null {
  return verdict === null ? null : normalizeScore(verdict.scoreFormat, verdict.score)
}

/**
 * The log of one story write: created/updated, what it did to visibility, and a score
 * change the public will see. Lists and aggregate pages learn of it through
 * markContentChanged, only when the public side is touched: a draft's edits move no
 * public Last-Modified.
 */
export async function logStoryWrite (db: Db, kind: 'created' | 'updated', before: StoryInput | null, next: StoryInput, ctx: WriteContext, detail: Record<string, unknown> = {}): Promise<void> {
  const was = before === null ? null : publicAtOf(before.status, before.publishedAt)
  const will = publicAtOf(next.status, next.publishedAt)
  const visible = touchesPublic(was, will)
  const live = (at: number | null) => at !== null && at <= ctx.now
  const entry = { resource: 'story' as const, resourceId: next.id, slug: next.slug, visible }
  // Where the story sits (for webhook filters and feed pings), and whether the public saw
  // this edit as an edit: a write that publishes or withdraws the story says only that.
  const placeOf = (s: StoryInput) => ({ type: s.type, sectionId: s.sectionId })
  const moved = before !== null && (before.type !== next.type || before.sectionId !== next.sectionId)
  const seen = { live: live(was) && live(will), place: placeOf(next), ...(moved ? { previousPlace: placeOf(before) } : {}) }
  await recordChange(db, { ...entry, kind, detail: { ...detail, ...seen } }, ctx)
  for (const { withdrawn, ...change } of visibilityChanges(was, will, ctx.now)) {
    // The public knew the story by its old slug and place: a withdrawal names those, never the new ones.
    const shown = change.kind === 'unpublished' && before !== null ? before : next
    await recordChange(db, {
      ...entry,
      ...change,
      slug: shown.slug,
      detail: { place: placeOf(shown), ...(withdrawn !== undefined ? { withdrawn: iso(withdrawn) } : {}) }
    }, ctx)
  }
  const [previous, current] = [before?.verdict ?? null, next.verdict]
  const scoreMoved = previous !== null && (current === null || scoreOf(previous) !== scoreOf(current) || previous.score !== current.score)
  // Only a score the public has seen can change in its eyes; a review going live brings its score in its upsert.
  if (scoreMoved && live(was) && will !== null) {
    await recordChange(db, {
      ...entry,
      kind: 'score_changed',
      // A score edit reaches the public when the review does.
      effectiveAt: Math.max(ctx.now, will),
      previousScore: scoreOf(previous),
      currentScore: scoreOf(current),
      detail: { previous: { scoreFormat: previous.scoreFormat, score: previous.score }, current: current && { scoreFormat: current.scoreFormat, score: current.score } }
    }, ctx)
  }
  // An embargoed story's edits move no public Last-Modified (they would time the
  // newsroom's work); its going live does, through freshness.changedAt.
  if (live(was) || live(will)) await markContentChanged(db, ctx.now)
}
