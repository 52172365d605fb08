/** npm run keys, driven in-process against a real database file. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runKeysCli } from '../../src/cli/keys.js'
import { generateApiKey, hashSecret } from '../../src/content/api-key.js'
import { openDatabase } from '../../src/db/sqlite/open.js'
import { apiKeyRepository } from '../../src/repositories/api-keys.js'
import { feedTokenRepository } from '../../src/repositories/feed-tokens.js'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const HOUR = 3_600_000
const TOKEN = /^byl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/

interface Run { code: number, out: string[], err: string[] }

function cli (path: string) {
  return async (argv: string[], now = NOW): Promise<Run> => {
    const out: string[] = []
    const err: string[] = []
    const code = await runKeysCli(argv, { env: { DATABASE_PATH: path }, out: (l) => out.push(l), err: (l) => err.push(l), now: () => now })
    return { code, out, err }
  }
}

function tokenOf (run: Run): string {
  const tokens = run.out.filter((line) => TOKEN.test(line))
  if (tokens.length !== 1) throw new Error(`expected one token line, got ${tokens.length}: ${run.out.join('\n')}`)
  return tokens[0]!
}

/** Opens the file with a connection of its own, as the server would. */
async function withDatabase<T> (path: string, fn: (database: ReturnType<typeof openDatabase>) => T): Promise<Awaited<T>> {
  const database = openDatabase(path)
  try {
    return await fn(database)
  } finally {
    database.close()
  }
}

async function authenticate (path: string, token: string, now = NOW) {
  return await withDatabase(path, (database) => apiKeyRepository(database.db).authenticate(token, now))
}

async function listJson (run: ReturnType<typeof cli>, now = NOW): Promise<Array<Record<string, unknown>>> {
  const result = await run(['list', '--json'], now)
  if (result.code !== 0) throw new Error(result.err.join('\n'))
  return JSON.parse(result.out.join('\n'))
}

t.test('create prints the token once and stores only its hash', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  const created = await run(['create', '--role', 'editor', '--name', 'Newsroom tools'])
  t.equal(created.code, 0)
  t.same(created.err, [])
  const token = tokenOf(created)
  const [, id, secret] = /^byl_([0-9a-f]{16})_(.+)$/.exec(token)!
  const output = created.out.join('\n')
  t.equal(output.split(token).length, 2, 'the token appears exactly once')
  t.equal(output.split(secret!).length, 2, 'the secret appears only inside the token')
  t.match(output, id!)
  t.match(output, 'editor')
  t.match(output, 'Newsroom tools')
  t.match(output, /expires:\s+never/)
  t.match(output, /shown only once/)
  t.match(output, /stored hashed/)

  // Every column of every row of every table: the token and the secret are nowhere.
  await withDatabase(path, ({ sqlite }) => {
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    t.ok(tables.includes('api_keys'))
    let cells = 0
    for (const table of tables) {
      for (const row of sqlite.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
        for (const [column, value] of Object.entries(row)) {
          cells++
          const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value)
          if (text.includes(secret!)) t.fail(`${table}.${column} holds the secret`)
        }
      }
    }
    t.ok(cells > 0, `${cells} cells checked`)
    const rows = sqlite.prepare('SELECT * FROM api_keys').all()
    t.same(rows, [{
      id,
      name: 'Newsroom tools',
      role: 'editor',
      secret_hash: hashSecret(secret!),
      created_at: NOW,
      expires_at: null,
      revoked_at: null
    }])
  })
  // And not in the bytes on disk either (the WAL is checkpointed when the last connection closes).
  for (const file of readdirSync(t.testdirName)) {
    const bytes = readFileSync(join(t.testdirName, file)).toString('latin1')
    t.notOk(bytes.includes(secret!), `${file} does not contain the secret`)
  }

  t.same(await authenticate(path, token), { ok: true, key: { id, name: 'Newsroom tools', role: 'editor' } })
})

t.test('list shows keys in a table and as JSON, never their secrets', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  t.same(await run(['list']), { code: 0, out: ['No API keys.'], err: [] })
  t.same(await listJson(run), [])

  const first = tokenOf(await run(['create', '--role', 'editor', '--name', 'Newsroom tools']))
  const second = tokenOf(await run(['create', '--role', 'partner', '--name', 'Syndication partner', '--expires', '2030-01-01'], NOW + 1000))
  const [firstId, secondId] = [first.slice(4, 20), second.slice(4, 20)]

  const table = await run(['list'], NOW + 2000)
  t.equal(table.code, 0)
  t.equal(table.out.length, 3, 'a header and two rows')
  t.match(table.out[0], /^ID\s+ROLE\s+STATE\s+NAME\s+CREATED\s+EXPIRES$/)
  t.match(table.out[1], new RegExp(`^${firstId}\\s+editor\\s+active\\s+Newsroom tools\\s+2026-01-15T12:00:00Z\\s+never$`))
  t.match(table.out[2], new RegExp(`^${secondId}\\s+partner\\s+active\\s+Syndication partner\\s+2026-01-15T12:00:01Z\\s+2030-01-01T00:00:00Z$`))
  t.notOk(table.out.join('\n').includes(first.slice(21)), 'no secret in the table')

  const keys = await listJson(run, NOW + 2000)
  t.same(keys, [
    { id: firstId, name: 'Newsroom tools', role: 'editor', createdAt: NOW, expiresAt: null, revokedAt: null, state: 'active' },
    { id: secondId, name: 'Syndication partner', role: 'partner', createdAt: NOW + 1000, expiresAt: Date.UTC(2030, 0, 1), revokedAt: null, state: 'active' }
  ])
})

