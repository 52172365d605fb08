/**
 * npm run keys — create, list and revoke API keys, and partners' feed tokens, in the
 * configured database (DATABASE_URL or DATABASE_PATH).
 * runKeysCli takes its environment, output and clock as arguments so tests drive it in-process.
 */
import { parseArgs } from 'node:util'
import { ConfigError, databaseEngine, loadConfig, type EngineChoice } from '../config.js'
import { isRole, ROLES } from '../content/api-key.js'
import { openEngine, type Engine } from '../db/engine.js'
import { isEntryPoint } from '../paths.js'
import { createApiKey, listApiKeys, revokeApiKey, type NewApiKey, type RevokeResult } from '../repositories/api-keys.js'
import { createFeedToken, listFeedTokens, revokeFeedToken, type NewFeedToken } from '../repositories/feed-tokens.js'

export interface KeysCliIo {
  env: Record<string, string | undefined>
  out: (line: string) => void
  err: (line: string) => void
  now?: () => number
}

const USAGE = `Usage: npm run keys -- <command>

Commands:
  create --role <${ROLES.join('|')}> --name "<name>" [--expires <date> | --expires-in <N>d|<N>h]
      Create a key and print its token, once. <date> is an RFC 3339 date-time
      (2026-01-31T18:00:00Z) or a day (2026-01-31, meaning 00:00 UTC that day).
      Without an expiry the key is valid until revoked.
  list [--json]
      Every key with its state (active, expired, revoked); never a token.
  revoke <id>
      Revoke a key for good. Exits 1 if there is no key with that id.
  feed-token create --partner "<name>" [--expires <date> | --expires-in <N>d|<N>h]
      Create a feed token for a partner whose feed reader cannot send headers,
      and print it, once, with its feed URLs (full text, every feed). It grants
      feeds only; never put an API key in a URL.
  feed-token list [--json]
      Every feed token with its partner and state; never a token.
  feed-token revoke <id>
      Revoke a feed token for good: its URLs answer 404 from then on.
  help
      This message.`

class UsageError extends Error { override name = 'UsageError' }

type Command =
  | { kind: 'create', input: NewApiKey }
  | { kind: 'list', json: boolean }
  | { kind: 'revoke', id: string }
  | { kind: 'feed-token create', input: NewFeedToken }
  | { kind: 'feed-token list', json: boolean }
  | { kind: 'feed-token revoke', id: string }

const HOUR = 3_600_000
// The largest time a Date can hold; anything later cannot be printed or compared sensibly.
const MAX_TIME = 8.64e15

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

/** UTC milliseconds for calendar fields, or null when a field is out of range (Feb 30, hour 24). */
function utcTime (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number | null {
  const date = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, ms)
  const roundTrips = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
    date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second
  return roundTrips ? date.getTime() : null
}

function parseExpires (raw: string): number {
  const day = DAY_PATTERN.exec(raw)
  if (day !== null) {
    const time = utcTime(Number(day[1]), Number(day[2]), Number(day[3]))
    if (time !== null) return time
  }
  const m = DATE_TIME_PATTERN.exec(raw)
  if (m !== null) {
    const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))
    const time = utcTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms)
    const offsetHours = Number(m[10] ?? 0)
    const offsetMinutes = Number(m[11] ?? 0)
    if (time !== null && offsetHours < 24 && offsetMinutes < 60) {
      const sign = m[9] === '-' ? -1 : 1
      return time - sign * (offsetHours * 60 + offsetMinutes) * 60_000
    }
  }
  throw new UsageError(`--expires must be an RFC 3339 date-time (2026-01-31T18:00:00Z) or a date (2026-01-31), got "${raw}"`)
}

function parseExpiresIn (raw: string, now: number): number {
  const m = /^([1-9]\d*)([dh])$/.exec(raw)
  if (m === null) throw new UsageError(`--expires-in must be a whole number of days or hours, like 30d or 12h, got "${raw}"`)
  return now + Number(m[1]) * (m[2] === 'd' ? 24 * HOUR : HOUR)
}

