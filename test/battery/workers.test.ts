/**
 * WORKERS=2: the real server as a cluster (src/cluster/primary.ts), started the way
 * production starts it (src/server.ts, through tsx), on a file database and one port.
 *
 * Which worker answered is read from the log: every line pino writes carries the pid of
 * the process that wrote it, and the primary logs each worker's pid when it forks it.
 * Requests go over fresh connections (no keep-alive), so node:cluster hands them round
 * the workers.
 *
 * Self-contained on purpose (node built-ins and the CLI only): it drives the server from
 * outside, as an operator would.
 */
import { spawn, execFile, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import { freePort } from '../../reliability/process.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface LogLine { pid?: number, msg?: string, role?: string, workers?: number, workerPid?: number, req?: { method?: string, url?: string }, code?: number }

function logLines (output: string): LogLine[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return []
    try { return [JSON.parse(line) as LogLine] } catch { return [] }
  })
}

interface Answer { status?: number, body?: string, error?: string }

/** One request on a connection of its own, closed after the answer. */
function send (port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, agent: false, headers: { connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', (err) => resolve({ error: `response: ${err.message}` }))
    })
    req.setTimeout(8_000, () => req.destroy(new Error('timeout')))
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }))
    req.end(body)
  })
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

// The checks run side by side: they spend most of their time booting (the second worker
// only once the first listens). The generous waits are for a busy machine: a worker's
// boot under tsx has taken 15 s with a load average of 9 on 2 cores.
t.jobs = 4

interface Cluster {
  primary: ChildProcessWithoutNullStreams
  port: number
  env: Record<string, string | undefined>
  output (): string
  lines (): LogLine[]
  forkedPids (): number[]
  listeningPids (): number[]
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  waitFor (what: string, condition: () => boolean, timeoutMs?: number): Promise<void>
}

/** The server with WORKERS=2 on a fresh database; `detached` puts it in a process group of its own. */
async function startCluster (t: Test, env: Record<string, string> = {}, detached = false): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'byline-workers-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const port = await freePort()
  const fullEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'byline.db'),
    LOG_LEVEL: 'info',
    SEED_DEMO: 'true',
    WORKERS: '2',
    RATE_LIMIT_KEY: '1000000',
    // Load shedding out of the way: a busy machine must not turn writes into 503s.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env
  }
  const primary: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'], detached })
  let output = ''
  primary.stdout.on('data', (d: Buffer) => { output += d.toString() })
  primary.stderr.on('data', (d: Buffer) => { output += d.toString() })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => primary.once('exit', (code, signal) => resolve({ code, signal })))
  const lines = () => logLines(output)
  const forkedPids = () => lines().filter((l) => l.role === 'primary' && l.msg === 'worker forked').map((l) => l.workerPid!)
  const listeningPids = () => lines().filter((l) => l.role === 'primary' && l.msg === 'worker listening').map((l) => l.workerPid!)
  t.teardown(() => {
    for (const pid of [...forkedPids(), primary.pid ?? 0]) if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL')
  })
  const waitFor = async (what: string, condition: () => boolean, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs
    while (!condition()) {
      if (primary.exitCode !== null || primary.signalCode !== null) throw new Error(`the primary exited while waiting for ${what}:\n${output.slice(-4000)}`)
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output.slice(-4000)}`)
      await sleep(50)
    }
  }
  return { primary, port, env: fullEnv, output: () => output, lines, forkedPids, listeningPids, exited, waitFor }
}

t.test('WORKERS=2: one port, both workers answer, shared rate limits, writes survive a killed worker, SIGTERM drains all', async (t) => {
  const { primary, port, env, output, lines, forkedPids, listeningPids, exited, waitFor } = await startCluster(t, { RATE_LIMIT_ANONYMOUS: '20', RATE_LIMIT_WINDOW_SECONDS: '60' })
  await waitFor('two workers listening', () => listeningPids().length >= 2)
  const start = lines().find((l) => l.role === 'primary' && l.workers !== undefined)
  t.equal(start?.workers, 2, 'the primary logs how many workers it runs')
  const workers = listeningPids()
  t.equal(new Set(workers).size, 2, `two worker processes: ${workers.join(', ')}`)
  t.notOk(workers.includes(primary.pid!), 'neither is the primary')

  // (b) The anonymous limit holds across the workers: 40 requests, 20 allowed.
  const LIMITED = '/v1/stories?limit=1'
  const statuses: Array<number | string> = []
  for (let i = 0; i < 40; i++) {
    const answer = await send(port, 'GET', LIMITED)
    statuses.push(answer.status ?? answer.error!)
  }
  t.equal(statuses.filter((s) => s !== 429).length, 20, `20 of 40 allowed in all: ${statuses.join(' ')}`)
  t.same(statuses.filter((s) => s !== 429), Array(20).fill(200), 'and those answered 200')

  // (a) Both workers answered them.
  const answeredBy = new Set(lines().filter((l) => l.msg === 'incoming request' && l.req?.url === LIMITED).map((l) => l.pid))
  t.same([...answeredBy].sort(), [...workers].sort(), 'both workers answered')

  // (c) Writes from both workers, one killed in the middle. An editor key from the CLI,
  // on the same database file while the server runs.
  const keys = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', 'create', '--role', 'editor', '--name', 'workers battery'], { cwd: root, env })
  const token = keys.stdout.split('\n').map((l) => l.trim()).find((l) => /^by[a-z]*_\S+$/.test(l))
  t.ok(token, `the CLI printed a token: ${keys.stdout}`)
  const authorization = `Bearer ${token}`

  const WRITES = 200
  const CONCURRENCY = 16
  const victim = workers[0]!
  let next = 0
  let done = 0
  let killedAt = -1
  const results: Array<{ slug: string, answer: Answer }> = []
  const writer = async () => {
    while (next < WRITES) {
      const n = next++
      const slug = `worker-write-${n}`
      const body = JSON.stringify({
        type: 'news',
        slug,
        title: `Worker write ${n}`,
        dek: 'Written while a worker dies.',
        bodyMarkdown: `Write number ${n}.`,
        section: 'movies',
        authors: ['rhys-calloway'],
        tags: ['drama'],
        subject: null,
        verdict: null
      })
      const answer = await send(port, 'POST', '/v1/stories', { authorization, 'content-type': 'application/json' }, body)
      results.push({ slug, answer })
      if (++done === WRITES / 4) {
        killedAt = results.length
        process.kill(victim, 'SIGKILL')
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, writer))
  t.ok(killedAt > 0, `worker ${victim} killed after ${killedAt} answers`)

  const created = results.filter((r) => r.answer.status === 201)
  const failed = results.filter((r) => r.answer.error !== undefined)
  const other = results.filter((r) => r.answer.status !== undefined && r.answer.status !== 201)
  t.same(other.map((r) => `${r.slug}: ${r.answer.status} ${r.answer.body?.slice(0, 300)}`), [], 'every answer was a 201: no 5xx, no SQLITE_BUSY')
  t.ok(failed.length <= CONCURRENCY, `connection errors only for the requests in flight on the killed worker: ${failed.length} (${[...new Set(failed.map((r) => r.answer.error))].join(', ')})`)
  t.ok(created.length >= WRITES - CONCURRENCY, `${created.length} of ${WRITES} writes acknowledged`)

  // Every acknowledged write is there (read on a keep-alive connection: any worker).
  const missing: string[] = []
  for (const { slug } of created) {
    const res = await fetch(`http://127.0.0.1:${port}/v1/preview/stories/${slug}`, { headers: { authorization } })
    const story = await res.json() as { story?: { slug?: string } }
    if (res.status !== 200 || story.story?.slug !== slug) missing.push(`${slug}: ${res.status}`)
  }
  t.same(missing, [], 'every acknowledged write is present')

  // (d) The killed worker was replaced, and its replacement answers.
  await waitFor('a replacement worker listening', () => listeningPids().length >= 3)
  const replacement = listeningPids().find((pid) => !workers.includes(pid))!
  t.ok(replacement !== undefined && alive(replacement), `worker ${victim} replaced by ${replacement}`)
  t.notOk(alive(victim), 'the killed worker is gone')
  const answeredByReplacement = () => lines().some((l) => l.msg === 'incoming request' && l.pid === replacement)
  for (let i = 0; i < 20 && !answeredByReplacement(); i++) {
    await send(port, 'GET', '/v1/sections', { authorization })
    await sleep(20)
  }
  t.ok(answeredByReplacement(), 'the replacement answers requests')

  // (e) SIGTERM to the primary: every worker drains, exit 0, no worker left.
  const everyWorker = forkedPids()
  primary.kill('SIGTERM')
  const exit = await exited
  t.same(exit, { code: 0, signal: null }, `the primary exits 0:\n${output().split('\n').filter((l) => !l.includes('"reqId"')).slice(-12).join('\n')}`)
  await sleep(100)
  t.same(everyWorker.filter(alive), [], 'no worker process is left')
  const drained = lines().filter((l) => l.msg === 'shutting down' && l.role !== 'primary').map((l) => l.pid)
  t.same([...drained].sort(), [...everyWorker.filter((pid) => pid !== victim)].sort(), 'each live worker drained (logged its own shutdown)')
})

