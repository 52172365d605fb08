/**
 * Graceful shutdown of the real server process under load: SIGTERM mid-stream.
 *
 * "Accepted before SIGTERM" means the server had received the request's head: Fastify
 * logged it as an incoming request. Those must complete, and their answers must reach
 * the client. Requests whose head arrives during shutdown on a connection that is still
 * open get a 503 problem+json with Retry-After; new connections are refused.
 */
import { request as httpRequest, Agent } from 'node:http'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import t from 'tap'
import { killServer, prepareDatabase, startServer, waitReady, walPath, type ServerProcess } from '../../reliability/process.js'

// The two servers run side by side: the second spends 8 s waiting on a stuck client.
t.jobs = 2

const LOAD_URL = '/v1/stories?limit=5'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface LogLine { msg?: string, reqId?: string, req?: { method: string, url: string }, res?: { statusCode: number }, level?: number }
const logLines = (server: ServerProcess): LogLine[] => server.output().split('\n').flatMap((line) => {
  if (!line.startsWith('{')) return []
  try { return [JSON.parse(line) as LogLine] } catch { return [] }
})

interface RawResponse { status: number, headers: Record<string, string>, body: string }

/** A socket that collects HTTP/1.1 responses (Content-Length bodies) as they arrive. */
function rawConnection (port: number) {
  const socket: Socket = connect(port, '127.0.0.1')
  let buffer = Buffer.alloc(0)
  const responses: RawResponse[] = []
  let closed = false
  let waiter: (() => void) | null = null
  const wake = () => { const w = waiter; waiter = null; w?.() }
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) break
      const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n')
      const headers = Object.fromEntries(lines.map((l) => { const i = l.indexOf(':'); return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()] }))
      const length = Number(headers['content-length'] ?? 0)
      if (buffer.length < end + 4 + length) break
      responses.push({ status: Number(statusLine!.split(' ')[1]), headers, body: buffer.subarray(end + 4, end + 4 + length).toString('utf8') })
      buffer = buffer.subarray(end + 4 + length)
    }
    wake()
  })
  socket.on('error', () => {})
  socket.on('close', () => { closed = true; wake() })
  const connected = new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
  return {
    socket,
    responses,
    get closed () { return closed },
    connected,
    /** Resolves when `n` responses have arrived or the socket closed. */
    async responsesOrClose (n: number, timeoutMs = 8000): Promise<RawResponse[]> {
      const deadline = Date.now() + timeoutMs
      while (responses.length < n && !closed && Date.now() < deadline) {
        await new Promise<void>((resolve) => { waiter = resolve; setTimeout(resolve, 50) })
      }
      return responses
    }
  }
}

interface LoadResult { start: number, end: number, status?: number, contentType?: string, retryAfter?: string, code?: string, error?: string }

/** One keep-alive connection sending GETs one after another, a few ms apart, until a connection error or `until()`. */
async function loadLoop (port: number, until: () => boolean, results: LoadResult[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    while (!until()) {
      const start = Date.now()
      const result = await new Promise<LoadResult>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: LOAD_URL, agent }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8')
            let code: string | undefined
            if (res.statusCode !== 200) { try { code = (JSON.parse(body) as { code?: string }).code } catch { code = 'unparsable' } }
            resolve({ start, end: Date.now(), status: res.statusCode, contentType: res.headers['content-type'], retryAfter: res.headers['retry-after'], code })
          })
          res.on('error', (err) => resolve({ start, end: Date.now(), error: `response: ${err.message}` }))
        })
        req.on('error', (err: NodeJS.ErrnoException) => resolve({ start, end: Date.now(), error: err.code ?? err.message }))
        req.end()
      })
      results.push(result)
      if (result.error !== undefined) return
      await sleep(Math.floor(Math.random() * 8))
    }
  } finally {
    agent.destroy()
  }
}

