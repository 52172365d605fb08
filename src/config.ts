/**
 * The only reader of process.env. Values are validated once at boot against a TypeBox
 * schema; a bad value stops the process with a message naming the variable.
 */
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { isAppleCategory, parseCategories } from './content/podcast-categories.js'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  databasePath: Type.String({ minLength: 1, description: 'SQLite file, or ":memory:"' }),
  logLevel: Type.Enum(LOG_LEVELS),
  seedDemo: Type.Boolean({ description: 'Seed the demo publication when the database is empty' }),
  siteUrl: Type.String({ pattern: '^https?://[^/]+(/.*[^/])?$', description: 'Public site base URL (no trailing slash), for canonical URLs' }),
  publicUrl: Type.String({ pattern: '^https?://[^/]+(/.*[^/])?$', description: 'Public base URL of this API (no trailing slash), for absolute links in feeds, sitemaps and JSON-LD' }),
  publicationName: Type.String({ minLength: 1, maxLength: 100, description: 'The outlet name in feeds, JSON-LD and the aggregator export' }),
  publicationLanguage: Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', description: 'RFC 5646 language of the publication, for feeds and sitemaps' }),
  feedsFullText: Type.Boolean({ description: 'Full story text in feeds for everyone; otherwise only for partner, editor and admin keys' }),
  // What Apple Podcasts and the directories that follow it require of a show's channel.
  podcast: Type.Object({
    title: Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()], { description: 'The show name; by default the feed title ("Byline: Podcasts")' }),
    description: Type.Union([Type.String({ minLength: 1, maxLength: 4000 }), Type.Null()], { description: 'The show description (Apple allows 4000 characters); by default the feed description' }),
    author: Type.String({ minLength: 1, maxLength: 255, description: 'itunes:author: who makes the show' }),
    ownerName: Type.String({ minLength: 1, maxLength: 255, description: 'itunes:owner name' }),
    ownerEmail: Type.String({ pattern: '^[^\\s@<>]+@[^\\s@<>]+$', maxLength: 255, description: 'itunes:owner email: where directories send the ownership verification code' }),
    imageUrl: Type.String({ pattern: '^https?://[^\\s]+\\.(jpg|jpeg|png|JPG|JPEG|PNG)$', description: 'Show artwork: a square JPEG or PNG of 1400 to 3000 px, its URL ending in .jpg or .png' }),
    categories: Type.Array(Type.Object({ text: Type.String(), sub: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }), { minItems: 1, description: 'Apple Podcasts categories, the first one first' }),
    explicit: Type.Boolean({ description: 'itunes:explicit' }),
    type: Type.Enum(['episodic', 'serial'], { description: 'itunes:type: episodic (newest first) or serial (in order)' })
  }),
  corsOrigins: Type.Union([Type.Literal('*'), Type.Array(Type.String({ pattern: '^https?://[^/]+$' }), { minItems: 1 })], {
    description: 'Origins allowed to call the API from a browser: "*" or a list'
  }),
  cursorSecret: Type.Union([Type.String({ minLength: 16 }), Type.Null()], { description: 'Signs pagination cursors; by default a secret stored in the database' }),
  trustProxy: Type.Union([Type.Boolean(), Type.Integer({ minimum: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], {
    description: 'Whom to believe about the client address (X-Forwarded-For): false, true, a hop count, or proxy addresses/CIDRs'
  }),
  rateLimit: Type.Object({
    windowSeconds: Type.Integer({ minimum: 1 }),
    anonymous: Type.Integer({ minimum: 1, description: 'Requests per window per client IP without a key' }),
    key: Type.Integer({ minimum: 1, description: 'Requests per window per editor or admin key' }),
    partner: Type.Integer({ minimum: 1, description: 'Requests per window per partner key' })
  }),
  pressure: Type.Object({
    maxEventLoopDelayMs: Type.Integer({ minimum: 0, description: 'Shed load (503) while the event loop lags more than this; 0 turns it off' })
  }),
  responseCacheMb: Type.Integer({ minimum: 0, maximum: 4096, description: 'Memory for rendered public responses kept in process; 0 turns it off' }),
  writerThread: Type.Boolean({ description: 'Run editorial writes on a thread of their own, so commits never block reads (a database file only)' }),
  eventLoopNice: Type.Integer({ minimum: 0, maximum: 19, description: 'Nice steps the event-loop thread drops below the writer thread once that runs (to nice 19 at most), so the writer gets the CPU first when both want it; Linux only (nice is per thread there); 0 leaves them equal' }),
  cache: Type.Object({
    maxAge: Type.Integer({ minimum: 0 }),
    sMaxAge: Type.Integer({ minimum: 0 }),
    staleWhileRevalidate: Type.Integer({ minimum: 0 }),
    staleIfError: Type.Integer({ minimum: 0 })
  })
})
export type Config = Static<typeof ConfigSchema>