function expiryOf (values: { expires?: string | undefined, 'expires-in'?: string | undefined }, now: number): number | null {
  if (values.expires !== undefined && values['expires-in'] !== undefined) throw new UsageError('give --expires or --expires-in, not both')
  const expiresAt = values.expires !== undefined
    ? parseExpires(values.expires)
    : values['expires-in'] !== undefined ? parseExpiresIn(values['expires-in'], now) : null
  if (expiresAt === null) return null
  if (expiresAt > MAX_TIME) throw new UsageError('the expiry is too far in the future')
  // A key that is already expired at creation could never be used.
  if (expiresAt <= now) throw new UsageError(`the expiry ${formatTime(expiresAt)} is not in the future`)
  return expiresAt
}

function parseCreate (args: string[], now: number): Command {
  const { values, positionals } = parseArgs({
    args,
    options: { role: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' }, 'expires-in': { type: 'string' } },
    allowPositionals: true
  })
  if (positionals.length > 0) throw new UsageError(`create takes no arguments besides its options, got "${positionals.join(' ')}"`)
  if (values.role === undefined) throw new UsageError(`create needs --role (${ROLES.join(', ')})`)
  if (!isRole(values.role)) throw new UsageError(`unknown role "${values.role}": use one of ${ROLES.join(', ')}`)
  const name = printable(values.name, '--name', 'create needs --name, saying who or what the key is for')
  return { kind: 'create', input: { name, role: values.role, expiresAt: expiryOf(values, now) } }
}

/** A name for the list table, where a newline or escape sequence would garble it. */
function printable (raw: string | undefined, option: string, missing: string): string {
  const value = raw?.trim() ?? ''
  if (value === '') throw new UsageError(missing)
  if (/\p{Cc}/u.test(value)) throw new UsageError(`${option} must not contain control characters`)
  return value
}

function parseFeedToken (args: string[], now: number): Command {
  const [sub, ...rest] = args
  if (sub === 'create') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { partner: { type: 'string' }, expires: { type: 'string' }, 'expires-in': { type: 'string' } },
      allowPositionals: true
    })
    if (positionals.length > 0) throw new UsageError(`feed-token create takes no arguments besides its options, got "${positionals.join(' ')}"`)
    const partner = printable(values.partner, '--partner', 'feed-token create needs --partner, naming the partner the feed is for')
    return { kind: 'feed-token create', input: { partner, expiresAt: expiryOf(values, now) } }
  }
  if (sub === 'list') return { kind: 'feed-token list', json: listsJson(rest) }
  if (sub === 'revoke') {
    const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true })
    if (positionals.length !== 1 || positionals[0] === '') throw new UsageError('feed-token revoke needs exactly one feed token id')
    return { kind: 'feed-token revoke', id: positionals[0]! }
  }
  throw new UsageError(sub === undefined ? 'feed-token needs a command: create, list or revoke' : `unknown feed-token command "${sub}": use create, list or revoke`)
}

function listsJson (args: string[]): boolean {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true })
  if (positionals.length > 0) throw new UsageError(`list takes no arguments, got "${positionals.join(' ')}"`)
  return values.json === true
}

function parseRevoke (args: string[]): Command {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true })
  if (positionals.length !== 1 || positionals[0] === '') throw new UsageError('revoke needs exactly one key id')
  return { kind: 'revoke', id: positionals[0]! }
}

function formatTime (ms: number | null): string {
  return ms === null ? 'never' : new Date(ms).toISOString().replace(/\.000Z$/, 'Z')
}

function table (rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd())
}

/** A list as JSON or as a table, or a line saying there is nothing. */
function printList<T> (io: KeysCliIo, items: T[], json: boolean, none: string, header: string[], row: (item: T) => string[]): number {
  if (json) io.out(JSON.stringify(items, null, 2))
  else if (items.length === 0) io.out(none)
  else for (const line of table([header, ...items.map(row)])) io.out(line)
  return 0
}