t.test('SIGTERM under load: accepted requests complete, late ones get 503 problem+json, exit 0, WAL truncated', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byline-shutdown-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'byline.db')
  const { authorization } = await prepareDatabase(databasePath)
  const server = await startServer({ databasePath, logLevel: 'info' })
  t.teardown(() => killServer(server))
  await waitReady(server)
  const { port, base } = server

  // Tags that slow uploads will rename across the signal.
  const SLOW = 3
  for (let i = 0; i < SLOW; i++) {
    const res = await fetch(`${base}/v1/tags`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ slug: `slow-${i}`, name: `Slow ${i}` }) })
    t.equal(res.status, 201, `tag slow-${i} created`)
    await res.arrayBuffer()
  }

  // The stream of GETs, on LOADERS keep-alive connections.
  let signalAt = Infinity
  const results: LoadResult[] = []
  const LOADERS = 6
  const stopAt = () => Date.now() > signalAt + 3000
  const loaders = Array.from({ length: LOADERS }, () => loadLoop(port, stopAt, results))

  // In flight at the signal: PATCHes whose head and half their body were sent before it.
  const slow = await Promise.all(Array.from({ length: SLOW }, async (_, i) => {
    const conn = rawConnection(port)
    await conn.connected
    const body = JSON.stringify({ name: `Renamed during shutdown ${i}` })
    conn.socket.write(`PATCH /v1/tags/slow-${i} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`)
    return { conn, rest: body.slice(10), name: `Renamed during shutdown ${i}` }
  }))
  // Open connections whose next request's head is only finished after the signal.
  const LATE = 2
  const late = await Promise.all(Array.from({ length: LATE }, async () => {
    const conn = rawConnection(port)
    await conn.connected
    conn.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    await conn.responsesOrClose(1)
    conn.socket.write(`GET ${LOAD_URL} HTTP/1.1\r\nHost: 127.0.0.1\r\n`)
    return conn
  }))
  t.same(late.map((c) => c.responses[0]?.status), late.map(() => 200), 'the late connections are established')

  // The server has the slow PATCHes' heads: they are accepted.
  const deadline = Date.now() + 10_000
  const slowAccepted = () => logLines(server).filter((l) => l.msg === 'incoming request' && l.req?.method === 'PATCH').length
  while (slowAccepted() < SLOW && Date.now() < deadline) await sleep(20)
  t.equal(slowAccepted(), SLOW, 'the slow PATCHes were accepted before the signal')

  // Another process reading the file (a backup, the sqlite3 shell) keeps SQLite from
  // deleting the WAL when the server closes: only the checkpoint on close empties it.
  const reader = new Sqlite(databasePath, { readonly: true })
  t.teardown(() => reader.close())
  reader.prepare('SELECT COUNT(*) FROM tags').get()

  // Load running: at least 300 ms, and until some answers came (a machine busy with other suites is slower).
  const loadFrom = Date.now()
  while ((Date.now() - loadFrom < 300 || results.length <= 20) && Date.now() - loadFrom < 10_000) await sleep(20)
  const before = results.length
  signalAt = Date.now()
  server.child.kill('SIGTERM')

  // Once the server has taken the signal (it logs it in the same tick as it starts
  // draining), finish the slow uploads and the late requests' heads.
  while (!logLines(server).some((l) => l.msg === 'shutting down') && Date.now() < signalAt + 5000) await sleep(10)
  await sleep(50)
  for (const s of slow) s.conn.socket.write(s.rest)
  for (const c of late) c.socket.write('\r\n')

  const exit = await server.exited
  const slowResponses = await Promise.all(slow.map((s) => s.conn.responsesOrClose(1)))
  const lateResponses = await Promise.all(late.map((c) => c.responsesOrClose(2)))
  await Promise.all(loaders)
  const exitMs = exit.at - signalAt

  t.equal(exit.code, 0, 'exit code 0')
  t.ok(exitMs < 10_000, `exited ${exitMs} ms after SIGTERM`)
  t.ok(before > 20, `${before} load requests answered before the signal`)

  // Accepted before the signal: completed, with their writes committed.
  slowResponses.forEach((responses, i) => {
    t.equal(responses[0]?.status, 200, `slow PATCH ${i} completed after the signal with 200`)
    t.equal(responses[0]?.headers.connection, 'close', 'and told the client the connection ends')
    t.equal(JSON.parse(responses[0]?.body ?? '{}').name, slow[i]!.name)
  })

  // Arrived during shutdown on an open connection: 503 problem+json with Retry-After.
  lateResponses.forEach((responses, i) => {
    const res = responses[1]
    t.equal(res?.status, 503, `late request ${i}: 503`)
    t.equal(res?.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res?.headers['retry-after'], /^\d+$/, 'with Retry-After')
    t.equal(res?.headers.connection, 'close')
    t.equal(res?.headers['x-content-type-options'], 'nosniff', 'with the security headers')
    t.equal(res?.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'")
    t.match(JSON.parse(res?.body ?? '{}'), { type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'shutting_down', instance: '/v1/stories' })
  })

  // The stream: every answer a 200 or a proper 503; connection errors only after the signal.
  const answered = results.filter((r) => r.status !== undefined)
  const ok = answered.filter((r) => r.status === 200)
  const refused = answered.filter((r) => r.status === 503)
  const errors = results.filter((r) => r.error !== undefined)
  t.same(answered.filter((r) => r.status !== 200 && r.status !== 503), [], 'only 200 and 503 answers')
  t.same(refused.filter((r) => !(r.contentType === 'application/problem+json; charset=utf-8' && r.retryAfter !== undefined && r.code === 'shutting_down')), [], 'every 503 is problem+json with Retry-After')
  t.same(errors.filter((r) => r.end < signalAt), [], 'no connection errors before the signal')
  t.same(errors.filter((r) => !['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(r.error!)), [], `connection errors are refusals or resets of unaccepted requests: ${[...new Set(errors.map((e) => e.error))].join(', ')}`)
  t.equal(errors.length, LOADERS, 'every loader stopped on a closed server')

  // Server side: every request Fastify accepted was completed, and its 200 reached the client.
  const lines = logLines(server)
  const incoming = new Set(lines.filter((l) => l.msg === 'incoming request' && l.req?.url === LOAD_URL).map((l) => l.reqId))
  const completed = lines.filter((l) => l.msg === 'request completed' && incoming.has(l.reqId))
  t.equal(completed.length, incoming.size, `all ${incoming.size} accepted stream requests completed`)
  t.same(completed.filter((l) => l.res?.statusCode !== 200), [], 'with 200')
  t.equal(ok.length, incoming.size, 'and every one of those answers reached its client')
  t.ok(lines.some((l) => l.msg === 'shutting down'), 'the server logged the shutdown')
  t.comment(`stream: ${ok.length} × 200 (${ok.filter((r) => r.end > signalAt).length} after the signal), ${refused.length} × 503, ${errors.length} refused/reset connections (${[...new Set(errors.map((e) => e.error))].join(', ')}); exit ${exitMs} ms after SIGTERM`)

  // The WAL was checkpointed and truncated on close, and the renames are in the file.
  const wal = walPath(databasePath)
  t.ok(!existsSync(wal) || statSync(wal).size === 0, `-wal is empty or absent (${existsSync(wal) ? `${statSync(wal).size} bytes` : 'absent'}) although another connection had the file open`)
  t.same(reader.prepare("SELECT name FROM tags WHERE slug LIKE 'slow-%' ORDER BY slug").pluck().all(), slow.map((s) => s.name), 'the in-flight writes are committed')
})

t.test('a client that never finishes its request cannot hold the shutdown past the grace period', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byline-shutdown-stuck-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'byline.db')
  await prepareDatabase(databasePath)
  const server = await startServer({ databasePath, logLevel: 'info', env: { SEED_DEMO: 'false' } })
  t.teardown(() => killServer(server))
  await waitReady(server)
  const stuck = rawConnection(server.port)
  await stuck.connected
  stuck.socket.write('GET /v1/stories HTTP/1.1\r\nHost: 127.0.0.1\r\n') // and never the blank line
  await sleep(200)
  const signalAt = Date.now()
  server.child.kill('SIGTERM')
  const exit = await server.exited
  t.equal(exit.code, 0, 'exit code 0')
  t.ok(exit.at - signalAt < 10_000, `exited ${exit.at - signalAt} ms after SIGTERM`)
  t.ok(logLines(server).some((l) => l.level === 40 && /still open/.test(l.msg ?? '')), 'after cutting the stuck connection')
  t.ok(stuck.closed, 'the stuck connection was closed')
  const wal = walPath(databasePath)
  t.ok(!existsSync(wal) || statSync(wal).size === 0, '-wal is empty or absent')
})
