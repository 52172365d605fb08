import t from 'tap'
import { effectiveStatus, publicAtOf, schedule, touchesPublic, visibilityChanges, WorkflowError } from '../../src/content/workflow.js'

const NOW = 1_000_000

t.test('visibility follows status and time', async (t) => {
  t.equal(publicAtOf('published', 5), 5)
  t.equal(publicAtOf('scheduled', 5), 5)
  t.equal(publicAtOf('draft', 5), null)
  t.equal(publicAtOf('archived', 5), null)
  t.equal(effectiveStatus('scheduled', NOW - 1, NOW), 'published')
  t.equal(effectiveStatus('scheduled', NOW + 1, NOW), 'scheduled')
  t.equal(effectiveStatus('draft', NOW - 1, NOW), 'draft')
})

t.test('schedule() checks times and fills a publication time', async (t) => {
  t.same(schedule('published', null, NOW), { status: 'published', publishedAt: NOW })
  t.same(schedule('published', NOW - 5, NOW), { status: 'published', publishedAt: NOW - 5 })
  t.same(schedule('scheduled', NOW + 5, NOW), { status: 'scheduled', publishedAt: NOW + 5 })
  t.same(schedule('draft', null, NOW), { status: 'draft', publishedAt: null })
  t.throws(() => schedule('scheduled', null, NOW), WorkflowError)
  const fieldOf = (fn: () => unknown) => { try { fn() } catch (e) { return (e as WorkflowError).field } }
  t.equal(fieldOf(() => schedule('scheduled', NOW, NOW)), 'publishedAt', 'a schedule at now is not in the future')
  t.equal(fieldOf(() => schedule('published', NOW + 1, NOW)), 'status', 'a future time needs status scheduled')
})

t.test('visibilityChanges: every transition, and withdrawn schedules', async (t) => {
  const cases: Array<[number | null, number | null, string[]]> = [
    [null, null, []],
    [null, NOW - 10, ['published@now']],
    [null, NOW + 10, ['scheduled@+10']],
    [NOW - 10, NOW - 10, []],
    [NOW - 10, NOW - 20, []],
    [NOW - 10, null, ['unpublished@now']],
    [NOW - 10, NOW + 10, ['unpublished@now', 'scheduled@+10']],
    [NOW + 10, NOW + 10, []],
    [NOW + 10, NOW + 20, ['unscheduled@now(+10)', 'scheduled@+20']],
    [NOW + 10, null, ['unscheduled@now(+10)']],
    [NOW + 10, NOW - 1, ['unscheduled@now(+10)', 'published@now']]
  ]
  const show = (at: number) => at === NOW ? 'now' : `${at > NOW ? '+' : ''}${at - NOW}`
  for (const [before, after, expected] of cases) {
    const got = visibilityChanges(before, after, NOW).map((c) => `${c.kind}@${show(c.effectiveAt)}${c.withdrawn === undefined ? '' : `(${show(c.withdrawn)})`}`)
    t.same(got, expected, `${before === null ? 'hidden' : show(before)} → ${after === null ? 'hidden' : show(after)}`)
  }
  t.equal(touchesPublic(null, null), false)
  t.equal(touchesPublic(NOW + 10, null), true, 'a withdrawn schedule concerns the public')
  t.equal(touchesPublic(null, NOW - 1), true)
})