/** Whether editorial writes run on the writer thread: an in-memory database cannot be opened from another thread. */
export const writesOnThread = (config: Pick<Config, 'writerThread' | 'databasePath'>): boolean =>
  config.writerThread && config.databasePath !== ':memory:'

export class ConfigError extends Error { override name = 'ConfigError' }

type Env = Record<string, string | undefined>

function integer (env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`)
  return Number(raw)
}

function boolean (env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`)
}

function podcastCategories (raw: string | undefined): Config['podcast']['categories'] {
  const parsed = parseCategories(raw === undefined || raw.trim() === '' ? 'Leisure > Video Games' : raw)
  if (typeof parsed === 'string') throw new ConfigError(`PODCAST_CATEGORY: ${parsed}`)
  return parsed
}

/** `false` (default), `true`, a number of hops, or a comma-separated list of proxy addresses. */
function trustProxy (raw: string | undefined): boolean | number | string[] {
  const value = raw?.trim() ?? ''
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value.split(',').map((v) => v.trim()).filter(Boolean)
}

export function loadConfig (env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const publicationName = env.PUBLICATION_NAME || 'Byline'
  const siteUrl = env.SITE_URL || 'https://byline.example'
  const config = {
    port: integer(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databasePath: env.DATABASE_PATH || './data/byline.db',
    logLevel: env.LOG_LEVEL || 'info',
    seedDemo: boolean(env, 'SEED_DEMO', true),
    siteUrl,
    publicUrl: env.PUBLIC_URL || `http://${env.HOST || '127.0.0.1'}:${env.PORT || '3000'}`,
    publicationName,
    publicationLanguage: env.PUBLICATION_LANGUAGE || 'en',
    feedsFullText: boolean(env, 'FEEDS_FULL_TEXT', false),
    podcast: {
      title: env.PODCAST_TITLE || null,
      description: env.PODCAST_DESCRIPTION || null,
      author: env.PODCAST_AUTHOR || publicationName,
      ownerName: env.PODCAST_OWNER_NAME || publicationName,
      // The publication's own domain: an address it can receive the directory's code at.
      ownerEmail: env.PODCAST_OWNER_EMAIL || `podcasts@${/^https?:\/\/([^/:]+)/.exec(siteUrl)?.[1] ?? 'byline.example'}`,
      imageUrl: env.PODCAST_IMAGE_URL || `${siteUrl}/podcast.jpg`,
      categories: podcastCategories(env.PODCAST_CATEGORY),
      explicit: boolean(env, 'PODCAST_EXPLICIT', false),
      type: env.PODCAST_TYPE || 'episodic'
    },
    corsOrigins: !env.CORS_ORIGINS || env.CORS_ORIGINS.trim() === '*' ? '*' : env.CORS_ORIGINS.split(',').map((o) => o.trim()),
    cursorSecret: env.CURSOR_SECRET || null,
    trustProxy: trustProxy(env.TRUST_PROXY),
    rateLimit: {
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60),
      anonymous: integer(env, 'RATE_LIMIT_ANONYMOUS', 600),
      key: integer(env, 'RATE_LIMIT_KEY', 1200),
      partner: integer(env, 'RATE_LIMIT_PARTNER', 6000)
    },
    pressure: { maxEventLoopDelayMs: integer(env, 'PRESSURE_MAX_EVENT_LOOP_DELAY_MS', 1000) },
    responseCacheMb: integer(env, 'RESPONSE_CACHE_MB', 64),
    writerThread: boolean(env, 'WRITER_THREAD', true),
    eventLoopNice: integer(env, 'EVENT_LOOP_NICE', 19),
    cache: {
      maxAge: integer(env, 'CACHE_MAX_AGE', 60),
      sMaxAge: integer(env, 'CACHE_S_MAXAGE', 300),
      staleWhileRevalidate: integer(env, 'CACHE_STALE_WHILE_REVALIDATE', 600),
      staleIfError: integer(env, 'CACHE_STALE_IF_ERROR', 86400)
    },
    ...overrides
  }
  const names: Record<string, string> = {
    '/port': 'PORT',
    '/host': 'HOST',
    '/databasePath': 'DATABASE_PATH',
    '/logLevel': 'LOG_LEVEL',
    '/siteUrl': 'SITE_URL',
    '/publicUrl': 'PUBLIC_URL',
    '/publicationName': 'PUBLICATION_NAME',
    '/feedsFullText': 'FEEDS_FULL_TEXT',
    '/publicationLanguage': 'PUBLICATION_LANGUAGE',
    '/cursorSecret': 'CURSOR_SECRET',
    '/corsOrigins': 'CORS_ORIGINS',
    '/trustProxy': 'TRUST_PROXY',
    '/responseCacheMb': 'RESPONSE_CACHE_MB',
    '/writerThread': 'WRITER_THREAD',
    '/eventLoopNice': 'EVENT_LOOP_NICE',
    '/pressure/maxEventLoopDelayMs': 'PRESSURE_MAX_EVENT_LOOP_DELAY_MS',
    '/podcast/title': 'PODCAST_TITLE',
    '/podcast/description': 'PODCAST_DESCRIPTION',
    '/podcast/author': 'PODCAST_AUTHOR',
    '/podcast/ownerName': 'PODCAST_OWNER_NAME',
    '/podcast/ownerEmail': 'PODCAST_OWNER_EMAIL',
    '/podcast/imageUrl': 'PODCAST_IMAGE_URL',
    '/podcast/categories': 'PODCAST_CATEGORY',
    '/podcast/explicit': 'PODCAST_EXPLICIT',
    '/podcast/type': 'PODCAST_TYPE',
    '/rateLimit/windowSeconds': 'RATE_LIMIT_WINDOW_SECONDS',
    '/rateLimit/anonymous': 'RATE_LIMIT_ANONYMOUS',
    '/rateLimit/key': 'RATE_LIMIT_KEY',
    '/rateLimit/partner': 'RATE_LIMIT_PARTNER'
  }
  const errors = [...Value.Errors(ConfigSchema, config)]
  // The nearest named path: /podcast/categories/0/text is PODCAST_CATEGORY.
  const nameOf = (path: string): string => {
    for (let p = path; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
      const name = names[p]
      if (name !== undefined) return name
    }
    return path
  }
  if (errors.length === 0 && !config.podcast.categories.every(isAppleCategory)) {
    throw new ConfigError('Invalid configuration:\n  PODCAST_CATEGORY: not an Apple Podcasts category')
  }
  if (errors.length > 0) {
    const lines = errors.map((e) => `${nameOf(e.instancePath)}: ${e.message}`)
    throw new ConfigError(`Invalid configuration:\n  ${[...new Set(lines)].join('\n  ')}`)
  }
  return config as Config
}
