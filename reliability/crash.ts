/**
 * Crash test: does every acknowledged editorial write survive `kill -9`, and nothing else?
 *
 *   npx tsx reliability/crash.ts --cycles 100 [--seed N] [--writers 4] [--runner tsx|dist] [--keep]
 *
 * One database file for the whole run. Each cycle starts the server on it, runs several
 * concurrent writers against the editorial HTTP API (create and patch stories and tags,
 * plus writes that must be rejected), and SIGKILLs the server at a random moment (seeded
 * PRNG; the seed is printed, so a run can be repeated). With the server down, the file is
 * opened directly: integrity_check, foreign_key_check and the FTS5 integrity-check must
 * pass, and every resource written in the cycle must be in a state the writers' answers
 * allow. After the restart the same resources are checked again over HTTP, as the server
 * (which recovered the WAL itself) sees them.
 *
 * For each resource, each writer's requests were sequential, so the allowed states are:
 * - created and acknowledged (2xx): present, with the value of its last acknowledged
 *   write, or of the one write after it that got no answer. An older acknowledged value
 *   is a lost write; anything else is a phantom.
 * - create rejected (4xx) or refused (no connection): absent, else a phantom.
 * - create unanswered (connection cut): absent, or present with the created value.
 * - the value of a rejected or refused update never appears (phantom).
 *
 * Exits 1 on any lost write, phantom, integrity failure, or 5xx answer.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Sqlite from 'better-sqlite3'
import { isEntryPoint } from '../src/paths.js'
import { killServer, prepareDatabase, startServer, waitReady, walPath, type ServerProcess } from './process.js'

// ---------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast, good enough to pick operations and kill times reproducibly. */
export function prng (seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  }
}
type Random = ReturnType<typeof prng>

// ---------------------------------------------------------------------------------------
// What was written, and what may be found

type Outcome = 'acknowledged' | 'rejected' | 'unanswered' | 'refused' | 'server_error'

interface Tracked {
  kind: 'story' | 'tag'
  slug: string
  cycle: number
  created: Outcome
  createValue: string
  /** Values of acknowledged writes, in order (the create first). */
  acked: string[]
  /** The value of an unanswered write after the last acknowledged one. */
  pending: string | null
  /** Values of rejected or refused writes: never to be found. */
  forbidden: string[]
  etag: string | null
}

export type Verdict = 'ok' | 'lost' | 'phantom'

export function judge (t: Tracked, observed: string | null): Verdict {
  if (t.created === 'rejected' || t.created === 'refused') return observed === null ? 'ok' : 'phantom'
  if (t.created !== 'acknowledged') return observed === null || observed === t.createValue || observed === t.pending ? 'ok' : 'phantom'
  if (observed === null) return 'lost'
  if (observed === t.acked.at(-1) || (t.pending !== null && observed === t.pending)) return 'ok'
  if (t.acked.includes(observed)) return 'lost'
  return 'phantom'
}

const storyValue = (title: string, status: string) => `${title}|${status}`

// ---------------------------------------------------------------------------------------
// Writers

interface WriteCounts { acknowledged: number, rejected: number, unanswered: number, refused: number, serverErrors: number, onAcknowledged?: () => void }
const zeroCounts = (): WriteCounts => ({ acknowledged: 0, rejected: 0, unanswered: 0, refused: 0, serverErrors: 0 })

interface Answer { outcome: Outcome, status?: number, etag?: string | null, body?: any }

