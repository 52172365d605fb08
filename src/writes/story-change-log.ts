/** What a story write appends to the change log, which delta sync and webhooks replay. */
import type { Db } from '../db/client.js'
import { iso } from '../content/render.js'
import { otherPlatforms, scoringOf } from '../content/score-history.js'
import { sameJson } from '../content/json.js'
import { normalizedOf } from '../content/verdict-details.js'
import type { VerdictInput } from '../content/verdict-merge.js'
import { publicAtOf, touchesPublic, visibilityChanges } from '../content/workflow.js'
import { recordChange, type WriteContext } from '../repositories/change-log.js'
import { markContentChanged } from '../repositories/freshness.js'
import type { StoryInput } from '../repositories/story-input.js'

function scoreOf (verdict: VerdictInput | null): number | null {
  return verdict === null ? null : normalizedOf(verdict.scoreFormat, verdict.score, verdict.state)
}

/**
 * The log of one story write: created/updated, what it did to visibility, and a score
 * change the public will see. Lists and aggregate pages learn of it through
 * markContentChanged, only when the public side is touched: a draft's edits move no
 * public Last-Modified. Every entry of a review carries its scoring then, which the
 * score history is built from; `note` is the editor's word on a score or state change.
 */
export async function logStoryWrite (db: Db, kind: 'created' | 'updated', before: StoryInput | null, next: StoryInput, ctx: WriteContext, detail: Record<string, unknown> = {}, note?: string): Promise<void> {
  const was = before === null ? null : publicAtOf(before.status, before.publishedAt)
  const will = publicAtOf(next.status, next.publishedAt)
  const visible = touchesPublic(was, will)
  const live = (at: number | null) => at !== null && at <= ctx.now
  const entry = { resource: 'story' as const, resourceId: next.id, slug: next.slug, visible }
  // Where the story sits (for webhook filters and feed pings), and whether the public saw
  // this edit as an edit: a write that publishes or withdraws the story says only that.
  const placeOf = (s: StoryInput) => ({ type: s.type, sectionId: s.sectionId })
  const moved = before !== null && (before.type !== next.type || before.sectionId !== next.sectionId)
  const scoring = scoringOf(next.verdict)
  const scored = scoring === null ? {} : { scoring }
  const seen = { live: live(was) && live(will), place: placeOf(next), ...(moved ? { previousPlace: placeOf(before) } : {}) }
  await recordChange(db, { ...entry, kind, detail: { ...detail, ...seen, ...scored } }, ctx)
  for (const { withdrawn, ...change } of visibilityChanges(was, will, ctx.now)) {
    // The public knew the story by its old slug and place: a withdrawal names those, never the new ones.
    const shown = change.kind === 'unpublished' && before !== null ? before : next
    await recordChange(db, {
      ...entry,
      ...change,
      slug: shown.slug,
      detail: { place: placeOf(shown), ...(withdrawn !== undefined ? { withdrawn: iso(withdrawn) } : {}), ...scored }
    }, ctx)
  }
  const [previous, current] = [before?.verdict ?? null, next.verdict]
  // Only a score or state the public saw change can change in its eyes: a review going
  // live (again, or later on a new schedule) brings its scoring with its publication.
  if (previous !== null && live(was) && live(will)) {
    const effectiveAt = ctx.now
    const noted = { ...scored, ...(note !== undefined ? { note } : {}) }
    // The state says whether a score is provisional: no consumer of a score event may take an in-progress score for final.
    const raw = (v: VerdictInput) => ({ scoreFormat: v.scoreFormat, score: v.score, state: v.state })
    if (previous.state === 'in_progress' && current?.state === 'final') {
      await recordChange(db, { ...entry, kind: 'finalized', effectiveAt, previousScore: scoreOf(previous), currentScore: scoreOf(current), detail: { previous: raw(previous), current: raw(current), ...noted } }, ctx)
    }
    const scoreMoved = current === null || scoreOf(previous) !== scoreOf(current) || previous.score !== current.score
    // Another platform's score or state moving is a score change too (the entry's scores are
    // the primary's); the primary's own state moving is the finalization above.
    if (scoreMoved || !sameJson(otherPlatforms(scoringOf(previous)), otherPlatforms(scoring))) {
      await recordChange(db, {
        ...entry,
        kind: 'score_changed',
        effectiveAt,
        previousScore: scoreOf(previous),
        currentScore: scoreOf(current),
        detail: { previous: raw(previous), current: current && raw(current), ...noted }
      }, ctx)
    }
  }
  // An embargoed story's edits move no public Last-Modified (they would time the
  // newsroom's work); its going live does, through freshness.changedAt.
  if (live(was) || live(will)) await markContentChanged(db, ctx.now)
}
