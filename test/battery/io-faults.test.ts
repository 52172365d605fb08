/**
 * I/O faults through libfiu (fiu-utils; .ci/run installs it): pwrite failing 5 % and
 * fsync 20 % of the time under concurrent writers. The full run is
 * `npm run io-faults -- --writes 2000`; this is its short form.
 */
import t from 'tap'
import { fiuAvailable, runIoFaults } from '../../reliability/io-faults.js'

// CI installs fiu-utils, so there a missing fiu-run is a failure, not a skip.
const skip = !fiuAvailable() && process.env.CI === undefined ? 'fiu-run is not installed (apt-get install fiu-utils)' : false

t.test('writes under failing pwrite and fsync: 503s, no lost acknowledgement, recovery without restart', { timeout: 180_000, skip }, async (t) => {
  t.ok(fiuAvailable(), 'fiu-run is installed')
  const report = await runIoFaults({ writes: 300 })
  t.ok(report.acknowledged > 0, `${report.acknowledged} writes acknowledged under faults`)
  t.ok(report.unavailable > 0, `${report.unavailable} writes refused with 503: the faults did bite`)
  t.equal(report.acknowledged + report.unavailable, report.writes, 'every answer was a success or a 503')
  t.same(report.unexpected, [], 'no other answer (no 500, no reset)')
  t.same(report.leaked, [], 'no driver text in any body')
  t.same(report.lost, [], 'every acknowledged write is there')
  t.ok(report.stayedUp, 'the process stayed up')
  t.equal(report.recoveredWrites, 20, 'the same process writes again once the faults stop')
  t.equal(report.integrity, 'ok, foreign keys ok, fts ok')
  t.ok(report.logLines > report.writes, `${report.logLines} log lines written`)
  t.equal(report.linesWithKey, 0, 'none of them holds the editor key')
})