t.test('a revoked key no longer authenticates', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  const token = tokenOf(await run(['create', '--role', 'editor', '--name', 'Laptop']))
  const id = token.slice(4, 20)
  t.equal((await authenticate(path, token)).ok, true)

  const revoked = await run(['revoke', id], NOW + HOUR)
  t.equal(revoked.code, 0)
  t.same(revoked.err, [])
  t.match(revoked.out.join('\n'), `Revoked API key ${id}`)
  t.same(await authenticate(path, token, NOW + HOUR), { ok: false, reason: 'revoked' })
  t.same((await listJson(run, NOW + 2 * HOUR)).map((k) => [k.state, k.revokedAt]), [['revoked', NOW + HOUR]])

  const again = await run(['revoke', id], NOW + 2 * HOUR)
  t.equal(again.code, 0, 'revoking twice is not an error')
  t.match(again.out.join('\n'), /already revoked/)
  t.same((await listJson(run)).map((k) => k.revokedAt), [NOW + HOUR], 'the first revocation time is kept')
})

t.test('a key past its expiry is refused as expired', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  const created = await run(['create', '--role', 'partner', '--name', 'Trial', '--expires-in', '2h'])
  t.match(created.out.join('\n'), /expires:\s+2026-01-15T14:00:00Z/)
  const token = tokenOf(created)

  t.equal((await authenticate(path, token, NOW + 2 * HOUR - 1)).ok, true, 'valid until the last millisecond')
  t.same(await authenticate(path, token, NOW + 2 * HOUR), { ok: false, reason: 'expired' }, 'expired at its expiry time')
  t.same((await listJson(run, NOW + HOUR)).map((k) => k.state), ['active'])
  t.same((await listJson(run, NOW + 3 * HOUR)).map((k) => k.state), ['expired'])
  t.match((await run(['list'], NOW + 3 * HOUR)).out[1], /\sexpired\s/)

  const days = await run(['create', '--role', 'admin', '--name', 'Quarter', '--expires-in', '90d'], NOW + 1)
  t.equal(days.code, 0)
  t.same((await listJson(run)).map((k) => k.expiresAt), [NOW + 2 * HOUR, NOW + 1 + 90 * 24 * HOUR])

  // An RFC 3339 offset is honoured: 02:00 at +02:00 is midnight UTC.
  const offset = await run(['create', '--role', 'admin', '--name', 'Offset', '--expires', '2026-03-01T02:00:00+02:00'])
  t.equal(offset.code, 0, offset.err.join('\n'))
  t.match(offset.out.join('\n'), /expires:\s+2026-03-01T00:00:00Z/)
})

t.test('malformed and unknown tokens are refused', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  const token = tokenOf(await run(['create', '--role', 'admin', '--name', 'Ops']))
  const id = token.slice(4, 20)

  for (const bad of ['', 'nope', token.toUpperCase(), `${token}x`, token.slice(0, -1), `Bearer ${token}`]) {
    t.same(await authenticate(path, bad), { ok: false, reason: 'malformed' }, JSON.stringify(bad))
  }
  t.same(await authenticate(path, generateApiKey().token), { ok: false, reason: 'unknown' }, 'well-formed, no such id')
  t.same(await authenticate(path, `byl_${id}_${generateApiKey().secret}`), { ok: false, reason: 'unknown' }, 'right id, wrong secret')
  t.equal((await authenticate(path, token)).ok, true)
})

