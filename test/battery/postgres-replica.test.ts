/**
 * scripts/pg-dev.sh against real PostgreSQL 15: a primary and a streaming replica on a free
 * pair of ports; a write on the primary reaches the replica within a bound (measured and
 * reported); replay paused on the replica (pg_wal_replay_pause) holds a write back while
 * the replica's lag grows, and resuming delivers it; a stopped replica refuses connections
 * at once. The clusters are dropped in teardown (and on process exit), whatever failed.
 */
import { execFile, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import type pg from 'pg'
import { connectPostgres } from '../postgres-helper.js'
import { asSuperuser, freePortPair, replicaPairSkip, replicaPairUnavailable, waitFor } from '../postgres-replica-helper.js'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../../scripts/pg-dev.sh', import.meta.url))
// A write on the primary must be readable on the replica within this (it takes a few ms here).
const CATCH_UP_BOUND_MS = 2000
const LAG_PAST_MS = 500

async function hasRow (client: pg.Client, body: string): Promise<boolean> {
  const { rows } = await client.query('select 1 from replica_probe where body = $1', [body])
  return rows.length === 1
}

t.test('pg-dev.sh: a primary and a streaming replica, lag and a dead replica', { timeout: 240_000, skip: replicaPairSkip }, async (t) => {
  if (replicaPairUnavailable !== false) {
    t.fail(`CI must be able to run PostgreSQL: ${replicaPairUnavailable}`)
    return
  }
  // Away from the router battery's ports (55500 on).
  const base = await freePortPair(55000, 250)
  const name = `byline_battery_${base}`
  const down = (): void => { spawnSync('bash', [SCRIPT, 'down', '--name', name], { stdio: 'ignore' }) }
  // Registered before `up`, so that a half-made pair is dropped too; `down` is idempotent.
  process.once('exit', down)
  const clients: pg.Client[] = []
  t.teardown(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => {})))
    down()
  })

  let started = performance.now()
  const { stdout, stderr } = await run('bash', [SCRIPT, 'up', '--port', String(base), '--name', name])
  const upMs = performance.now() - started
  t.comment(stderr.trim())
  const primaryUrl = /^DATABASE_URL=(postgres:\/\/\S+)$/m.exec(stdout)?.[1]
  const replicaUrl = /^DATABASE_REPLICA_URLS=(postgres:\/\/\S+)$/m.exec(stdout)?.[1]
  t.equal(stdout.trim().split('\n').length, 2, 'up prints exactly the two URL lines on stdout')
  t.equal(primaryUrl, `postgres://byline:byline@127.0.0.1:${base}/byline`, `DATABASE_URL (cluster pair up in ${Math.round(upMs)} ms)`)
  t.equal(replicaUrl, `postgres://byline:byline@127.0.0.1:${base + 1}/byline`, 'DATABASE_REPLICA_URLS')
  if (primaryUrl === undefined || replicaUrl === undefined) return

  started = performance.now()
  const again = await run('bash', [SCRIPT, 'up', '--port', String(base), '--name', name])
  t.equal(again.stdout, stdout, `up again: the same URLs, nothing rebuilt (${Math.round(performance.now() - started)} ms)`)
  const status = await run('bash', [SCRIPT, 'status', '--name', name])
  t.match(status.stdout, /streaming/, 'status shows the replica streaming')

  const primary = await connectPostgres(primaryUrl)
  clients.push(primary)
  const replica = await connectPostgres(replicaUrl)
  clients.push(replica)
  const { rows: [roles] } = await primary.query<{ p: boolean }>('select pg_is_in_recovery() as p')
  const { rows: [roler] } = await replica.query<{ p: boolean }>('select pg_is_in_recovery() as p')
  t.equal(roles?.p, false, 'the primary is not in recovery')
  t.equal(roler?.p, true, 'the replica is a standby')
  await t.rejects(replica.query('create table nope (id int)'), { code: '25006' }, 'the replica refuses writes (read-only transaction)')

  await primary.query('create table replica_probe (id serial primary key, body text not null)')
  await waitFor('the table on the replica', async () => (await replica.query("select to_regclass('replica_probe') as r")).rows[0]?.r !== null, CATCH_UP_BOUND_MS)

  // Catch-up: twenty writes, each polled on the replica until it shows.
  const delays: number[] = []
  for (let i = 0; i < 20; i++) {
    const body = `write ${i}`
    await primary.query('insert into replica_probe (body) values ($1)', [body])
    delays.push(await waitFor(`${body} on the replica`, () => hasRow(replica, body), CATCH_UP_BOUND_MS, 1))
  }
  delays.sort((a, b) => a - b)
  const worst = delays[delays.length - 1] ?? Infinity
  t.ok(worst < CATCH_UP_BOUND_MS, `20 writes seen on the replica: median ${delays[10]?.toFixed(1)} ms, worst ${worst.toFixed(1)} ms (bound ${CATCH_UP_BOUND_MS} ms)`)

  // Lag: replay paused, a write stays on the primary and the replica falls behind.
  // pg_wal_replay_pause() and _resume() are the superuser's: the operator's hand, not the app's.
  await asSuperuser(base + 1, 'select pg_wal_replay_pause()')
  await waitFor('replay paused', async () => (await replica.query('select pg_get_wal_replay_pause_state() as s')).rows[0]?.s === 'paused', 5000)
  await primary.query('insert into replica_probe (body) values ($1)', ['during pause'])
  const lagMs = async (): Promise<number> => Number((await replica.query('select extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000 as ms')).rows[0]?.ms)
  const grewIn = await waitFor(`the replica's lag past ${LAG_PAST_MS} ms`, async () => await lagMs() > LAG_PAST_MS, 10_000, 50)
  t.ok(await lagMs() > LAG_PAST_MS, `now() - pg_last_xact_replay_timestamp() passed ${LAG_PAST_MS} ms (${Math.round(grewIn)} ms after the pause)`)
  t.notOk(await hasRow(replica, 'during pause'), 'the write made during the pause is not on the replica')
  // pg_stat_replication's LSNs are shown to superusers (and pg_monitor) only.
  const behind = await asSuperuser(base, `select pg_wal_lsn_diff(pg_current_wal_lsn(), s.replay_lsn) from pg_stat_replication s
    join pg_replication_slots r on r.active_pid = s.pid where r.slot_name = '${name}_replica_slot'`)
  t.ok(Number(behind) > 0, `the primary sees the replica ${behind} bytes behind in replay`)

  await asSuperuser(base + 1, 'select pg_wal_replay_resume()')
  const resumedIn = await waitFor('the paused write after resume', () => hasRow(replica, 'during pause'), CATCH_UP_BOUND_MS, 1)
  t.pass(`after pg_wal_replay_resume() the write arrived in ${resumedIn.toFixed(1)} ms`)

  // A dead replica: its connections break and a new one is refused at once.
  await run('pg_ctlcluster', ['15', `${name}_replica`, 'stop', '-m', 'fast'])
  await t.rejects(replica.query('select 1'), 'the open replica connection fails once the replica stops')
  started = performance.now()
  await t.rejects(connectPostgres(replicaUrl, 5000), { code: 'ECONNREFUSED' }, 'a new connection to the stopped replica is refused')
  const refusedMs = performance.now() - started
  t.ok(refusedMs < 1000, `and fast: ${refusedMs.toFixed(1)} ms`)
  await primary.query('insert into replica_probe (body) values ($1)', ['replica down'])
  t.pass('the primary keeps taking writes with its replica down')

  // down drops both; nothing is left behind.
  down()
  const left = (await run('pg_lsclusters', ['-h'])).stdout.split('\n').filter((line) => line.includes(name))
  t.same(left, [], 'pg-dev.sh down dropped both clusters')
})