t.test('Ctrl-C: SIGINT to the whole process group drains each worker once, replaces none, exits 0', async (t) => {
  const { primary, lines, forkedPids, listeningPids, exited, waitFor, output } = await startCluster(t, { SEED_DEMO: 'false' }, true)
  await waitFor('two workers listening', () => listeningPids().length >= 2)
  const workers = listeningPids()
  process.kill(-primary.pid!, 'SIGINT') // what a terminal does
  const exit = await exited
  t.same(exit, { code: 0, signal: null }, `the primary exits 0:\n${output().slice(-3000)}`)
  await sleep(100)
  t.same(workers.filter(alive), [], 'no worker process is left')
  t.same(forkedPids().length, 2, 'no worker was replaced')
  const shutdowns = lines().filter((l) => l.msg === 'shutting down' && l.role !== 'primary').map((l) => l.pid)
  t.same([...shutdowns].sort(), [...workers].sort(), 'each worker drained once, when the primary told it')
  t.notOk(lines().some((l) => /second signal/.test(l.msg ?? '')), 'no process took it for a second signal')
})

t.test('a first worker that cannot boot: the primary exits 1 at once, forking nothing more', async (t) => {
  // A database path under a regular file cannot be created.
  const dir = mkdtempSync(join(tmpdir(), 'byline-workers-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'file'), '')
  const { exited, forkedPids, output } = await startCluster(t, { DATABASE_PATH: join(dir, 'file', 'byline.db'), SEED_DEMO: 'false' })
  const exit = await exited
  t.same(exit, { code: 1, signal: null }, `the primary exits 1:\n${output().slice(-3000)}`)
  t.equal(forkedPids().length, 1, 'only the first worker was forked')
})

t.test('WORKERS=2 on an in-memory database is refused (78): each worker would have its own', async (t) => {
  const { exited, forkedPids, output } = await startCluster(t, { DATABASE_PATH: ':memory:' })
  const exit = await exited
  t.same(exit, { code: 78, signal: null }, 'exit 78 (EX_CONFIG)')
  t.match(output(), /WORKERS: more than one worker needs a database file or PostgreSQL/)
  t.equal(forkedPids().length, 0, 'no worker was forked')
})
