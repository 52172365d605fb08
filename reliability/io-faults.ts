/**
 * I/O faults: the server runs under libfiu (Debian's fiu-utils), which makes `pwrite`
 * fail 5 % of the time and `fsync` 20 % of the time once it is up. Writers keep writing;
 * every answer must be a success or a 503 problem+json without driver text, the process
 * must stay up, nothing acknowledged may go missing, and once the faults stop the very
 * same process must write again without a restart.
 *
 *   npm run io-faults -- --writes 2000 [--seed N]
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Sqlite from 'better-sqlite3'
import { isEntryPoint } from '../src/paths.js'
import { prepareDatabase, startServer, waitReady, type ServerProcess } from './process.js'

export interface IoFaultReport {
  writes: number
  acknowledged: number
  unavailable: number
  unexpected: string[]
  leaked: string[]
  lost: string[]
  stayedUp: boolean
  recoveredWrites: number
  /** Log lines the server wrote (at info: one per request and answer), and how many held the key. */
  logLines: number
  linesWithKey: number
  integrity: string
  ms: number
}

const DRIVER_TEXT = /sqlite|ioerr|disk i\/o|SQLITE_|\bat \S+ \(|node_modules/i
const FAULTS = ['enable_random name=posix/io/rw/pwrite,probability=0.05', 'enable_random name=posix/io/sync/fsync,probability=0.2']

export const fiuAvailable = (): boolean => spawnSync('which', ['fiu-run']).status === 0

function fiuCtrl (server: ServerProcess, commands: string[]): void {
  execFileSync('fiu-ctrl', [...commands.flatMap((c) => ['-c', c]), String(server.child.pid)])
}

interface Outcome { status: number, body: string }

async function send (server: ServerProcess, authorization: string, method: string, path: string, body?: unknown): Promise<Outcome> {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: res.status, body: await res.text() }
}

