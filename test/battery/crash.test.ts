/**
 * kill -9 under concurrent editorial writes, ten times on one database file
 * (reliability/crash.ts; `npx tsx reliability/crash.ts --cycles 100` for the long run).
 */
import t from 'tap'
import { runCrash } from '../../reliability/crash.js'

const CYCLES = 10

// The servers run without tap's coverage hooks (NODE_OPTIONS --import processinfo): these
// cycles test durability, not coverage, and an instrumented start takes twice as long.
delete process.env.NODE_OPTIONS
// About 30 s on an idle machine (eleven server starts of 1.5–2.5 s each); allow for a busy one.
t.setTimeout(300_000)

t.test(`${CYCLES} crash cycles: no acknowledged write lost, no rejected write found, the file intact`, async (t) => {
  const lines: string[] = []
  const summary = await runCrash({ cycles: CYCLES, writers: 4, killAfterMs: [0, 600], log: (line) => lines.push(line) })
  t.comment(lines.join('\n'))

  t.equal(summary.cycles.length, CYCLES, `ran ${CYCLES} cycles (seed ${summary.seed})`)
  for (const cycle of summary.cycles) {
    t.ok(cycle.writes.acknowledged >= 1, `cycle ${cycle.cycle}: ${cycle.writes.acknowledged} writes acknowledged before the kill`)
    t.equal(cycle.acknowledgedWrites, cycle.writes.acknowledged, `cycle ${cycle.cycle}: each of them checked in the file after the kill (${cycle.checked} resources)`)
    t.same(cycle.lost, [], `cycle ${cycle.cycle}: nothing lost`)
    t.same(cycle.phantom, [], `cycle ${cycle.cycle}: no phantoms`)
    t.same(cycle.integrity, [], `cycle ${cycle.cycle}: integrity_check ok, foreign_key_check empty, FTS integrity-check passes`)
    t.equal(cycle.writes.serverErrors, 0, `cycle ${cycle.cycle}: no 5xx`)
    t.ok(cycle.walBytesAtKill > 0 && cycle.walBytesAfterCheck === cycle.walBytesAtKill, `cycle ${cycle.cycle}: the checks left the ${cycle.walBytesAtKill}-byte WAL for the restarted server to recover`)
  }
  t.ok(summary.cycles.slice(1).every((c) => c.checkedAfterRestart > 0), 'each restart re-checked the previous cycle over HTTP')
  t.equal(summary.final.exitCode, 0, 'the last server stopped cleanly on SIGTERM')
  t.equal(summary.final.walBytesAfterShutdown, 0, 'and left no WAL')
  t.same(summary.final.lost, [], 'every acknowledged write of every cycle is in the final file')
  t.same(summary.final.phantom, [])
  t.same(summary.final.integrity, [])
  t.equal(summary.final.acknowledgedWrites, summary.totals.acknowledged, `all ${summary.totals.acknowledged} acknowledged writes checked`)
  t.equal(summary.totals.lost + summary.totals.phantom + summary.totals.integrityFailures, 0)
  t.ok(summary.ok)
})
