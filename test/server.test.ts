/** The real server, started the way `npm start` starts it, answers over HTTP. */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { freePort } from '../reliability/process.js'
import { projectRoot } from '../src/paths.js'

// A fresh clone builds first (tsc over the whole project): on a busy 2-core machine that took past 90 s.
t.test('npm start serves the demo publication', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byline-server-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const port = await freePort()
  // `npm start` is the launcher (build if needed, then the server in the same process):
  // run it without npm, so the signal below reaches the server itself.
  const root = projectRoot()
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>
  t.equal(scripts.start, 'node scripts/start.mjs', 'npm start is the launcher')
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'byline.db'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (d: Buffer) => { output += d.toString() })
  child.stderr.on('data', (d: Buffer) => { output += d.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })

  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 240_000
  let ready = false
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    try { ready = (await fetch(`${base}/readyz`)).ok } catch { await new Promise((resolve) => setTimeout(resolve, 250)) }
  }
  t.ok(ready, `server became ready (output: ${output.slice(-2000)})`)

  const list = await fetch(`${base}/v1/reviews?limit=1`)
  t.equal(list.status, 200)
  const slug = (await list.json() as { data: Array<{ slug: string }> }).data[0]!.slug
  const res = await fetch(`${base}/v1/reviews/${slug}`)
  t.equal(res.status, 200)
  t.match(res.headers.get('content-type'), /^application\/json/)
  const review = await res.json() as { type: string, verdict: { normalizedScore: number } }
  t.equal(review.type, 'review')
  t.type(review.verdict.normalizedScore, 'number')
  t.equal((await fetch(`${base}/docs`)).status, 200, 'Swagger UI is served')

  child.kill('SIGTERM')
  t.equal(await exited, 0, 'exits cleanly on SIGTERM')
})
