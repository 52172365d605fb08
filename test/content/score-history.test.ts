/** The score history as a pure function of a review's change-log entries. */
import t from 'tap'
import { buildHistory, type LogEntry, type Scoring } from '../../src/content/score-history.js'

const TEN = { kind: 'numeric' as const, min: 0, max: 10, step: 0.5 }
const scoring = (score: number, state: 'final' | 'in_progress' = 'final'): Scoring => ({ state, scoreFormat: TEN, score, normalizedScore: score * 10, platforms: [] })
const raw = (score: number) => ({ scoreFormat: TEN, score })
const T0 = Date.UTC(2026, 0, 1)
let seq = 0
const entry = (kind: string, at: number, detail: LogEntry['detail'] = {}, effectiveAt = at): LogEntry => ({ seq: ++seq, kind, at, effectiveAt, detail })
const steps = (entries: LogEntry[], current: Scoring, now = T0 + 1e9) => buildHistory(entries, current, T0, now).map((h) => [h.event, h.state, h.score, h.note])

t.test('entries from before snapshots: each change shows the score it set', async (t) => {
  const entries = [
    entry('created', T0), entry('published', T0),
    entry('score_changed', T0 + 10, { previous: raw(8), current: raw(7) }),
    entry('score_changed', T0 + 20, { previous: raw(7), current: raw(6) })
  ]
  t.same(steps(entries, scoring(6)), [['published', 'final', 8, null], ['score_changed', 'final', 7, null], ['score_changed', 'final', 6, null]])
})

t.test('a write that finalizes and rescores is one step; two writes in the same millisecond are two', async (t) => {
  const entries = [
    entry('created', T0, { scoring: scoring(7, 'in_progress') }), entry('published', T0, { scoring: scoring(7, 'in_progress') }),
    entry('updated', T0 + 5, { scoring: scoring(8) }),
    entry('finalized', T0 + 5, { scoring: scoring(8), note: 'Done' }),
    entry('score_changed', T0 + 5, { scoring: scoring(8), note: 'Done' }),
    entry('updated', T0 + 5, { scoring: scoring(9) }),
    entry('score_changed', T0 + 5, { scoring: scoring(9) })
  ]
  t.same(steps(entries, scoring(9)), [['published', 'in_progress', 7, null], ['finalized', 'final', 8, 'Done'], ['score_changed', 'final', 9, null]])
})

t.test('a schedule counts once lifted, with the last scoring written before its time', async (t) => {
  const lift = T0 + 1000
  const entries = [
    entry('created', T0, { scoring: scoring(5) }), entry('scheduled', T0, { scoring: scoring(5) }, lift),
    entry('updated', T0 + 10, { scoring: scoring(6) }),
    entry('updated', lift + 10, { scoring: scoring(7) }),
    entry('score_changed', lift + 10, { scoring: scoring(7), previous: raw(6), current: raw(7) })
  ]
  t.same(steps(entries, scoring(7), lift - 1), [], 'nothing before the lift')
  t.same(steps(entries, scoring(7)), [['published', 'final', 6, null], ['score_changed', 'final', 7, null]])
  const moved = [entry('created', T0, { scoring: scoring(5) }), entry('scheduled', T0, { scoring: scoring(5) }, lift), entry('unscheduled', T0 + 10), entry('scheduled', T0 + 10, { scoring: scoring(5) }, lift + 500)]
  t.same(buildHistory(moved, scoring(5), lift + 500, T0 + 1e9).map((h) => h.at), [new Date(lift + 500).toISOString()], 'a schedule moved before its time is not a publication')
})