async function send (base: string, authorization: string, method: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  let res: Response
  try {
    res = await fetch(base + url, { method, headers: { authorization, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code
    return { outcome: code === 'ECONNREFUSED' ? 'refused' : 'unanswered' }
  }
  // The status line is the answer: the transaction committed (or not) before it was sent.
  const outcome: Outcome = res.status < 300 ? 'acknowledged' : res.status < 500 ? 'rejected' : 'server_error'
  let parsed: any
  try { parsed = await res.json() } catch { parsed = undefined }
  return { outcome, status: res.status, etag: res.headers.get('etag'), body: parsed }
}

const SECTIONS = ['movies', 'games', 'tv', 'tech', 'features'] as const
const AUTHORS = ['rhys-calloway', 'priya-raman', 'marcus-ellery'] as const
const WORDS = ['crash', 'durable', 'journal', 'sync', 'commit', 'verdict', 'review', 'frame', 'checkpoint', 'replay', 'power', 'disk']

/**
 * One writer: sequential requests until `stop()` or a connection error (the server is
 * gone). Every resource it writes is its own, so its answers alone decide what may be found.
 */
async function writer (base: string, authorization: string, cycle: number, w: number, random: Random, stop: () => boolean, tracked: Tracked[], counts: WriteCounts): Promise<void> {
  const prefix = `crash-c${cycle}-w${w}`
  const mine = { stories: [] as Tracked[], tags: [] as Tracked[] }
  let n = 0
  const count = (a: Answer) => {
    if (a.outcome === 'acknowledged') { counts.acknowledged++; counts.onAcknowledged?.() } else if (a.outcome === 'rejected') counts.rejected++
    else if (a.outcome === 'unanswered') counts.unanswered++
    else if (a.outcome === 'refused') counts.refused++
    else counts.serverErrors++
    return a
  }
  const ended = (a: Answer) => a.outcome === 'unanswered' || a.outcome === 'refused' || a.outcome === 'server_error'
  const record = (kind: Tracked['kind'], slug: string, value: string, a: Answer): Tracked => {
    const t: Tracked = { kind, slug, cycle, created: a.outcome, createValue: value, acked: a.outcome === 'acknowledged' ? [value] : [], pending: null, forbidden: a.outcome === 'rejected' || a.outcome === 'refused' ? [value] : [], etag: a.etag ?? null }
    tracked.push(t)
    return t
  }
  const update = (t: Tracked, value: string, a: Answer) => {
    if (a.outcome === 'acknowledged') { t.acked.push(value); t.etag = a.etag ?? null } else if (a.outcome === 'rejected' || a.outcome === 'refused') t.forbidden.push(value)
    else t.pending = value
  }
  const ackedStories = () => mine.stories.filter((s) => s.created === 'acknowledged')
  const ackedTags = () => mine.tags.filter((s) => s.created === 'acknowledged')

  while (!stop()) {
    n++
    const roll = random.next()
    let answer: Answer
    if (roll < 0.3 || ackedStories().length === 0) {
      const slug = `${prefix}-s${n}`
      const title = `Crash c${cycle} w${w} story ${n} v0`
      const status = random.next() < 0.6 ? 'published' : 'draft'
      const tags = ackedTags().filter(() => random.next() < 0.3).slice(0, 3).map((t) => t.slug)
      const body = {
        type: 'news',
        slug,
        title,
        status,
        section: random.pick(SECTIONS),
        authors: [random.pick(AUTHORS)],
        tags,
        dek: `Written by crash writer ${w} in cycle ${cycle}.`,
        bodyMarkdown: Array.from({ length: random.int(20, 200) }, () => random.pick(WORDS)).join(' ')
      }
      answer = count(await send(base, authorization, 'POST', '/v1/stories', body))
      mine.stories.push(record('story', slug, storyValue(title, status), answer))
    } else if (roll < 0.5) {
      const slug = `${prefix}-t${n}`
      const name = `Crash c${cycle} w${w} tag ${n} v0`
      answer = count(await send(base, authorization, 'POST', '/v1/tags', { slug, name }))
      mine.tags.push(record('tag', slug, name, answer))
    } else if (roll < 0.8) {
      // Retitle (and sometimes publish or unpublish) a story; half the time conditionally.
      const t = random.pick(ackedStories())
      const title = `Crash c${cycle} w${w} story ${t.slug.split('-s').at(-1)} v${n}`
      const status = random.next() < 0.2 ? random.pick(['published', 'draft'] as const) : undefined
      const previousStatus = (t.acked.at(-1) ?? t.createValue).split('|')[1]!
      const headers: Record<string, string> = random.next() < 0.5 && t.etag !== null ? { 'if-match': t.etag } : {}
      answer = count(await send(base, authorization, 'PATCH', `/v1/stories/${t.slug}`, { title, ...(status ? { status } : {}) }, headers))
      update(t, storyValue(title, status ?? previousStatus), answer)
    } else if (roll < 0.9 && ackedTags().length > 0) {
      const t = random.pick(ackedTags())
      const name = `Crash c${cycle} w${w} tag ${t.slug.split('-t').at(-1)} v${n}`
      answer = count(await send(base, authorization, 'PATCH', `/v1/tags/${t.slug}`, { name }))
      update(t, name, answer)
    } else {
      // Writes the API must refuse: an unknown section (422), a stale If-Match (412), a taken slug (409).
      const kind = random.int(0, 2)
      if (kind === 0 || ackedTags().length === 0) {
        const slug = `${prefix}-r${n}`
        const title = `Crash c${cycle} w${w} rejected ${n}`
        answer = count(await send(base, authorization, 'POST', '/v1/stories', { type: 'news', slug, title, status: 'published', section: 'no-such-section', authors: ['rhys-calloway'], bodyMarkdown: 'Never stored.' }))
        mine.stories.push(record('story', slug, storyValue(title, 'published'), answer))
      } else if (kind === 1) {
        const t = random.pick(ackedStories())
        const previousStatus = (t.acked.at(-1) ?? t.createValue).split('|')[1]!
        const title = `Crash c${cycle} w${w} stale ${n}`
        answer = count(await send(base, authorization, 'PATCH', `/v1/stories/${t.slug}`, { title }, { 'if-match': '"stale"' }))
        update(t, storyValue(title, previousStatus), answer)
      } else {
        const t = random.pick(ackedTags())
        const name = `Crash c${cycle} w${w} taken ${n}`
        answer = count(await send(base, authorization, 'POST', '/v1/tags', { slug: t.slug, name }))
        // A 409 leaves the tag as it was; were it acknowledged, this name would be its value.
        update(t, name, answer)
      }
    }
    if (ended(answer)) return
  }
}

// ---------------------------------------------------------------------------------------
// Checks

interface Judged { checked: number, acknowledgedWrites: number, lost: string[], phantom: string[] }

function judgeAll (tracked: Tracked[], observe: (t: Tracked) => string | null): Judged {
  const result: Judged = { checked: 0, acknowledgedWrites: 0, lost: [], phantom: [] }
  for (const t of tracked) {
    const observed = observe(t)
    const verdict = judge(t, observed)
    result.checked++
    result.acknowledgedWrites += t.acked.length
    const line = `${t.kind} ${t.slug}: found ${JSON.stringify(observed)}; acknowledged ${JSON.stringify(t.acked)}, unanswered ${JSON.stringify(t.pending)}, rejected ${JSON.stringify(t.forbidden)} (create ${t.created})`
    if (verdict === 'lost') result.lost.push(line)
    if (verdict === 'phantom') result.phantom.push(line)
  }
  return result
}

async function judgeOverHttp (base: string, authorization: string, tracked: Tracked[]): Promise<Judged & { errors: string[] }> {
  const observed = new Map<Tracked, string | null>()
  const errors: string[] = []
  const queue = [...tracked]
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      const res = await fetch(`${base}/v1/preview/${t.kind === 'story' ? 'stories' : 'tags'}/${t.slug}`, { headers: { authorization } })
      if (res.status === 404) { await res.arrayBuffer(); observed.set(t, null); continue }
      if (res.status !== 200) { errors.push(`GET preview of ${t.kind} ${t.slug}: ${res.status} ${await res.text()}`); observed.set(t, null); continue }
      const body = await res.json() as { status: string, story: { title: string }, name: string }
      observed.set(t, t.kind === 'story' ? storyValue(body.story.title, body.status) : body.name)
    }
  }))
  const judged = judgeAll(tracked.filter((t) => !errors.some((e) => e.includes(` ${t.slug}:`))), (t) => observed.get(t) ?? null)
  return { ...judged, errors }
}