t.test('usage errors exit 2 with a message and touch no database', async (t) => {
  const dir = t.testdir()
  const path = join(dir, 'byline.db')
  const run = cli(path)
  const cases: Array<[string[], RegExp]> = [
    [['create', '--role', 'owner', '--name', 'X'], /unknown role "owner"/],
    [['create', '--name', 'X'], /needs --role/],
    [['create', '--role', 'editor'], /needs --name/],
    [['create', '--role', 'editor', '--name', '   '], /needs --name/],
    [['create', '--role', 'editor', '--name', 'a\nb'], /control characters/],
    [['create', '--role', 'editor', '--name', 'X', '--expires', 'tomorrow'], /--expires must be/],
    [['create', '--role', 'editor', '--name', 'X', '--expires', '2027-02-30'], /--expires must be/],
    [['create', '--role', 'editor', '--name', 'X', '--expires', '2027-01-01T25:00:00Z'], /--expires must be/],
    [['create', '--role', 'editor', '--name', 'X', '--expires', '2027-01-01T10:00:00'], /--expires must be/],
    [['create', '--role', 'editor', '--name', 'X', '--expires', '2020-01-01'], /not in the future/],
    [['create', '--role', 'editor', '--name', 'X', '--expires', '2026-01-15T12:00:00Z'], /not in the future/],
    [['create', '--role', 'editor', '--name', 'X', '--expires-in', '3w'], /--expires-in must be/],
    [['create', '--role', 'editor', '--name', 'X', '--expires-in', '0d'], /--expires-in must be/],
    [['create', '--role', 'editor', '--name', 'X', '--expires-in', '1d', '--expires', '2030-01-01'], /not both/],
    [['create', '--role', 'editor', '--name', 'X', '--admin'], /Unknown option '--admin'/],
    [['create', '--role', 'editor', '--name', 'X', 'extra'], /no arguments/],
    [['create', '--role'], /argument missing/],
    [['list', '--all'], /Unknown option '--all'/],
    [['list', 'everything'], /no arguments/],
    [['revoke'], /exactly one key id/],
    [['revoke', 'a', 'b'], /exactly one key id/]
  ]
  for (const [argv, message] of cases) {
    const result = await run(argv)
    t.equal(result.code, 2, argv.join(' '))
    t.match(result.err[0], message, argv.join(' '))
    t.notOk(result.err.join('\n').includes('    at '), 'no stack trace')
  }
  t.notOk(existsSync(path), 'no database file was created')

  const bad = await runKeysCli(['list'], { env: { DATABASE_PATH: path, PORT: 'eighty' }, out: () => {}, err: () => {} })
  t.equal(bad, 2, 'a bad environment is a usage error too')
})

t.test('help, no command and unknown commands', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  const help = await run(['help'])
  t.equal(help.code, 0)
  t.match(help.out.join('\n'), /Usage:[\s\S]*create[\s\S]*list[\s\S]*revoke/)
  t.same(help.err, [])
  const none = await run([])
  t.equal(none.code, 2)
  t.same(none.out, help.out, 'usage on out')
  const unknown = await run(['rotate'])
  t.equal(unknown.code, 2)
  t.match(unknown.err[0], /Unknown command "rotate"/)
  t.same(unknown.out, help.out)
  t.notOk(existsSync(path))
})

t.test('revoking an unknown id exits 1', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  tokenOf(await run(['create', '--role', 'editor', '--name', 'Kept']))
  const result = await run(['revoke', '0123456789abcdef'])
  t.equal(result.code, 1)
  t.same(result.out, [])
  t.match(result.err[0], /No API key with id "0123456789abcdef"/)
  t.same((await listJson(run)).map((k) => k.state), ['active'], 'the other key is untouched')
})

const FEED_TOKEN = /^byf_[A-Za-z0-9_-]{43}$/

function feedTokenOf (run: Run): string {
  const tokens = run.out.filter((line) => FEED_TOKEN.test(line))
  if (tokens.length !== 1) throw new Error(`expected one feed token line, got ${tokens.length}: ${run.out.join('\n')}\n${run.err.join('\n')}`)
  return tokens[0]!
}

const feedTokenIdOf = (run: Run): string => /Created feed token (fdt_[0-9a-f]{16})/.exec(run.out.join('\n'))![1]!

async function authenticateFeed (path: string, token: string, now = NOW) {
  return await withDatabase(path, (database) => feedTokenRepository(database.db).authenticate(token, now))
}

t.test('feed-token create prints a byf_ token and its feed URLs, and stores only a hash', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = async (argv: string[], now = NOW) => {
    const out: string[] = []
    const err: string[] = []
    const code = await runKeysCli(argv, { env: { DATABASE_PATH: path, PUBLIC_URL: 'https://api.byline.example' }, out: (l) => out.push(l), err: (l) => err.push(l), now: () => now })
    return { code, out, err }
  }
  const created = await run(['feed-token', 'create', '--partner', 'Inoreader (Acme Media)'])
  t.equal(created.code, 0, created.err.join('\n'))
  const token = feedTokenOf(created)
  const id = feedTokenIdOf(created)
  const output = created.out.join('\n')
  t.match(output, /partner:\s+Inoreader \(Acme Media\)/)
  t.match(output, /expires:\s+never/)
  t.match(output, `https://api.byline.example/v1/feeds/t/${token}/{feed}.{rss,atom,json}`, 'the feed URLs')
  t.match(output, /shown only once/)
  t.notOk(token.startsWith('byl_'), 'not an API key')

  await withDatabase(path, ({ sqlite }) => {
    const rows = sqlite.prepare('SELECT * FROM feed_tokens').all()
    t.same(rows, [{ id, partner: 'Inoreader (Acme Media)', secret_hash: hashSecret(token.slice(4)), created_at: NOW, expires_at: null, revoked_at: null }])
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    for (const table of tables) {
      for (const row of sqlite.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
        for (const [column, value] of Object.entries(row)) if (String(value).includes(token.slice(4))) t.fail(`${table}.${column} holds the secret`)
      }
    }
  })
  t.same(await authenticateFeed(path, token), { ok: true, token: { id, partner: 'Inoreader (Acme Media)' } })
  t.same(await authenticate(path, token), { ok: false, reason: 'malformed' }, 'a feed token is no API key')
})

