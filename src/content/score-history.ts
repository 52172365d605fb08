/**
 * A review's score history, rebuilt from its change-log entries (pure). Each write of a
 * review logs a snapshot of its scoring (state, score, the platforms' scores); what the
 * public saw is the snapshot at each publication and at each change logged while public.
 * Nothing else surfaces: a score set and changed under embargo shows only as the score
 * the review went live with, a draft's edits never.
 */
import type { ScoreFormatType, ScoreType, VerdictStateType, VerdictType } from '../schemas/verdict.js'
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

/** The scoring of a verdict as rendered (the current one, for entries older than snapshots). */
export function scoringOfVerdict (v: VerdictType): Scoring {
  const platforms = v.platforms.map((p) => ({ platform: p.platform, edition: p.edition, primary: p.primary, state: p.state, score: p.score, normalizedScore: p.normalizedScore }))
  return { state: v.state, scoreFormat: v.scoreFormat, score: v.score, normalizedScore: v.normalizedScore, platforms }
}

/** The platforms other than the primary, whose scores and states are their own. */
export const otherPlatforms = (s: Scoring | null): PlatformScoring[] => s === null ? [] : s.platforms.filter((p) => !p.primary)

interface RawScore { scoreFormat: ScoreFormatType, score: ScoreType, state?: VerdictStateType }

/** A score as entries from before scoring snapshots logged it: nothing of platforms, final unless said. */
function fromRaw (raw: RawScore): Scoring {
  const state = raw.state ?? 'final'
  return { state, scoreFormat: raw.scoreFormat, score: raw.score, normalizedScore: normalizedOf(raw.scoreFormat, raw.score, state), platforms: [] }
}

/** A change-log entry of the review, oldest first (seq order). */
export interface LogEntry {
  seq: number
  kind: string
  at: number
  effectiveAt: number
  detail: { scoring?: Scoring, note?: string, previous?: RawScore | null, current?: RawScore | null }
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
    const p = entries.find((e) => e.kind === 'score_changed' && e.detail.previous != null)?.detail.previous
    return p == null ? current : fromRaw(p)
  }
  let last = -1 // the index of the entry behind the last step
  for (const [i, e] of entries.entries()) {
    if (e.effectiveAt > now) continue
    if (e.kind === 'published' || e.kind === 'scheduled') {
      // A schedule counts once it lifted, unless a later visibility change came before its time.
      const superseded = e.kind === 'scheduled' && entries.slice(i + 1).some((o) => VISIBILITY.has(o.kind) && o.at < e.effectiveAt)
      if (superseded) continue
      const at = out.length === 0 ? Math.min(e.effectiveAt, firstPublishedAt) : e.effectiveAt
      out.push(shown(scoringAt(e.effectiveAt, e.kind === 'scheduled' ? Infinity : e.seq) ?? legacy(), at, 'published', null))
      last = i
      continue
    }
    if (e.kind !== 'score_changed' && e.kind !== 'finalized') continue
    // One write that finalized and rescored logs the two entries back to back: one step.
    if (e.kind === 'score_changed' && i === last + 1 && out.at(-1)?.event === 'finalized') continue
    const scoring = e.detail.scoring ?? (e.detail.current == null ? scoringAt(e.at, e.seq) ?? current : fromRaw(e.detail.current))
    out.push(shown(scoring, e.effectiveAt, e.kind, e.detail.note ?? null))
    last = i
  }
  return out
}
