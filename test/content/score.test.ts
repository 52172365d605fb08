import t from 'tap'
import { displayScore, normalizeScore } from '../../src/content/score.js'

t.test('numeric scales map linearly onto 0–100', async (t) => {
  const ten = { kind: 'numeric', min: 0, max: 10, step: 0.1 } as const
  t.equal(normalizeScore(ten, 9.3), 93)
  t.equal(normalizeScore(ten, 0), 0)
  t.equal(normalizeScore(ten, 10), 100)
  t.equal(normalizeScore({ kind: 'numeric', min: 0, max: 100, step: 1 }, 87), 87)
  t.equal(normalizeScore({ kind: 'numeric', min: 1, max: 5, step: 1 }, 3), 50, 'a scale starting at 1 maps its minimum to 0')
  t.equal(displayScore(ten, 9.3), '9.3/10')
})

t.test('stars run from 0 to max', async (t) => {
  const stars = { kind: 'stars', max: 5, step: 0.5 } as const
  t.equal(normalizeScore(stars, 4.5), 90)
  t.equal(normalizeScore(stars, 0), 0)
  t.equal(normalizeScore(stars, 5), 100)
  t.equal(displayScore(stars, 3.5), '3.5/5 stars')
})

t.test('letter grades follow the aggregators\' table', async (t) => {
  const expected: Record<string, number> = {
    'A+': 100, A: 100, 'A-': 91, 'B+': 83, B: 75, 'B-': 67, 'C+': 58, C: 50, 'C-': 42, 'D+': 33, D: 25, 'D-': 16, F: 0
  }
  for (const [grade, value] of Object.entries(expected)) t.equal(normalizeScore({ kind: 'letter' }, grade), value, grade)
  t.equal(displayScore({ kind: 'letter' }, 'B+'), 'B+')
})

t.test('an unscored verdict normalizes to null', async (t) => {
  t.equal(normalizeScore({ kind: 'none' }, null), null)
  t.equal(displayScore({ kind: 'none' }, null), null)
})

t.test('scores that do not fit their format are refused', async (t) => {
  const ten = { kind: 'numeric', min: 0, max: 10, step: 0.5 } as const
  t.throws(() => normalizeScore(ten, 11), { name: 'ScoreError' })
  t.throws(() => normalizeScore(ten, -1), { name: 'ScoreError' })
  t.throws(() => normalizeScore(ten, 7.3), { name: 'ScoreError' }, 'off-step')
  t.throws(() => normalizeScore(ten, 'A'), { name: 'ScoreError' })
  t.throws(() => normalizeScore(ten, Number.NaN), { name: 'ScoreError' })
  t.throws(() => normalizeScore({ kind: 'numeric', min: 10, max: 10, step: 1 }, 10), { name: 'ScoreError' }, 'empty range')
  t.throws(() => normalizeScore({ kind: 'letter' }, 'E'), { name: 'ScoreError' })
  t.throws(() => normalizeScore({ kind: 'letter' }, 80), { name: 'ScoreError' })
  t.throws(() => normalizeScore({ kind: 'none' }, 5), { name: 'ScoreError' })
  t.throws(() => normalizeScore({ kind: 'stars', max: 5, step: 0.5 }, 5.5), { name: 'ScoreError' })
  t.equal(normalizeScore({ kind: 'numeric', min: 0, max: 10, step: 0.1 }, 7.7), 77, 'binary fractions on step are accepted')
})