interface FileCheck extends Judged { integrity: string[] }

/**
 * With the server down: the database file as the crash left it. A read-only connection
 * stays open throughout, so closing the read-write one does not checkpoint: the WAL is
 * left for the server to recover on its next start.
 */
function checkFile (databasePath: string, tracked: Tracked[]): FileCheck {
  const holder = new Sqlite(databasePath, { readonly: true })
  holder.prepare('SELECT COUNT(*) FROM sqlite_master').get() // opens the file: until then it holds no lock
  const db = new Sqlite(databasePath)
  const integrity: string[] = []
  try {
    const ic = db.pragma('integrity_check') as Array<{ integrity_check: string }>
    if (ic.length !== 1 || ic[0]!.integrity_check !== 'ok') integrity.push(`integrity_check: ${ic.map((r) => r.integrity_check).join('; ')}`)
    const fk = db.pragma('foreign_key_check') as unknown[]
    if (fk.length > 0) integrity.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 10))}`)
    try {
      db.exec("INSERT INTO story_search(story_search) VALUES('integrity-check')")
    } catch (err) {
      integrity.push(`FTS integrity-check: ${(err as Error).message}`)
    }
    const story = db.prepare('SELECT title, status FROM stories WHERE slug = ?')
    const tag = db.prepare('SELECT name FROM tags WHERE slug = ?').pluck()
    const judged = judgeAll(tracked, (t) => {
      if (t.kind === 'tag') return (tag.get(t.slug) as string | undefined) ?? null
      const row = story.get(t.slug) as { title: string, status: string } | undefined
      return row === undefined ? null : storyValue(row.title, row.status)
    })
    return { ...judged, integrity }
  } finally {
    db.close()
    holder.close()
  }
}

// ---------------------------------------------------------------------------------------
// The run

export interface CrashOptions {
  cycles: number
  seed?: number
  writers?: number
  runner?: 'tsx' | 'dist'
  /**
   * The kill comes this many ms after the first acknowledged write of the cycle: uniform
   * in [min, max]. (Counting from the first answer rather than from the start keeps the
   * server's warm-up, which varies with the machine's load, out of the window.)
   */
  killAfterMs?: [number, number]
  /** Keep the database directory after a successful run. */
  keep?: boolean
  log?: (line: string) => void
}

export interface CycleResult {
  cycle: number
  readyMs: number
  /** From the writers' start to the first acknowledged write, and to the kill. */
  firstAckMs: number
  killAtMs: number
  writes: WriteCounts
  /** Resources written in this cycle, checked in the file after the kill. */
  checked: number
  /** Acknowledged writes among them. */
  acknowledgedWrites: number
  /** The previous cycle's resources, checked over HTTP after this cycle's start. */
  checkedAfterRestart: number
  walBytesAtKill: number
  /** The WAL file after the checks: unchanged, so the restarted server recovers it itself. */
  walBytesAfterCheck: number
  lost: string[]
  phantom: string[]
  integrity: string[]
  ms: number
}

export interface CrashSummary {
  seed: number
  databasePath: string
  cycles: CycleResult[]
  final: { checked: number, acknowledgedWrites: number, checkedOverHttp: number, lost: string[], phantom: string[], integrity: string[], exitCode: number | null, walBytesAfterShutdown: number }
  totals: { cycles: number, acknowledged: number, acknowledgedWritesChecked: number, rejected: number, unanswered: number, refused: number, serverErrors: number, lost: number, phantom: number, integrityFailures: number }
  wallMs: number
  ok: boolean
}

const FIRST_ACK_TIMEOUT_MS = 20_000
const fileSize = (path: string) => existsSync(path) ? statSync(path).size : 0

export async function runCrash (options: CrashOptions): Promise<CrashSummary> {
  const started = Date.now()
  const seed = (options.seed ?? Math.floor(Math.random() * 2 ** 31)) >>> 0
  const writers = options.writers ?? 4
  const [killMin, killMax] = options.killAfterMs ?? [0, 1000]
  const log = options.log ?? ((line: string) => console.log(line))
  const random = prng(seed)
  const dir = mkdtempSync(join(tmpdir(), 'byline-crash-'))
  const databasePath = join(dir, 'byline.db')
  log(`crash: seed ${seed}, ${options.cycles} cycles, ${writers} writers, kill ${killMin}–${killMax} ms after the first acknowledged write, database ${databasePath}`)
  const { authorization } = await prepareDatabase(databasePath)

  const all: Tracked[] = []
  const cycles: CycleResult[] = []
  let previous: Tracked[] = []
  let failed = false
  let serverDead = false
  const live: ServerProcess[] = []

  try {
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const cycleStarted = Date.now()
      const server = await startServer({ databasePath, runner: options.runner ?? 'tsx' })
      live.push(server)
      const result: CycleResult = { cycle, readyMs: 0, firstAckMs: 0, killAtMs: 0, writes: zeroCounts(), checked: 0, acknowledgedWrites: 0, checkedAfterRestart: 0, walBytesAtKill: 0, walBytesAfterCheck: 0, lost: [], phantom: [], integrity: [], ms: 0 }
      cycles.push(result)
      try {
        result.readyMs = await waitReady(server)
      } catch (err) {
        result.integrity.push(`server did not start after the crash: ${(err as Error).message}`)
        failed = true
        serverDead = true
        await killServer(server)
        break
      }

      // What the previous crash left, as the restarted server sees it.
      const afterRestart = await judgeOverHttp(server.base, authorization, previous)
      result.checkedAfterRestart = afterRestart.checked
      result.lost.push(...afterRestart.lost.map((l) => `after restart: ${l}`))
      result.phantom.push(...afterRestart.phantom.map((l) => `after restart: ${l}`))
      result.integrity.push(...afterRestart.errors)

      const tracked: Tracked[] = []
      const killAt = random.int(killMin, killMax)
      let stopped = false
      const firstAck = new Promise<boolean>((resolve) => {
        result.writes.onAcknowledged = () => resolve(true)
        setTimeout(() => resolve(false), FIRST_ACK_TIMEOUT_MS).unref()
      })
      const writesStarted = Date.now()
      const writing = Array.from({ length: writers }, (_, w) =>
        writer(server.base, authorization, cycle, w + 1, prng(random.int(0, 2 ** 31)), () => stopped, tracked, result.writes))
      if (!await firstAck) result.integrity.push(`no write acknowledged within ${FIRST_ACK_TIMEOUT_MS} ms`)
      result.firstAckMs = Date.now() - writesStarted
      await new Promise((resolve) => setTimeout(resolve, killAt))
      server.child.kill('SIGKILL')
      result.killAtMs = Date.now() - writesStarted
      delete result.writes.onAcknowledged
      await server.exited
      stopped = true
      await Promise.all(writing)
      result.walBytesAtKill = fileSize(walPath(databasePath))

      const file = checkFile(databasePath, tracked)
      result.walBytesAfterCheck = fileSize(walPath(databasePath))
      result.checked = file.checked
      result.acknowledgedWrites = file.acknowledgedWrites
      result.lost.push(...file.lost)
      result.phantom.push(...file.phantom)
      result.integrity.push(...file.integrity)
      all.push(...tracked)
      previous = tracked
      result.ms = Date.now() - cycleStarted

      const w = result.writes
      log(`cycle ${cycle}/${options.cycles}: ready ${result.readyMs} ms; first answer ${result.firstAckMs} ms, killed ${result.killAtMs} ms into the writes; ` +
        `${w.acknowledged} acknowledged, ${w.rejected} rejected, ${w.unanswered} unanswered, ${w.refused} refused${w.serverErrors ? `, ${w.serverErrors} 5xx` : ''}; ` +
        `WAL file ${(result.walBytesAtKill / 1024).toFixed(0)} KiB${result.walBytesAfterCheck === result.walBytesAtKill ? '' : ` (${result.walBytesAfterCheck} bytes after the checks)`}; checked ${result.checked} resources (${result.acknowledgedWrites} acknowledged writes) in the file, ${result.checkedAfterRestart} over HTTP after restart; ` +
        `lost ${result.lost.length}, phantom ${result.phantom.length}, integrity ${result.integrity.length === 0 ? 'ok' : 'FAILED'} (${result.ms} ms)`)
      for (const line of [...result.lost, ...result.phantom, ...result.integrity].slice(0, 20)) log(`  ${line}`)
      if (result.lost.length + result.phantom.length + result.integrity.length + w.serverErrors > 0) failed = true
    }

    // Last restart: the last cycle over HTTP, then a graceful stop that must leave the WAL empty.
    const final: CrashSummary['final'] = { checked: 0, acknowledgedWrites: 0, checkedOverHttp: 0, lost: [], phantom: [], integrity: [], exitCode: null, walBytesAfterShutdown: 0 }
    if (!serverDead) {
      const server = await startServer({ databasePath, runner: options.runner ?? 'tsx' })
      live.push(server)
      try {
        await waitReady(server)
        const http = await judgeOverHttp(server.base, authorization, previous)
        final.checkedOverHttp = http.checked
        final.lost.push(...http.lost.map((l) => `after restart: ${l}`))
        final.phantom.push(...http.phantom.map((l) => `after restart: ${l}`))
        final.integrity.push(...http.errors)
        server.child.kill('SIGTERM')
        final.exitCode = (await server.exited).code
        if (final.exitCode !== 0) final.integrity.push(`graceful stop exited ${final.exitCode}`)
      } catch (err) {
        final.integrity.push(`final start: ${(err as Error).message}`)
        await killServer(server)
      }
      final.walBytesAfterShutdown = fileSize(walPath(databasePath))
      if (final.walBytesAfterShutdown > 0) final.integrity.push(`WAL not truncated on shutdown: ${final.walBytesAfterShutdown} bytes`)
      // Everything ever written, in its final state.
      const file = checkFile(databasePath, all)
      final.checked = file.checked
      final.acknowledgedWrites = file.acknowledgedWrites
      final.lost.push(...file.lost)
      final.phantom.push(...file.phantom)
      final.integrity.push(...file.integrity)
      log(`final: ${final.checkedOverHttp} resources of the last cycle checked over HTTP; graceful stop exit ${final.exitCode}, WAL ${final.walBytesAfterShutdown} bytes; ` +
        `all ${final.checked} resources (${final.acknowledgedWrites} acknowledged writes) checked in the file: lost ${final.lost.length}, phantom ${final.phantom.length}, integrity ${final.integrity.length === 0 ? 'ok' : 'FAILED'}`)
      for (const line of [...final.lost, ...final.phantom, ...final.integrity].slice(0, 20)) log(`  ${line}`)
      if (final.lost.length + final.phantom.length + final.integrity.length > 0) failed = true
    }

    const sum = (f: (c: CycleResult) => number) => cycles.reduce((n, c) => n + f(c), 0)
    const totals: CrashSummary['totals'] = {
      cycles: cycles.length,
      acknowledged: sum((c) => c.writes.acknowledged),
      acknowledgedWritesChecked: sum((c) => c.acknowledgedWrites),
      rejected: sum((c) => c.writes.rejected),
      unanswered: sum((c) => c.writes.unanswered),
      refused: sum((c) => c.writes.refused),
      serverErrors: sum((c) => c.writes.serverErrors),
      lost: sum((c) => c.lost.length) + final.lost.length,
      phantom: sum((c) => c.phantom.length) + final.phantom.length,
      integrityFailures: sum((c) => c.integrity.length) + final.integrity.length
    }
    const wallMs = Date.now() - started
    log(`total: ${totals.cycles} cycles, ${totals.acknowledged} acknowledged writes checked (plus ${totals.rejected} rejected, ${totals.unanswered} unanswered, ${totals.refused} refused), ` +
      `lost ${totals.lost}, phantom ${totals.phantom}, integrity failures ${totals.integrityFailures}, 5xx ${totals.serverErrors}; wall time ${(wallMs / 1000).toFixed(1)} s; seed ${seed}`)
    const ok = !failed && totals.cycles === options.cycles
    return { seed, databasePath, cycles, final, totals, wallMs, ok }
  } finally {
    await Promise.all(live.map(killServer))
    if (!failed && options.keep !== true) rmSync(dir, { recursive: true, force: true })
    else log(`database kept in ${dir}`)
  }
}

if (isEntryPoint(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      cycles: { type: 'string', default: '100' },
      seed: { type: 'string' },
      writers: { type: 'string', default: '4' },
      runner: { type: 'string', default: 'tsx' },
      keep: { type: 'boolean', default: false }
    }
  })
  const number = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined
    if (!/^\d+$/.test(raw)) { console.error(`--${name} must be a non-negative integer`); process.exit(2) }
    return Number(raw)
  }
  if (values.runner !== 'tsx' && values.runner !== 'dist') { console.error('--runner is tsx or dist'); process.exit(2) }
  const summary = await runCrash({
    cycles: number('cycles', values.cycles) ?? 100,
    seed: number('seed', values.seed),
    writers: number('writers', values.writers) ?? 4,
    runner: values.runner,
    keep: values.keep
  })
  process.exit(summary.ok ? 0 : 1)
}
