/**
 * A review's score history, rebuilt from its change-log entries (pure). Each write of a
 * review logs a snapshot of its scoring (state, score, the platforms' scores); what the
 * public saw is the snapshot at each publication and at each change logged while public.
 * Nothing else surfaces: a score set and changed under embargo shows only as the score
 * the review went live with, a draft's edits never.
 */
import type { ScoreFormatType, ScoreType, VerdictStateType } from '../schemas/verdict.js'
import type { HistoryEntryType } from '../schemas/history.js'
import { displayScore } from './score.js'
import { normalizedOf, renderPlatforms } from './verdict-details.js'
import type { VerdictInput } from './verdict-merge.js'

interface PlatformScoring { platform: string, edition: string | null, primary: boolean, state: VerdictStateType, score: ScoreType, normalizedScore: number | null }

/** What the change log keeps of a verdict's scoring at each write. */
export interface Scoring {
  state: VerdictStateType
  scoreFormat: ScoreFormatType
  score: ScoreType
  normalizedScore: number | null
  platforms: PlatformScoring[]
}

export function scoringOf (v: VerdictInput | null): Scoring | null {
  if (v === null) return null
  const platforms = renderPlatforms(v.scoreFormat, v, v.platforms)
    .map((p) => ({ platform: p.platform, edition: p.edition, primary: p.primary, state: p.state, score: p.score, normalizedScore: p.normalizedScore }))
  return { state: v.state, scoreFormat: v.scoreFormat, score: v.score, normalizedScore: normalizedOf(v.scoreFormat, v.score, v.state), platforms }
}

export const sameScoring = (a: Scoring | null, b: Scoring | null): boolean => JSON.stringify(a) === JSON.stringify(b)

/** A change-log entry of the review, oldest first (seq order). */
export interface LogEntry {
  seq: number
  kind: string
  at: number
  effectiveAt: number
  detail: { scoring?: Scoring, note?: string, previous?: { scoreFormat: ScoreFormatType, score: ScoreType } | null }
}

const VISIBILITY = new Set(['published', 'scheduled', 'unscheduled', 'unpublished'])

function shown (s: Scoring, at: number, event: HistoryEntryType['event'], note: string | null): HistoryEntryType {
  const display = (score: ScoreType) => score === null ? null : displayScore(s.scoreFormat, score)
  return {
    at: new Date(at).toISOString(),
    event,
    state: s.state,
    score: s.score,
    scoreFormat: s.scoreFormat,
    scoreDisplay: display(s.score),
    normalizedScore: s.normalizedScore,
    platforms: s.platforms.map((p) => ({ ...p, scoreDisplay: display(p.score) })),
    note
  }
}

/**
 * `current`: the scoring now, for entries written before snapshots were logged;
 * `firstPublishedAt`: the review's own publication time, which a backdated or imported
 * review has earlier than the write that published it.
 */
export function buildHistory (entries: LogEntry[], current: Scoring, firstPublishedAt: number, now: number): HistoryEntryType[] {
  const out: HistoryEntryType[] = []
  // The scoring as of a time: the snapshot of the last write at or before it.
  const scoringAt = (time: number, upTo: number): Scoring | undefined => {
    let found: Scoring | undefined
    for (const e of entries) if (e.seq <= upTo && e.at <= time && e.detail.scoring !== undefined) found = e.detail.scoring
    return found
  }
  // Entries from before snapshots: the score before the first logged change, else the current one.
  const legacy = (): Scoring => {
    const change = entries.find((e) => e.kind === 'score_changed' && e.detail.previous != null)
    const p = change?.detail.previous
    return p == null ? current : { ...current, scoreFormat: p.scoreFormat, score: p.score, normalizedScore: normalizedOf(p.scoreFormat, p.score, 'final'), state: 'final', platforms: [] }
  }
  for (const [i, e] of entries.entries()) {
    if (e.effectiveAt > now) continue
    if (e.kind === 'published' || e.kind === 'scheduled') {
      // A schedule counts once it lifted, unless a later visibility change came before its time.
      const superseded = e.kind === 'scheduled' && entries.slice(i + 1).some((o) => VISIBILITY.has(o.kind) && o.at < e.effectiveAt)
      if (superseded) continue
      const at = out.length === 0 ? Math.min(e.effectiveAt, firstPublishedAt) : e.effectiveAt
      out.push(shown(scoringAt(e.effectiveAt, e.kind === 'scheduled' ? Infinity : e.seq) ?? legacy(), at, 'published', null))
      continue
    }
    if (e.kind !== 'score_changed' && e.kind !== 'finalized') continue
    const scoring = e.detail.scoring ?? scoringAt(e.at, e.seq) ?? current
    const previous = out.at(-1)
    // One write that finalized and rescored is one step of the history.
    if (previous !== undefined && previous.at === new Date(e.effectiveAt).toISOString() && previous.event !== 'published' && e.kind === 'score_changed') continue
    out.push(shown(scoring, e.effectiveAt, e.kind, e.detail.note ?? null))
  }
  return out
}