t.test('feed-token list and revoke', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  t.same(await run(['feed-token', 'list']), { code: 0, out: ['No feed tokens.'], err: [] })
  const first = await run(['feed-token', 'create', '--partner', 'Feedly'])
  const second = await run(['feed-token', 'create', '--partner', 'NetNewsWire', '--expires-in', '2h'], NOW + 1000)
  const [firstId, secondId] = [feedTokenIdOf(first), feedTokenIdOf(second)]
  const [firstToken, secondToken] = [feedTokenOf(first), feedTokenOf(second)]

  const table = await run(['feed-token', 'list'], NOW + 3 * HOUR)
  t.match(table.out[0], /^ID\s+STATE\s+PARTNER\s+CREATED\s+EXPIRES$/)
  t.match(table.out[1], new RegExp(`^${firstId}\\s+active\\s+Feedly\\s+2026-01-15T12:00:00Z\\s+never$`))
  t.match(table.out[2], new RegExp(`^${secondId}\\s+expired\\s+NetNewsWire\\s+2026-01-15T12:00:01Z\\s+2026-01-15T14:00:01Z$`))
  t.notOk(table.out.join('\n').includes(firstToken.slice(4)), 'no token in the table')
  t.same(await authenticateFeed(path, secondToken, NOW + 3 * HOUR), { ok: false, reason: 'expired' })

  const revoked = await run(['feed-token', 'revoke', firstId], NOW + HOUR)
  t.equal(revoked.code, 0)
  t.match(revoked.out.join('\n'), `Revoked feed token ${firstId}`)
  t.same(await authenticateFeed(path, firstToken, NOW + HOUR), { ok: false, reason: 'revoked' })
  t.match((await run(['feed-token', 'revoke', firstId], NOW + 2 * HOUR)).out.join('\n'), /already revoked/)
  const json = await run(['feed-token', 'list', '--json'], NOW + 2 * HOUR)
  t.same(JSON.parse(json.out.join('\n')).map((k: { state: string, revokedAt: number | null }) => [k.state, k.revokedAt]), [['revoked', NOW + HOUR], ['active', null]], 'the first revocation time is kept')

  const unknown = await run(['feed-token', 'revoke', 'fdt_0123456789abcdef'])
  t.equal(unknown.code, 1)
  t.match(unknown.err[0], /No feed token with id "fdt_0123456789abcdef"/)
  t.equal((await run(['revoke', firstId])).code, 1, 'an API key revoke does not reach feed tokens')
  t.same(await listJson(run), [], 'and feed tokens are not API keys')
})

t.test('feed-token usage errors exit 2 and touch no database', async (t) => {
  const path = join(t.testdir(), 'byline.db')
  const run = cli(path)
  const cases: Array<[string[], RegExp]> = [
    [['feed-token'], /needs a command/],
    [['feed-token', 'rotate'], /unknown feed-token command "rotate"/],
    [['feed-token', 'create'], /needs --partner/],
    [['feed-token', 'create', '--partner', ' '], /needs --partner/],
    [['feed-token', 'create', '--partner', 'a\u001b[2Jb'], /control characters/],
    [['feed-token', 'create', '--partner', 'X', '--role', 'partner'], /Unknown option '--role'/],
    [['feed-token', 'create', '--partner', 'X', '--expires', '2020-01-01'], /not in the future/],
    [['feed-token', 'create', '--partner', 'X', 'extra'], /no arguments/],
    [['feed-token', 'list', 'all'], /no arguments/],
    [['feed-token', 'revoke'], /exactly one feed token id/]
  ]
  for (const [argv, message] of cases) {
    const result = await run(argv)
    t.equal(result.code, 2, argv.join(' '))
    t.match(result.err[0], message, argv.join(' '))
  }
  t.notOk(existsSync(path), 'no database file was created')
  t.match((await run(['help'])).out.join('\n'), /feed-token create --partner/)
})
