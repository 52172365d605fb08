/**
 * How far behind its primary a read replica is: what a replica says of itself and the
 * primary's WAL positions over time, judged by one rule (judgeReplica).
 */
/** A WAL position ('16/B374D848') as a number that compares. */
export function parseLsn (text: string | null | undefined): bigint | null {
  if (typeof text !== 'string') return null
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text)
  if (match === null) return null
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`)
}

/** The primary's flushed WAL position, and when (performance.now()) the query asking for it was sent. */
export interface PrimarySample { at: number, lsn: bigint }

/** What a replica said of itself in one check. */
export interface ReplicaReport {
  inRecovery: boolean
  receiveLsn: bigint | null
  replayLsn: bigint | null
  /** clock_timestamp() - pg_last_xact_replay_timestamp() on the replica, in ms; null before any commit was replayed. */
  replayAgeMs: number | null
  replayPaused: boolean | null
}

export interface Verdict { healthy: boolean, lagMs: number | null, reason: string | null }

/**
 * The lag rule. `lagMs` is the smallest of these upper bounds on how stale a read from the
 * replica can be; the replica is healthy when it is in recovery and `lagMs <= maxLagMs`.
 *
 * 1. The primary's clock, by WAL position. Each check round first reads the primary's
 *    flushed WAL position (`pg_current_wal_flush_lsn()`, one small query on the primary
 *    pool), keeping a short history of (time sent, position). A replica whose replay
 *    position is at or past the sample taken at time T has every transaction committed
 *    before T, so it is at most now − T behind; the newest such sample gives the bound.
 *    An idle primary writes no WAL, so a caught-up replica stays at "now − the start of
 *    this round" (a few ms) however long ago the last commit was; a paused or slow replica
 *    with WAL waiting ages until it passes maxLagMs. This bound uses the router's clock
 *    only, and does not believe a replica whose WAL receiver lost the primary.
 * 2. The last replayed commit: `clock_timestamp() - pg_last_xact_replay_timestamp()`. It has
 *    every transaction up to that commit, so this bounds the lag too, tightly under a
 *    steady stream of writes (when rule 1 can only say "before the last sample"). Alone it
 *    is misleading the other way: on an idle primary it ages though nothing is missing —
 *    rule 1 covers that. It compares the primary's clock with the replica's.
 * 3. Only when the primary has not answered a sample for more than maxLagMs (it is down or
 *    too busy, and the replicas are all there is): a replica that has replayed all it
 *    received (`pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn()`) counts as caught up,
 *    lag 0. It cannot know what it never received, which is why this rule waits for the
 *    primary to be out of reach: with the primary answering, rule 1 is the honest one.
 *
 * Paused replay (`pg_wal_replay_pause()`) needs no rule of its own: with nothing to replay
 * the replica is current and stays in; with WAL waiting, rules 1 and 2 age and it goes out
 * once they pass maxLagMs. The report says it is paused.
 */
export function judgeReplica (report: ReplicaReport, samples: readonly PrimarySample[], now: number, maxLagMs: number): Verdict {
  if (!report.inRecovery) return { healthy: false, lagMs: null, reason: 'not in recovery: a primary (promoted?), not a replica' }
  const bounds: number[] = []
  const { replayLsn, receiveLsn } = report
  if (replayLsn !== null) {
    for (let i = samples.length - 1; i >= 0; i--) {
      const sample = samples[i] as PrimarySample
      if (sample.lsn <= replayLsn) {
        bounds.push(Math.max(0, now - sample.at))
        break
      }
    }
  }
  if (report.replayAgeMs !== null && Number.isFinite(report.replayAgeMs)) bounds.push(Math.max(0, report.replayAgeMs))
  const newest = samples[samples.length - 1]
  const primaryOutOfReach = newest === undefined || now - newest.at > maxLagMs
  if (primaryOutOfReach && replayLsn !== null && receiveLsn !== null && replayLsn >= receiveLsn) bounds.push(0)
  const lagMs = bounds.length === 0 ? null : Math.round(Math.min(...bounds))
  if (lagMs !== null && lagMs <= maxLagMs) return { healthy: true, lagMs, reason: null }
  const paused = report.replayPaused === true ? ', replay paused' : ''
  return {
    healthy: false,
    lagMs,
    reason: lagMs === null
      ? `lag unknown (replay behind every sample of the primary, no commit replayed yet${paused})`
      : `lag ${lagMs} ms > ${maxLagMs} ms${paused}`
  }
}

/**
 * `samples` with `sample` added and those older than `horizon` (performance.now()) dropped,
 * the newest kept whatever its age: past maxLag plus a few rounds no sample decides anything.
 */
export function rememberSample (samples: PrimarySample[], sample: PrimarySample, horizon: number): void {
  samples.push(sample)
  let drop = 0
  while (drop < samples.length - 1 && (samples[drop] as PrimarySample).at < horizon) drop++
  if (drop > 0) samples.splice(0, drop)
}
