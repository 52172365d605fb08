/**
 * Every environment variable Byline reads, each declared once: its name, where its value
 * sits in the config, its schema, its default, how its text becomes a value and what it is
 * for. config.ts derives the schema, the Config type, the loader and its error messages
 * from this table; scripts/config-table.ts derives the README's table.
 */
import { availableParallelism } from 'node:os'
import ipaddr from 'ipaddr.js'
import { Type, type Static, type TSchema } from 'typebox'
import { isAppleCategory, parseCategories, type PodcastCategory } from './content/podcast-categories.js'

/** A variable's text that cannot be read as its value; the loader names the variable. */
export class InvalidValue extends Error {}

/** The text another variable stands at: as set, or else its own default. */
export type Setting = (name: string) => string

/** A default worked out from other variables, or none (null), so it needs words in the README. */
export interface DerivedDefault {
  readonly doc: string
  readonly value: (setting: Setting) => string | null
}

export interface Variable<S extends TSchema = TSchema> {
  readonly name: string
  readonly schema: S
  /** As one would set it, so the README shows what to type and derived defaults can read it. */
  readonly default: string | DerivedDefault
  readonly parse: (text: string) => unknown
  /** Whitespace alone counts as unset, not as a value (a list of nothing, say). */
  readonly blankIsUnset?: boolean
  /** Beyond the schema, and run on overrides too, which never went through parse. Method syntax keeps Variable<S> a Variable. */
  check? (value: Static<S>): string | undefined
  readonly doc: string
}

export interface Table { readonly [key: string]: Variable | Table }

export const isVariable = (entry: Variable | Table): entry is Variable => typeof entry.parse === 'function'

const integer = (text: string): number => {
  if (!/^\d+$/.test(text)) throw new InvalidValue(`must be a non-negative integer, got "${text}"`)
  return Number(text)
}

const boolean = (text: string): boolean => {
  const lower = text.toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true
  if (['0', 'false', 'no', 'off'].includes(lower)) return false
  throw new InvalidValue(`must be true or false, got "${text}"`)
}

// The schema says what is allowed; the text is kept as given so its message names the value.
const text = (value: string): string => value

const list = (value: string): string[] => value.split(',').map((v) => v.trim())

const categories = (value: string): PodcastCategory[] => {
  const parsed = parseCategories(value)
  if (typeof parsed === 'string') throw new InvalidValue(parsed)
  return parsed
}

/** `false`, `true`, a number of hops, or proxy addresses. */
const trustProxy = (value: string): boolean | number | string[] => {
  const trimmed = value.trim()
  if (trimmed === '' || trimmed === 'false') return false
  if (trimmed === 'true') return true
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  return list(trimmed).filter(Boolean)
}

const POSTGRES_URL = '^postgres(ql)?://'

/** A `postgres://` URL as given, or a file path (SQLite), which the engine reads as such. */
const databaseUrl = (value: string): string => {
  const trimmed = value.trim()
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    if (!new RegExp(POSTGRES_URL, 'i').test(trimmed)) throw new InvalidValue('must be a postgres:// URL or a file path')
    if (!URL.canParse(trimmed)) throw new InvalidValue('is not a valid URL')
  }
  return trimmed
}

const postgresUrls = (value: string): string[] => list(value).filter(Boolean).map((url) => {
  if (!new RegExp(POSTGRES_URL, 'i').test(url) || !URL.canParse(url)) throw new InvalidValue('must be comma-separated postgres:// URLs')
  return url
})

/** CIDR blocks or single addresses (`127.0.0.1`, `10.0.0.0/8`, `::1`). */
const networks = (value: string): string[] => list(value).filter(Boolean).map((entry) => {
  const cidr = entry.includes('/') ? entry : `${entry}/${entry.includes(':') ? 128 : 32}`
  if (!ipaddr.isValidCIDR(cidr)) throw new InvalidValue(`"${entry}" is not an IP address or a CIDR block`)
  return cidr
})

const httpUrls = (value: string): string[] => list(value).filter(Boolean).map((url) => {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new InvalidValue(`"${url}" is not an http(s) URL`)
  return url
})

const workers = (value: string): number => value.trim().toLowerCase() === 'auto' ? availableParallelism() : integer(value.trim())

const none = (doc: string): DerivedDefault => ({ doc, value: () => null })

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
const BASE_URL = '^https?://[^/]+(/.*[^/])?$'

