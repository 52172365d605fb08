/**
 * The write rows: an editor's PATCH of a story's title, with If-Match, under load alone
 * and alongside random reads. Each connection writes a story no other connection is
 * writing at that moment (a pool of twice as many stories as connections), with the ETag
 * the story's last write answered; so no write meets a 412.
 *
 * Leaving both engines' archives alike (bench/sqlite-archive.ts counts them to reuse the
 * PostgreSQL copy): the stories written are the oldest public ones, each title is put
 * back when the rows are done, and the key is revoked. What stays is what a change log
 * must keep, `changes` rows and the key's row, the two tables left out of the count.
 */
import { spawnSync } from 'node:child_process'
import { request } from 'node:http'
import { CONNECTIONS, ROOT } from './options.js'
import { childEnv } from './processes.js'
import { load, type Dynamic, type Figures } from './load.js'

/** The mark of a title the write rows changed: a run stopped before putting titles back leaves it, and the next one takes it off. */
export const REVISED = ' (revised)'

export interface Writable { slug: string, title: string }
export interface WriteFigures { patchAlone: Figures, readsAlone: Figures, readsWithWrites: Figures, writesWithReads: Figures, storiesWritten: number }

/** An editor key made with `npm run keys` in the engine's database (its `byl_<id>_…` token and its id). */
export function editorKey (database: Record<string, string>): { token: string, id: string } {
  const run = spawnSync(process.execPath, ['dist/src/cli/keys.js', 'create', '--role', 'editor', '--name', 'npm run bench (write rows)'], { cwd: ROOT, env: childEnv({ ...database, LOG_LEVEL: 'warn' }), encoding: 'utf8' })
  const token = /byl_\S+/.exec(run.stdout ?? '')?.[0]
  if (run.status !== 0 || token === undefined) throw new Error(`npm run keys -- create failed: ${run.stderr}`)
  return { token, id: token.split('_')[1]! }
}

export function revokeKey (database: Record<string, string>, id: string): void {
  spawnSync(process.execPath, ['dist/src/cli/keys.js', 'revoke', id], { cwd: ROOT, env: childEnv({ ...database, LOG_LEVEL: 'warn' }), stdio: 'ignore' })
}

function send (port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number, etag: string, body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk }).on('end', () => resolve({ status: res.statusCode ?? 0, etag: String(res.headers.etag ?? ''), body: text }))
    }).on('error', reject)
    req.end(body)
  })
}

/** PATCHes of the pool's titles, each story's title and its " (revised)" form in turn. */
function titleWrites (port: number, token: string, stories: Writable[]): Dynamic {
  const etags = new Map<string, string>()
  const revised = new Map<string, boolean>()
  let free: Writable[] = []
  const bySlug = new Map(stories.map((s) => [s.slug, s]))
  const auth = { authorization: `Bearer ${token}` }
  return {
    async reset () {
      // A run stops with writes in flight: their answers (and ETags) never arrive, and the
      // server may commit them after a preview read at once; so they are given a second.
      await new Promise((resolve) => setTimeout(resolve, 1000))
      for (const s of stories) {
        const preview = await send(port, 'GET', `/v1/preview/stories/${s.slug}`, auth)
        if (preview.status !== 200) throw new Error(`preview ${s.slug}: ${preview.status} ${preview.body.slice(0, 200)}`)
        etags.set(s.slug, preview.etag)
      }
      free = [...stories]
    },
    next () {
      const s = free.pop()
      if (s === undefined) throw new Error('no story free to write: more connections than the pool allows')
      const flip = !(revised.get(s.slug) ?? false)
      revised.set(s.slug, flip)
      const body = JSON.stringify({ title: flip ? `${s.title}${REVISED}` : s.title })
      return { method: 'PATCH', path: `/v1/stories/${s.slug}`, headers: { ...auth, 'content-type': 'application/json', 'if-match': etags.get(s.slug)! }, body }
    },
    answered (status, body, headers) {
      if (status !== 200) return
      // The answer names the story: the request it answers is not at hand here.
      const s = bySlug.get((JSON.parse(body) as { story?: { slug?: string } }).story?.slug ?? '')
      if (s === undefined) return
      etags.set(s.slug, headers.etag ?? headers.ETag ?? '')
      free.push(s)
    }
  }
}

/** Puts back every title the rows changed (an editor's PATCH too, so both engines log it alike). */
async function restore (port: number, token: string, stories: Writable[]): Promise<void> {
  const auth = { authorization: `Bearer ${token}` }
  for (const s of stories) {
    const preview = await send(port, 'GET', `/v1/preview/stories/${s.slug}`, auth)
    const title = JSON.parse(preview.body) as { title?: string, data?: { title?: string } }
    if ((title.title ?? title.data?.title) === s.title) continue
    const put = await send(port, 'PATCH', `/v1/stories/${s.slug}`, { ...auth, 'content-type': 'application/json', 'if-match': preview.etag }, JSON.stringify({ title: s.title }))
    if (put.status !== 200) throw new Error(`restoring the title of ${s.slug}: ${put.status} ${put.body.slice(0, 200)}`)
  }
}

/**
 * PATCH/s alone; then random first-visit reads alone, and the same number of connections
 * reading other random stories while as many write (both autocannon runs in this process).
 */
export async function writeRows (port: number, database: Record<string, string>, stories: Writable[], reads: { alone: string[], withWrites: string[] }): Promise<WriteFigures> {
  if (stories.length < CONNECTIONS * 2) throw new Error(`the write rows need ${CONNECTIONS * 2} public stories, the archive has ${stories.length}`)
  const key = editorKey(database)
  const path = `/v1/stories/${stories[0]!.slug}`
  try {
    const patchAlone = await load(port, { path, dynamic: titleWrites(port, key.token, stories) })
    const readsAlone = await load(port, { path: reads.alone[0]!, paths: reads.alone })
    const [readsWithWrites, writesWithReads] = await Promise.all([
      load(port, { path: reads.withWrites[0]!, paths: reads.withWrites }),
      load(port, { path, dynamic: titleWrites(port, key.token, stories) })
    ])
    return { patchAlone, readsAlone, readsWithWrites, writesWithReads, storiesWritten: stories.length }
  } finally {
    await restore(port, key.token, stories)
    revokeKey(database, key.id)
  }
}