/** What a revocation says: `what` is "API key" or "feed token". */
function printRevoked (io: KeysCliIo, what: string, id: string, result: RevokeResult): number {
  if (result === 'unknown') {
    io.err(`No ${what} with id "${id}".`)
    return 1
  }
  io.out(result === 'revoked' ? `Revoked ${what} ${id}.` : `${what[0]!.toUpperCase()}${what.slice(1)} ${id} was already revoked; nothing changed.`)
  return 0
}

async function execute (command: Command, database: Engine, io: KeysCliIo, now: number, publicUrl: string): Promise<number> {
  switch (command.kind) {
    case 'create': {
      const key = await createApiKey(database.db, command.input, now)
      io.out(`Created API key ${key.id}`)
      io.out(`  role:     ${key.role}`)
      io.out(`  name:     ${key.name}`)
      io.out(`  expires:  ${formatTime(key.expiresAt)}`)
      io.out('')
      io.out(key.token)
      io.out('')
      io.out('This token is shown only once and is stored hashed: copy it now. If it is lost, revoke the key and create another.')
      return 0
    }
    case 'list':
      return printList(io, await listApiKeys(database.db, now), command.json, 'No API keys.', ['ID', 'ROLE', 'STATE', 'NAME', 'CREATED', 'EXPIRES'],
        (k) => [k.id, k.role, k.state, k.name, formatTime(k.createdAt), formatTime(k.expiresAt)])
    case 'revoke':
      return printRevoked(io, 'API key', command.id, await revokeApiKey(database.db, command.id, now))
    case 'feed-token create': {
      const created = await createFeedToken(database.db, command.input, now)
      io.out(`Created feed token ${created.id}`)
      io.out(`  partner:  ${created.partner}`)
      io.out(`  expires:  ${formatTime(created.expiresAt)}`)
      io.out('')
      io.out(created.token)
      io.out('')
      io.out(`Feed URLs (full text): ${publicUrl}/v1/feeds/t/${created.token}/{feed}.{rss,atom,json}, e.g. latest.rss, reviews.atom, types/podcast.rss, sections/games.json`)
      io.out('This token is shown only once and is stored hashed: copy it now. If it is lost, revoke it and create another.')
      return 0
    }
    case 'feed-token list':
      return printList(io, await listFeedTokens(database.db, now), command.json, 'No feed tokens.', ['ID', 'STATE', 'PARTNER', 'CREATED', 'EXPIRES'],
        (k) => [k.id, k.state, k.partner, formatTime(k.createdAt), formatTime(k.expiresAt)])
    case 'feed-token revoke':
      return printRevoked(io, 'feed token', command.id, await revokeFeedToken(database.db, command.id, now))
  }
}

/** parseArgs reports unknown flags and missing values as errors coded ERR_PARSE_ARGS_*. */
function isParseArgsError (error: unknown): error is Error {
  const code: unknown = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')
}

export async function runKeysCli (argv: string[], io: KeysCliIo): Promise<number> {
  const now = (io.now ?? Date.now)()
  const [name, ...args] = argv
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(USAGE)
    return 0
  }
  if (name === undefined) {
    io.out(USAGE)
    return 2
  }

  let command: Command
  let engine: EngineChoice
  let publicUrl: string
  try {
    // Arguments are checked before the database is opened, so a typo never creates a file.
    if (name === 'create') command = parseCreate(args, now)
    else if (name === 'list') command = { kind: 'list', json: listsJson(args) }
    else if (name === 'revoke') command = parseRevoke(args)
    else if (name === 'feed-token') command = parseFeedToken(args, now)
    else {
      io.err(`Unknown command "${name}".`)
      io.out(USAGE)
      return 2
    }
    const config = loadConfig(io.env)
    engine = databaseEngine(config)
    publicUrl = config.publicUrl
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message)
      return 2
    }
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(error.message)
      io.err('Run "npm run keys help" for usage.')
      return 2
    }
    throw error
  }

  let database: Engine
  try {
    database = await openEngine(engine)
  } catch (error) {
    const where = engine.kind === 'sqlite' ? ` at ${engine.path}` : ''
    io.err(`Cannot open the database${where}: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
  try {
    await database.migrate()
    return await execute(command, database, io, now, publicUrl)
  } finally {
    await database.close()
  }
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await runKeysCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line)
  })
}