/** Runs the whole check on a fresh database in a temporary folder. */
export async function runIoFaults (options: { writes: number, writers?: number }): Promise<IoFaultReport> {
  const started = Date.now()
  const dir = mkdtempSync(join(tmpdir(), 'byline-io-faults-'))
  const databasePath = join(dir, 'byline.db')
  const { authorization } = await prepareDatabase(databasePath)
  const server = await startServer({ databasePath, prefix: ['fiu-run', '-x'], logLevel: 'info' })
  const report: IoFaultReport = { writes: 0, acknowledged: 0, unavailable: 0, unexpected: [], leaked: [], lost: [], stayedUp: true, recoveredWrites: 0, logLines: 0, linesWithKey: 0, integrity: '', ms: 0 }
  // What the server said it kept: tag slug → name; story slug → its last acknowledged
  // title, and the titles of later retitles that got a 503 (the one write that may or
  // may not have been saved). Each writer retitles only its own stories, so the order
  // of its answers is the order of its writes.
  const tags = new Map<string, string>()
  const stories = new Map<string, { title: string, unsure: Set<string> }>()
  try {
    await waitReady(server)
    fiuCtrl(server, FAULTS)
    let next = 0
    const writer = async () => {
      const mine: string[] = []
      while (next < options.writes) {
        const n = next++
        report.writes++
        const story = mine[n % Math.max(1, mine.length)]
        const title = `Retitled ${n}`
        const [method, path, body] = n % 3 === 2 && story !== undefined
          ? ['PATCH', `/v1/stories/${story}`, { title }]
          : n % 3 === 1
            ? ['POST', '/v1/stories', { type: 'news', title: `Fault news ${n}`, bodyMarkdown: `Written under faults, number ${n}.`, section: 'movies', authors: ['rhys-calloway'], status: 'published' }]
            : ['POST', '/v1/tags', { name: `Fault tag ${n}` }]
        const res = await send(server, authorization, method, path, body).catch((err: Error) => ({ status: 0, body: err.message }))
        if (res.status === 200 || res.status === 201) {
          report.acknowledged++
          const json = JSON.parse(res.body) as { slug?: string, name?: string, story?: { slug: string, title: string } }
          if (json.story === undefined) tags.set(json.slug!, json.name!)
          else if (method === 'POST') {
            stories.set(json.story.slug, { title: json.story.title, unsure: new Set() })
            mine.push(json.story.slug)
          } else stories.set(json.story.slug, { title: json.story.title, unsure: new Set() })
        } else if (res.status === 503) {
          report.unavailable++
          if (method === 'PATCH') stories.get(story!)!.unsure.add(title)
          if (!/^\{"type":/.test(res.body)) report.unexpected.push(`503 without problem+json: ${res.body.slice(0, 200)}`)
        } else {
          report.unexpected.push(`${method} ${path} → ${res.status}: ${res.body.slice(0, 200)}`)
        }
        if (DRIVER_TEXT.test(res.body)) report.leaked.push(`${method} ${path} → ${res.status}: ${res.body.slice(0, 200)}`)
        if (server.child.exitCode !== null || server.child.signalCode !== null) { report.stayedUp = false; return }
      }
    }
    await Promise.all(Array.from({ length: options.writers ?? 4 }, writer))

    // Faults off: the same process writes again, and everything it acknowledged is there.
    fiuCtrl(server, ['disable name=posix/io/rw/pwrite', 'disable name=posix/io/sync/fsync'])
    for (let i = 0; i < 20; i++) {
      const res = await send(server, authorization, 'POST', '/v1/tags', { name: `After the storm ${i}` })
      if (res.status === 201) report.recoveredWrites++
    }
    for (const [slug, name] of tags) {
      const res = await send(server, authorization, 'GET', `/v1/preview/tags/${slug}`)
      if (res.status !== 200 || (JSON.parse(res.body) as { name: string }).name !== name) report.lost.push(`tag ${slug}`)
    }
    for (const [slug, { title, unsure }] of stories) {
      const res = await send(server, authorization, 'GET', `/v1/preview/stories/${slug}`)
      const story = res.status === 200 ? (JSON.parse(res.body) as { story: { title: string } }).story : null
      if (story === null || !(story.title === title || unsure.has(story.title))) report.lost.push(`story ${slug}: ${story?.title ?? 'missing'}, expected ${title}`)
    }
    report.stayedUp &&= server.child.exitCode === null
  } finally {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM')
      await server.exited
    }
    const secret = authorization.slice('Bearer '.length)
    const lines = server.output().split('\n').filter(Boolean)
    report.logLines = lines.length
    report.linesWithKey = lines.filter((line) => line.includes(secret) || line.includes(secret.slice(-43))).length
    const db = new Sqlite(databasePath)
    report.integrity = [
      db.pragma('integrity_check', { simple: true }) as string,
      (db.pragma('foreign_key_check') as unknown[]).length === 0 ? 'foreign keys ok' : 'foreign key violations',
      (() => { try { db.prepare("INSERT INTO story_search(story_search) VALUES('integrity-check')").run(); return 'fts ok' } catch (err) { return `fts: ${(err as Error).message}` } })()
    ].join(', ')
    db.close()
    rmSync(dir, { recursive: true, force: true })
    report.ms = Date.now() - started
  }
  return report
}

if (isEntryPoint(import.meta.url)) {
  const { values } = parseArgs({ options: { writes: { type: 'string', default: '2000' }, writers: { type: 'string', default: '4' } } })
  if (!fiuAvailable()) {
    console.error('fiu-run not found: apt-get install fiu-utils')
    process.exit(2)
  }
  const report = await runIoFaults({ writes: Number(values.writes), writers: Number(values.writers) })
  console.log(JSON.stringify(report, null, 2))
  const ok = report.linesWithKey === 0 && report.stayedUp && report.unexpected.length === 0 && report.leaked.length === 0 && report.lost.length === 0 && report.recoveredWrites === 20 && report.integrity === 'ok, foreign keys ok, fts ok'
  console.log(`${report.writes} writes under faults: ${report.acknowledged} acknowledged, ${report.unavailable} answered 503, ${report.unexpected.length} unexpected, ${report.leaked.length} leaking driver text, ${report.lost.length} acknowledged writes lost; process ${report.stayedUp ? 'stayed up' : 'DIED'}; ${report.recoveredWrites}/20 writes after the faults stopped; ${report.linesWithKey} of ${report.logLines} log lines hold the key; integrity: ${report.integrity}; ${(report.ms / 1000).toFixed(1)} s`)
  process.exit(ok ? 0 : 1)
}