export const variables = {
  port: { name: 'PORT', schema: Type.Integer({ minimum: 0, maximum: 65535 }), default: '3000', parse: integer, doc: 'Listening port' },
  host: { name: 'HOST', schema: Type.String({ minLength: 1 }), default: '127.0.0.1', parse: text, doc: 'Listening address (`0.0.0.0` to expose)' },
  databasePath: { name: 'DATABASE_PATH', schema: Type.String({ minLength: 1 }), default: './data/byline.db', parse: text, doc: 'SQLite file (created with its folder), or `:memory:`' },
  databaseUrl: {
    name: 'DATABASE_URL',
    schema: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    default: none('SQLite at `DATABASE_PATH`'),
    parse: databaseUrl,
    blankIsUnset: true,
    doc: '`postgres://user:password@host:port/database` runs on PostgreSQL (15 or later) and wins over `DATABASE_PATH`; a file path runs on SQLite there'
  },
  databaseReplicaUrls: {
    name: 'DATABASE_REPLICA_URLS',
    schema: Type.Array(Type.String({ pattern: POSTGRES_URL })),
    default: '',
    parse: postgresUrls,
    blankIsUnset: true,
    doc: 'Comma-separated `postgres://` URLs of streaming replicas of `DATABASE_URL`: public reads go to the healthy ones, editors and previews read the primary'
  },
  replicaMaxLagMs: {
    name: 'REPLICA_MAX_LAG_MS',
    schema: Type.Integer({ minimum: 1 }),
    default: '1000',
    parse: integer,
    doc: 'A replica whose replay lags the primary by more than this stops serving reads until it catches up'
  },
  workers: {
    name: 'WORKERS',
    schema: Type.Integer({ minimum: 1, maximum: 256 }),
    default: '1',
    parse: workers,
    doc: 'Processes serving the one port (`auto`: one per core), on either engine; a worker that dies is replaced'
  },
  logLevel: { name: 'LOG_LEVEL', schema: Type.Enum(LOG_LEVELS), default: 'info', parse: text, doc: LOG_LEVELS.map((l) => `\`${l}\``).join(' ') },
  seedDemo: { name: 'SEED_DEMO', schema: Type.Boolean(), default: 'true', parse: boolean, doc: 'Seed the demo publication into an empty database at start' },
  siteUrl: { name: 'SITE_URL', schema: Type.String({ pattern: BASE_URL }), default: 'https://byline.example', parse: text, doc: 'Public site base for canonical story URLs (no trailing slash)' },
  publicUrl: {
    name: 'PUBLIC_URL',
    schema: Type.String({ pattern: BASE_URL }),
    default: { doc: '`http://HOST:PORT`', value: (setting) => `http://${setting('HOST')}:${setting('PORT')}` },
    parse: text,
    doc: 'Public base URL of this API (no trailing slash), for absolute links in feeds, sitemaps and JSON-LD'
  },
  publicationName: { name: 'PUBLICATION_NAME', schema: Type.String({ minLength: 1, maxLength: 100 }), default: 'Byline', parse: text, doc: 'The outlet\'s name in feeds, JSON-LD, the news sitemap and the aggregator export' },
  publicationLanguage: { name: 'PUBLICATION_LANGUAGE', schema: Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$' }), default: 'en', parse: text, doc: 'RFC 5646 language of the publication, for feeds and sitemaps' },
  feedsFullText: { name: 'FEEDS_FULL_TEXT', schema: Type.Boolean(), default: 'false', parse: boolean, doc: 'Full story text in feeds for everyone, not only for partner, editor and admin keys' },
  // What Apple Podcasts and the directories that follow it require of a show's channel.
  podcast: {
    title: { name: 'PODCAST_TITLE', schema: Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()]), default: none('the feed title'), parse: text, doc: 'The show\'s name in podcast directories' },
    description: { name: 'PODCAST_DESCRIPTION', schema: Type.Union([Type.String({ minLength: 1, maxLength: 4000 }), Type.Null()]), default: none('the feed description'), parse: text, doc: 'The show\'s description (up to 4,000 characters)' },
    author: { name: 'PODCAST_AUTHOR', schema: Type.String({ minLength: 1, maxLength: 255 }), default: { doc: '`PUBLICATION_NAME`', value: (setting) => setting('PUBLICATION_NAME') }, parse: text, doc: '`itunes:author`' },
    ownerName: { name: 'PODCAST_OWNER_NAME', schema: Type.String({ minLength: 1, maxLength: 255 }), default: { doc: '`PUBLICATION_NAME`', value: (setting) => setting('PUBLICATION_NAME') }, parse: text, doc: '`itunes:owner` name' },
    ownerEmail: {
      name: 'PODCAST_OWNER_EMAIL',
      schema: Type.String({ pattern: '^[^\\s@<>]+@[^\\s@<>]+$', maxLength: 255 }),
      // The publication's own domain: an address it can receive the directory's code at.
      default: { doc: '`podcasts@<SITE_URL host>`', value: (setting) => `podcasts@${/^https?:\/\/([^/:]+)/.exec(setting('SITE_URL'))?.[1] ?? 'byline.example'}` },
      parse: text,
      doc: '`itunes:owner` email: directories send the ownership code here'
    },
    imageUrl: {
      name: 'PODCAST_IMAGE_URL',
      schema: Type.String({ pattern: '^https?://[^\\s]+\\.(jpg|jpeg|png|JPG|JPEG|PNG)$' }),
      default: { doc: '`SITE_URL/podcast.jpg`', value: (setting) => `${setting('SITE_URL')}/podcast.jpg` },
      parse: text,
      doc: 'Show artwork: a square JPEG or PNG, 1400–3000 px, URL ending in `.jpg`/`.png`'
    },
    categories: {
      name: 'PODCAST_CATEGORY',
      schema: Type.Array(Type.Object({ text: Type.String(), sub: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }), { minItems: 1 }),
      default: 'Leisure > Video Games',
      parse: categories,
      blankIsUnset: true,
      check: (value: PodcastCategory[]) => value.every(isAppleCategory) ? undefined : 'not an Apple Podcasts category',
      doc: 'Apple Podcasts categories, comma-separated, `Category` or `Category > Subcategory`, checked against Apple\'s list'
    },
    explicit: { name: 'PODCAST_EXPLICIT', schema: Type.Boolean(), default: 'false', parse: boolean, doc: '`itunes:explicit`' },
    type: { name: 'PODCAST_TYPE', schema: Type.Enum(['episodic', 'serial']), default: 'episodic', parse: text, doc: '`episodic` (newest first) or `serial`' }
  },
  corsOrigins: {
    name: 'CORS_ORIGINS',
    schema: Type.Union([Type.Literal('*'), Type.Array(Type.String({ pattern: '^https?://[^/]+$' }), { minItems: 1 })]),
    default: '*',
    parse: (value: string) => value.trim() === '*' ? '*' : list(value),
    doc: 'Origins allowed to call the API from a browser: `*` or a comma-separated list (`https://www.byline.example,https://preview.byline.example`)'
  },
  cursorSecret: {
    name: 'CURSOR_SECRET',
    schema: Type.Union([Type.String({ minLength: 16 }), Type.Null()]),
    default: none('stored in the database'),
    parse: text,
    doc: 'Signs pagination cursors (≥ 16 chars); by default a random secret kept in the database, so cursors survive restarts'
  },
  cache: {
    maxAge: { name: 'CACHE_MAX_AGE', schema: Type.Integer({ minimum: 0 }), default: '60', parse: integer, doc: '`Cache-Control: max-age` (seconds)' },
    sMaxAge: { name: 'CACHE_S_MAXAGE', schema: Type.Integer({ minimum: 0 }), default: '300', parse: integer, doc: '`s-maxage` for shared caches / CDNs' },
    staleWhileRevalidate: { name: 'CACHE_STALE_WHILE_REVALIDATE', schema: Type.Integer({ minimum: 0 }), default: '600', parse: integer, doc: '`stale-while-revalidate`' },
    staleIfError: { name: 'CACHE_STALE_IF_ERROR', schema: Type.Integer({ minimum: 0 }), default: '86400', parse: integer, doc: '`stale-if-error`' }
  },
  trustProxy: {
    name: 'TRUST_PROXY',
    schema: Type.Union([Type.Boolean(), Type.Integer({ minimum: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
    default: 'false',
    parse: trustProxy,
    blankIsUnset: true,
    doc: 'Behind a CDN or load balancer: `true`, a hop count, or proxy addresses (`10.0.0.0/8,127.0.0.1`), so rate limits see the client\'s address from `X-Forwarded-For`'
  },
  responseCacheMb: { name: 'RESPONSE_CACHE_MB', schema: Type.Integer({ minimum: 0, maximum: 4096 }), default: '64', parse: integer, doc: 'Memory for rendered public responses kept in process, counted as what the entries really hold: body bytes plus URL, headers, surrogate keys and their index, and 0.5 KB of bookkeeping per entry (`0` turns the cache off)' },
  writerThread: {
    name: 'WRITER_THREAD',
    schema: Type.Boolean(),
    default: 'true',
    parse: boolean,
    doc: 'Run editorial writes on a thread with its own database connection, so a commit waiting for the disk never blocks reads (a database file only; `:memory:` always writes in process)'
  },
  eventLoopNice: {
    name: 'EVENT_LOOP_NICE',
    schema: Type.Integer({ minimum: 0, maximum: 19 }),
    default: '19',
    parse: integer,
    doc: 'Nice steps (0–19) the event-loop thread drops below the writer thread once that runs (to nice 19 at most), so on a busy core the writer gets the CPU first and a batch holds the write lock briefly. ' +
      'Linux only (nice is per thread there); `0` leaves them equal. ' +
      'On a host where other busy processes share the server\'s cores (not in a container of its own), lower it: the event loop yields to them too'
  },
  pressure: {
    maxEventLoopDelayMs: {
      name: 'PRESSURE_MAX_EVENT_LOOP_DELAY_MS',
      schema: Type.Integer({ minimum: 0 }),
      default: '1000',
      parse: integer,
      doc: 'Shed load while the event loop lags more than this: new requests get 503 with `Retry-After` (`0` turns it off)'
    }
  },
  webhooks: {
    dispatch: {
      name: 'WEBHOOK_DISPATCH',
      schema: Type.Boolean(),
      default: 'true',
      parse: boolean,
      doc: 'Whether this process may deliver webhooks, CDN purges and WebSub pings. However many processes or hosts may, one at a time does (a lease in the database)'
    },
    timeoutMs: { name: 'WEBHOOK_TIMEOUT_MS', schema: Type.Integer({ minimum: 100, maximum: 120_000 }), default: '15000', parse: integer, doc: 'How long a receiver has to answer a delivery before it counts as failed' },
    pollMs: { name: 'WEBHOOK_POLL_MS', schema: Type.Integer({ minimum: 10, maximum: 60_000 }), default: '1000', parse: integer, doc: 'How often the deliverer looks for due work (scheduled stories, retries, other processes\' commits); a commit in this process wakes it at once' },
    allowedNetworks: {
      name: 'WEBHOOK_ALLOWED_NETWORKS',
      schema: Type.Array(Type.String({ minLength: 1 })),
      default: '',
      parse: networks,
      blankIsUnset: true,
      doc: 'Private, loopback or link-local addresses a destination may resolve to (`127.0.0.1`, `10.0.0.0/8`): by default only public addresses are called'
    },
    retentionDays: { name: 'WEBHOOK_RETENTION_DAYS', schema: Type.Integer({ minimum: 1, maximum: 3650 }), default: '30', parse: integer, doc: 'Days delivered messages and their attempts stay in the delivery log' }
  },
  websubHubs: {
    name: 'WEBSUB_HUBS',
    schema: Type.Array(Type.String({ pattern: '^https?://' })),
    default: '',
    parse: httpUrls,
    blankIsUnset: true,
    doc: 'WebSub hubs (comma-separated) that feeds advertise with `rel="hub"` and that are told when a feed changes'
  },
  rateLimit: {
    windowSeconds: { name: 'RATE_LIMIT_WINDOW_SECONDS', schema: Type.Integer({ minimum: 1 }), default: '60', parse: integer, doc: 'Rate-limit window' },
    anonymous: { name: 'RATE_LIMIT_ANONYMOUS', schema: Type.Integer({ minimum: 1 }), default: '600', parse: integer, doc: 'Requests per window per client IP without a key' },
    key: { name: 'RATE_LIMIT_KEY', schema: Type.Integer({ minimum: 1 }), default: '1200', parse: integer, doc: 'Requests per window per editor or admin key' },
    partner: { name: 'RATE_LIMIT_PARTNER', schema: Type.Integer({ minimum: 1 }), default: '6000', parse: integer, doc: 'Requests per window per partner key' }
  }
} satisfies Table

/** The table's variables in its order, each with the JSON pointer of its value in the config. */
export function variableList (table: Table = variables, pointer = ''): Array<{ pointer: string, variable: Variable }> {
  return Object.entries(table).flatMap(([key, entry]) =>
    isVariable(entry) ? [{ pointer: `${pointer}/${key}`, variable: entry }] : variableList(entry, `${pointer}/${key}`))
}
