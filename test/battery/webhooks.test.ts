/**
 * Webhook delivery across real server processes (`node dist/src/server.js`, built first
 * when the build is older than the sources), with receivers in this process on 127.0.0.1:
 *
 * 1. kill -9 in the middle of a backlog: a restarted server on the same file delivers
 *    every message, each endpoint's first arrivals in change-log order; only the message
 *    in flight at the kill may come twice.
 * 2. two processes on one database (SQLite file; PostgreSQL when the test cluster is
 *    there), two writers each sending to both in turn: every message arrives exactly
 *    once, in order, and every story published has its message.
 * 3. the lease moves on: the process holding it (the `leases` row's owner is
 *    `hostname:pid:random`) is killed; the other takes over within a few seconds.
 *
 * Separate processes rather than WORKERS=2 (test/battery/workers.test.ts): each has a
 * port of its own, so the test chooses which one takes each write and which one dies, and
 * no cluster primary forks a replacement behind its back. To the database and the lease
 * they are the same thing: independent processes, each with its deliverer.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import type pg from 'pg'
import t, { type Test } from 'tap'
import { killServer, startServer, waitReady, type ServerProcess } from '../../reliability/process.js'
import type { EngineChoice } from '../../src/config.js'
import { openEngine } from '../../src/db/engine.js'
import { projectRoot } from '../../src/paths.js'
import { createApiKey } from '../../src/repositories/api-keys.js'
import { connectPostgres, freshPostgresDatabase, postgresUnavailableReason } from '../postgres-helper.js'
import { startReceiver, type Answer } from '../webhook-receiver.js'

// The servers run without tap's hooks (NODE_OPTIONS): they run the build, not TypeScript.
delete process.env.NODE_OPTIONS
t.setTimeout(180_000)

const root = projectRoot()
const POLL_MS = 100
/**
 * Long enough that a receiver answering in 50 ms never times out on a machine busy with
 * the rest of the battery (at 600 ms, two timeouts in a row put an endpoint on its 5-minute
 * retry and stalled the kill -9 scenario in a CI rehearsal).
 */
const TIMEOUT_MS = 2_000
/** The lease's length (src/webhooks/deliverer.ts): max(2 s, 10 polls, 3 timeouts). */
const LEASE_MS = Math.max(2_000, 10 * POLL_MS, 3 * TIMEOUT_MS)
/** Messages received but not yet recorded at a kill: those sent while one write of outcomes committed. */
const MAX_UNRECORDED = 5
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------
// The build, as `npm start` judges it (scripts/start.mjs): current when dist/.built is newer than every source.

function newestChange (path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), 0)
}

function ensureBuild (): string {
  const stamp = join(root, 'dist/.built')
  const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].filter((p) => existsSync(join(root, p)))
  const newest = sources.reduce((n, p) => Math.max(n, newestChange(join(root, p))), 0)
  if (existsSync(join(root, 'dist/src/server.js')) && existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return 'the build was current'
  const started = Date.now()
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  return `built in ${Date.now() - started} ms`
}

// ---------------------------------------------------------------------------------------
// The database: migrated with an admin key before any server runs; read directly by the checks.

interface MessageRow { seq: number, id: string, state: string, attempts: number, changeSeq: number | null }
interface Lease { owner: string, expiresAt: number }

interface Database {
  engine: 'sqlite' | 'postgres'
  /** What the servers get in their environment. */
  env: Record<string, string>
  databasePath: string
  authorization: string
  messages (endpointId: string): Promise<MessageRow[]>
  lease (): Promise<Lease | null>
  /** The endpoint's position in the change log, and the log's last entry. */
  position (endpointId: string): Promise<{ seq: number, head: number }>
}

async function adminKey (choice: EngineChoice): Promise<string> {
  const engine = await openEngine(choice)
  try {
    await engine.migrate()
    const key = await createApiKey(engine.db, { name: 'webhooks battery', role: 'admin', expiresAt: null }, Date.now())
    return `Bearer ${key.token}`
  } finally {
    await engine.close()
  }
}

async function sqliteDatabase (t: Test): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'byline-webhooks-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'byline.db')
  const authorization = await adminKey({ kind: 'sqlite', path: databasePath })
  // A read-only connection per look: it holds no lock, and none is open while a server dies.
  const read = <T>(fn: (db: Sqlite.Database) => T): T => {
    const db = new Sqlite(databasePath, { readonly: true })
    try { return fn(db) } finally { db.close() }
  }
  return {
    engine: 'sqlite',
    env: {},
    databasePath,
    authorization,
    messages: async (endpointId) => read((db) => db.prepare('SELECT seq, id, state, attempts, change_seq AS changeSeq FROM webhook_messages WHERE endpoint_id = ? ORDER BY seq').all(endpointId) as MessageRow[]),
    lease: async () => read((db) => (db.prepare('SELECT owner, expires_at AS expiresAt FROM leases WHERE id = ?').get('webhooks') as Lease | undefined) ?? null),
    position: async (endpointId) => read((db) => db.prepare('SELECT (SELECT position_seq FROM webhook_endpoints WHERE id = ?) AS seq, (SELECT coalesce(max(seq), 0) FROM changes) AS head').get(endpointId) as { seq: number, head: number })
  }
}

async function postgresDatabase (t: Test): Promise<Database> {
  const url = await freshPostgresDatabase(t, { prefix: 'byline_webhooks' })
  const dir = mkdtempSync(join(tmpdir(), 'byline-webhooks-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const authorization = await adminKey({ kind: 'postgres', url, replicaUrls: [] })
  let client: pg.Client | null = null
  const query = async <T>(text: string, values: unknown[]): Promise<T[]> => {
    client ??= await connectPostgres(url)
    return (await client.query(text, values)).rows as T[]
  }
  // Before the database is dropped (teardowns run last registered first).
  t.teardown(async () => { await client?.end() })
  return {
    engine: 'postgres',
    env: { DATABASE_URL: url },
    // Unused: DATABASE_URL wins.
    databasePath: join(dir, 'unused.db'),
    authorization,
    messages: async (endpointId) => (await query<{ seq: string, id: string, state: string, attempts: number, change_seq: string | null }>(
      'select seq, id, state, attempts, change_seq from webhook_messages where endpoint_id = $1 order by seq', [endpointId]))
      .map((r) => ({ seq: Number(r.seq), id: r.id, state: r.state, attempts: r.attempts, changeSeq: r.change_seq === null ? null : Number(r.change_seq) })),
    lease: async () => {
      const [row] = await query<{ owner: string, expires_at: string }>('select owner, expires_at from leases where id = $1', ['webhooks'])
      return row === undefined ? null : { owner: row.owner, expiresAt: Number(row.expires_at) }
    },
    position: async (endpointId) => {
      const [row] = await query<{ seq: string, head: string }>('select (select position_seq from webhook_endpoints where id = $1) as seq, (select coalesce(max(seq), 0) from changes) as head', [endpointId])
      return { seq: Number(row?.seq), head: Number(row?.head) }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Servers

async function server (t: Test, database: Database, env: Record<string, string> = {}): Promise<ServerProcess> {
  const started = await startServer({
    databasePath: database.databasePath,
    runner: 'dist',
    env: { WEBHOOK_POLL_MS: String(POLL_MS), WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), ...database.env, ...env }
  })
  // Only this child, by its own pid (killServer: SIGKILL unless it has exited already).
  t.teardown(async () => { await killServer(started) })
  await waitReady(started)
  return started
}

const pidOf = (owner: string) => Number(owner.split(':').at(-2))

async function call (s: ServerProcess, authorization: string, method: string, path: string, body?: unknown): Promise<{ status: number, json: any }> {
  const res = await fetch(s.base + path, { method, headers: { authorization, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  const text = await res.text()
  let json: any
  try { json = JSON.parse(text) } catch { json = text }
  return { status: res.status, json }
}

async function addEndpoint (s: ServerProcess, authorization: string, url: string): Promise<string> {
  const res = await call(s, authorization, 'POST', '/v1/webhooks', { url, events: ['story.published'] })
  if (res.status !== 201) throw new Error(`creating the endpoint: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json.endpoint.id as string
}

/** A published news story, `slug`, written through `s`; returns the status. */
async function publish (s: ServerProcess, authorization: string, slug: string): Promise<number> {
  const res = await call(s, authorization, 'POST', '/v1/stories', {
    type: 'news',
    slug,
    title: `Webhook battery ${slug}`,
    dek: 'Written for the webhook battery.',
    bodyMarkdown: `Story ${slug}.`,
    section: 'movies',
    authors: ['rhys-calloway'],
    tags: ['drama'],
    status: 'published'
  })
  if (res.status !== 201) throw new Error(`publishing ${slug}: ${res.status} ${JSON.stringify(res.json)}`)
  return res.status
}

/** Waits, looking every 50 ms, until `condition` holds; throws with `what` (and `detail()`) after `timeoutMs`. */
async function until (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000, detail: () => string = () => ''): Promise<number> {
  const started = Date.now()
  while (!await condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail() === '' ? '' : `:\n${detail()}`}`)
    await sleep(50)
  }
  return Date.now() - started
}

/** How long the deliverers must have had nothing left to do before a wait gives up on what has not come. */
const QUIET_MS = 1_500

/**
 * Waits until `done`, or until every endpoint has been quiet for QUIET_MS (the change log
 * made into messages up to its last entry, none pending): what has not arrived by then
 * never will, and the checks that follow say what is missing. Returns how long it waited,
 * and how it ended.
 */
async function settle (what: string, database: Database, endpoints: string[], done: () => boolean, detail: () => string = () => ''): Promise<string> {
  let quietSince: number | null = null
  const ms = await until(what, async () => {
    if (done()) return true
    let quiet = true
    for (const id of endpoints) {
      const { seq, head } = await database.position(id)
      if (seq < head || (await database.messages(id)).some((m) => m.state !== 'delivered')) quiet = false
    }
    quietSince = quiet ? quietSince ?? Date.now() : null
    return quietSince !== null && Date.now() - quietSince >= QUIET_MS
  }, 30_000, detail)
  return done() ? `all arrived ${ms} ms` : `gave up ${ms} ms (nothing left to deliver, and not all had arrived)`
}

/** Waits until every message of the endpoints is recorded as delivered (arriving comes just before). */
async function allRecorded (database: Database, endpoints: string[]): Promise<void> {
  await until('every message recorded as delivered', async () => {
    for (const id of endpoints) if ((await database.messages(id)).some((m) => m.state !== 'delivered')) return false
    return true
  }, 10_000)
}

// ---------------------------------------------------------------------------------------
// What a receiver got

const slowly = (ms: number): Answer => (_request, response) => { setTimeout(() => response.writeHead(200).end('ok'), ms) }

type Receiver = Awaited<ReturnType<typeof startReceiver>>
interface Arrival { id: string, type: string, slug: string, at: number }

function arrivals (receiver: Receiver): Arrival[] {
  return receiver.received.map((r) => {
    const payload = JSON.parse(r.body) as { type: string, data: { slug?: string } }
    return { id: String(r.headers['webhook-id']), type: payload.type, slug: payload.data.slug ?? '', at: r.at }
  })
}

/** Resolves once no receiver has had a request for 300 ms (at most 5 s). */
async function quiet (receivers: Receiver[]): Promise<void> {
  const count = () => receivers.reduce((n, r) => n + arrivals(r).length, 0)
  const deadline = Date.now() + 5_000
  let last = -1
  while (Date.now() < deadline && count() !== last) {
    last = count()
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}

/** Each id's first arrival, in the order they came. */
function firstArrivals (list: Arrival[]): Arrival[] {
  const seen = new Set<string>()
  return list.filter((a) => {
    if (seen.has(a.id)) return false
    seen.add(a.id)
    return true
  })
}

const publishedSlugs = (receiver: Receiver) => new Set(arrivals(receiver).filter((a) => a.type === 'story.published').map((a) => a.slug))

/**
 * The checks every scenario makes of one endpoint, against its messages in the database:
 * every message delivered and received, nothing received that is not a message, every
 * slug published received, first arrivals in message (change-log) order. Returns the ids
 * received more than once, one entry per extra arrival.
 */
async function checkEndpoint (t: Test, database: Database, name: string, endpointId: string, receiver: Receiver, writers: string[][]): Promise<string[]> {
  const slugs = writers.flat()
  const messages = await database.messages(endpointId)
  const got = arrivals(receiver)
  const firsts = firstArrivals(got)
  t.same(messages.filter((m) => m.state !== 'delivered').map((m) => `${m.id} ${m.state} after ${m.attempts} attempts`), [], `${name}: all ${messages.length} messages delivered`)
  t.same(firsts.map((a) => a.id).sort(), messages.map((m) => m.id).sort(), `${name}: the distinct webhook-ids received are the endpoint's messages`)
  const received = publishedSlugs(receiver)
  t.same(slugs.filter((s) => !received.has(s)), [], `${name}: every one of the ${slugs.length} stories published arrived (story.published, by slug)`)
  const seqOf = new Map(messages.map((m) => [m.id, m.seq]))
  const changeOf = new Map(messages.map((m) => [m.id, m.changeSeq ?? -1]))
  const order = firsts.map((a) => seqOf.get(a.id) ?? -1)
  t.ok(order.every((seq, i) => i === 0 || seq > order[i - 1]!), `${name}: first arrivals in message order`)
  const changes = firsts.map((a) => changeOf.get(a.id) ?? -1)
  t.ok(changes.every((seq, i) => i === 0 || seq > changes[i - 1]!), `${name}: which is change-log order (change seqs ${changes[0]}…${changes.at(-1)})`)
  // Each writer wrote its stories one after another: its slugs say the order too.
  for (const [w, written] of writers.entries()) {
    const order = firsts.map((a) => written.indexOf(a.slug)).filter((i) => i >= 0)
    t.ok(order.every((n, i) => i === 0 || n > order[i - 1]!), `${name}: ${writers.length > 1 ? `writer ${w + 1}'s stories in` : 'and'} the order they were written in`)
  }
  const counts = new Map<string, number>()
  for (const a of got) counts.set(a.id, (counts.get(a.id) ?? 0) + 1)
  return [...counts].flatMap(([id, n]) => Array<string>(n - 1).fill(id))
}

// ---------------------------------------------------------------------------------------

t.comment(ensureBuild())
/** What took how long, as a comment in the output. */
const timing = (t: Test, line: string) => t.comment(line)

t.test('kill -9 in the middle of delivery loses no event; a restart on the same file sends the rest, in order', async (t) => {
  const N = 60
  const database = await sqliteDatabase(t)
  const receivers = [await startReceiver(t, slowly(50)), await startReceiver(t, slowly(50))]
  const bootStart = Date.now()
  const first = await server(t, database)
  timing(t, `crash: first server ready in ${Date.now() - bootStart} ms`)
  const endpoints = [] as string[]
  for (const r of receivers) endpoints.push(await addEndpoint(first, database.authorization, r.url))

  const slugs = Array.from({ length: N }, (_, i) => `webhook-crash-${String(i).padStart(3, '0')}`)
  const writeStart = Date.now()
  for (const slug of slugs) await publish(first, database.authorization, slug)
  const writeMs = Date.now() - writeStart
  const atWrites = receivers.map((r) => publishedSlugs(r).size)
  timing(t, `crash: ${N} stories written in ${writeMs} ms (${atWrites.join(' and ')} received meanwhile)`)

  // Mid-backlog: each endpoint has had a quarter or so, and is at its next one.
  await until('a quarter of the deliveries', () => receivers.every((r) => publishedSlugs(r).size >= N / 4), 30_000, () => first.output().slice(-3000))
  first.child.kill('SIGKILL')
  const killedAt = Date.now()
  const exit = await first.exited
  t.equal(exit.signal, 'SIGKILL', 'the first server died of SIGKILL')
  // Requests the server sent before it died may still be on their way in (this process,
  // busy, reads its sockets late): what was received at the kill is what arrives until
  // the receivers go quiet, since nothing sends any more.
  await quiet(receivers)
  const atKill = receivers.map((r) => arrivals(r))
  for (const [i, got] of atKill.entries()) {
    const distinct = new Set(got.map((a) => a.id)).size
    t.ok(distinct > 0 && distinct < N, `endpoint ${i + 1}: ${distinct} of ${N} received when the server was killed`)
  }
  const pendingAtKill = await Promise.all(endpoints.map(async (id) => (await database.messages(id)).filter((m) => m.state === 'pending').length))
  t.ok(pendingAtKill.every((n) => n > 0), `messages still pending in the file after the kill: ${pendingAtKill.join(', ')}`)

  const restartStart = Date.now()
  const second = await server(t, database)
  timing(t, `crash: restarted server ready in ${Date.now() - restartStart} ms`)
  const waited = await settle('every story received by both endpoints', database, endpoints, () => receivers.every((r) => slugs.every((s) => publishedSlugs(r).has(s))),
    () => `${receivers.map((r) => publishedSlugs(r).size).join(', ')} of ${N}\n${second.output().slice(-3000)}`)
  // Received is not yet recorded: wait for the last attempt to be written down too.
  await allRecorded(database, endpoints)
  timing(t, `crash: ${waited} after the restart was ready (${Date.now() - killedAt} ms after the kill)`)

  for (const [i, receiver] of receivers.entries()) {
    const name = `endpoint ${i + 1}`
    const duplicates = await checkEndpoint(t, database, name, endpoints[i]!, receiver, [slugs])
    // Outcomes are written behind the sends (src/webhooks/deliverer.ts): those received while
    // the last write committed were not recorded, and are sent again, under the same ids.
    t.ok(duplicates.length <= MAX_UNRECORDED, `${name}: at most a few messages twice (received while their outcome was being written): ${duplicates.join(', ') || 'none'}`)
    // Sends run ahead of their recorded outcomes (pipelined), so the repeats are among the
    // last few received before the kill, not always exactly the last ones.
    const received = atKill[i]!.map((a) => a.id)
    const tail = new Set(received.slice(Math.max(0, received.length - MAX_UNRECORDED)))
    t.same(duplicates.filter((id) => !tail.has(id)), [], `${name}: the repeats are among the last ${MAX_UNRECORDED} messages received before the kill`)
    const firstAfter = arrivals(receiver).slice(atKill[i]!.length)[0]
    if (duplicates.length > 0) t.ok(firstAfter !== undefined && duplicates.includes(firstAfter.id), `${name}: a repeat is resent first after the restart`)
  }
  t.equal(second.child.exitCode, null, 'the restarted server is still running')
  t.notMatch(second.output(), /webhook (round|delivery) failed/, 'the restarted server logged no failed round or delivery')
})

/** Two processes on one database: writes to both in turn, then the holder of the lease killed. */
async function twoProcesses (t: Test, database: Database): Promise<void> {
  const receiver = await startReceiver(t, slowly(5))
  const bootStart = Date.now()
  // One after the other: the first seeds the demo data, the second finds it there.
  const servers = [await server(t, database), await server(t, database)]
  timing(t, `${database.engine}: two servers ready in ${Date.now() - bootStart} ms`)
  const { authorization } = database
  const endpoint = await addEndpoint(servers[1]!, authorization, receiver.url)

  await t.test('every message arrives exactly once, in order, whichever process took the write', async (t) => {
    // Two writers side by side, each sending its stories to the two processes in turn.
    const WRITERS = 2
    const EACH = 25
    const N = WRITERS * EACH
    const writers = Array.from({ length: WRITERS }, (_, w) => Array.from({ length: EACH }, (_, i) => `webhook-pair-w${w + 1}-${String(i).padStart(3, '0')}`))
    const slugs = writers.flat()
    const started = Date.now()
    await Promise.all(writers.map(async (written, w) => {
      for (const [i, slug] of written.entries()) await publish(servers[(i + w) % 2]!, authorization, slug)
    }))
    const writeMs = Date.now() - started
    const waited = await settle(`all ${N} stories received`, database, [endpoint], () => slugs.every((s) => publishedSlugs(receiver).has(s)),
      () => `${publishedSlugs(receiver).size} of ${N}\n${servers.map((s) => s.output().slice(-1500)).join('\n')}`)
    await allRecorded(database, [endpoint])
    timing(t, `${database.engine}: ${N} stories written by ${WRITERS} writers to the two processes in turn in ${writeMs} ms; ${waited} after the last write`)
    const duplicates = await checkEndpoint(t, database, 'the endpoint', endpoint, receiver, writers)
    t.same(duplicates, [], 'no message twice')
    t.equal(receiver.received.length, N, `${N} requests in all, one per story`)
    const messages = await database.messages(endpoint)
    t.same(messages.filter((m) => m.attempts !== 1).map((m) => `${m.id}: ${m.attempts}`), [], 'each message took exactly one attempt')
    const lease = await database.lease()
    t.ok(lease !== null && servers.some((s) => s.child.pid === pidOf(lease.owner)), `the lease is held by one of the two (${lease?.owner})`)
  })

  await t.test('the lease moves on: the holder killed, the other takes over within a few seconds', async (t) => {
    const lease = await database.lease()
    const holder = servers.find((s) => s.child.pid === pidOf(lease?.owner ?? ''))
    if (lease === null || holder === undefined) {
      t.fail(`no lease held by either server: ${JSON.stringify(lease)}`)
      return
    }
    const survivor = servers.find((s) => s !== holder)!
    // Idle when it dies: every message so far delivered and recorded.
    await allRecorded(database, [endpoint])
    const before = receiver.received.length
    t.equal(before, (await database.messages(endpoint)).length, `nothing in flight at the kill: the ${before} messages so far received once each`)
    holder.child.kill('SIGKILL')
    const killedAt = Date.now()
    t.equal((await holder.exited).signal, 'SIGKILL', `the holder (pid ${holder.child.pid}) died of SIGKILL`)

    const M = 10
    const after: string[] = []
    for (let i = 0; i < M; i++) {
      const slug = `webhook-takeover-${String(i).padStart(3, '0')}`
      await publish(survivor, authorization, slug)
      after.push(slug)
    }
    const claimedMs = await until('the survivor holding the lease', async () => pidOf((await database.lease())?.owner ?? '') === survivor.child.pid, 15_000,
      () => survivor.output().slice(-3000))
    await settle(`the ${M} stories written after the kill received`, database, [endpoint], () => after.every((s) => publishedSlugs(receiver).has(s)),
      () => `${[...publishedSlugs(receiver)].filter((s) => after.includes(s)).length} of ${M}\n${survivor.output().slice(-3000)}`)
    await allRecorded(database, [endpoint])
    const firstAfter = (receiver.received[before]?.at ?? Infinity) - killedAt
    timing(t, `${database.engine}: lease taken over ${claimedMs} ms after the kill, first delivery after it at ${firstAfter} ms (lease ${LEASE_MS} ms)`)
    t.ok(firstAfter <= LEASE_MS + 5_000, `the survivor delivered ${firstAfter} ms after the kill (lease ${LEASE_MS} ms)`)

    // The stories of the test before are its to judge: here, those written after the kill.
    const duplicates = await checkEndpoint(t, database, 'the endpoint', endpoint, receiver, [after])
    t.same(duplicates, [], 'no message twice (the holder was idle when it died)')
    t.equal(receiver.received.length - before, M, `${M} requests after the kill, one per story`)
    t.equal(survivor.child.exitCode, null, 'the survivor is still running')
    t.notMatch(survivor.output(), /webhook (round|delivery) failed/, 'the survivor logged no failed round or delivery')
  })
}

t.test('two processes on one SQLite file', async (t) => {
  await twoProcesses(t, await sqliteDatabase(t))
})

const pgUnavailable = postgresUnavailableReason()
if (pgUnavailable !== false && process.env.CI !== undefined) {
  t.fail(`CI must provide a PostgreSQL cluster, and it is missing: ${pgUnavailable}`)
} else {
  t.test('two processes on one PostgreSQL database', { skip: pgUnavailable === false ? false : `skipped: ${pgUnavailable}` }, async (t) => {
    await twoProcesses(t, await postgresDatabase(t))
  })
}
