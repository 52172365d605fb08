/**
 * An in-process cache of rendered public responses, both halves of it: a GET that a
 * public route answered with a stored rendering (src/plugins/http-cache.ts) is kept as it
 * is sent, headers and all (the security, CORS and caching headers the other plugins set),
 * and the next anonymous GET of the same URL is answered from memory in the first
 * onRequest hook: no routing work, no query, no serialization, and a conditional request
 * gets its 304 without touching the body.
 *
 * Freshness is checked on every lookup, before any entry is used:
 * - a commit on any connection since the last look, as the engine tells it
 *   (`Engine.commits`: on SQLite src/db/sqlite/commit-watch.ts, within a millisecond for
 *   another process's; on Postgres other processes' commits arrive as announcements with
 *   what they changed, and only a lost notification connection counts as a move). The
 *   writer thread's commits are not asked about while its writes are out: they are
 *   accounted for when announced, and the thread reports other processes' commits
 *   meanwhile itself;
 * - the next scheduled publication time: a story going live changes lists with no write.
 *   It is read from the database after each clear; until it is known nothing is served
 *   from memory or kept.
 * Any of them clears the whole cache; entries are cheap to rebuild and never stale.
 *
 * Editorial writes are the exception: each committed batch is announced with what it may
 * have changed (`app.writes.onCommitted`, src/content/invalidation.ts), only those entries
 * go, and the rest stay. So every public change at runtime goes through `app.writes`
 * (other writes on this connection happen at boot). A response computed before such a
 * write but stored after it is not kept: each request notes the cache's generation when
 * it arrives, and every purge moves it.
 *
 * Requests with a key take the normal path (their key is checked and counted), as do
 * browser requests when CORS is limited to some origins (the answer varies by Origin).
 * Hits are counted by the rate limiter like every other request (it is handed over by
 * src/plugins/protection.ts): a limited client is refused here too, and every answer
 * carries the limiter's headers. A limit that cached URLs could bypass would not be one.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { notModified } from '../http/conditional.js'
import { ResponseStore, type StoredResponse } from '../http/response-store.js'
import type { SharedRendering } from './http-cache.js'
import { freshnessRepository } from '../repositories/freshness.js'

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: {
      /** `count` runs before a hit is served: the rate limiter's check, which throws when the client is over its limit. */
      countHitsWith (count: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): void
      readonly size: number
      /** What the entries cost in memory, as counted against RESPONSE_CACHE_MB (src/http/response-store.ts). */
      readonly bytes: number
      /** Requests answered from memory since the start (for operators' metrics and the tests). */
      readonly hits: number
    }
  }
}

// Per-response or per-client headers that must not be replayed.
const NOT_REPLAYED = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'retry-after',
  'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
// What a 304 repeats (RFC 9110 §15.4.5), plus the headers every response carries.
const NOT_IN_304 = new Set(['content-type', 'link'])

/**
 * The body's bytes in an allocation of their own. Buffer.from puts strings under 4 KB in a
 * shared 8 KB pool slab, and a kept slice holds the whole slab, with whatever else was
 * written to it, for as long as the entry lives: a 1 KB verdict could pin 8 KB.
 */
function ownBytes (body: string): Buffer {
  const bytes = Buffer.from(body)
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length) return bytes
  const own = Buffer.allocUnsafeSlow(bytes.length)
  bytes.copy(own)
  return own
}

export default fp(async (app) => {
  const { config, database, writes } = app
  const enabled = config.responseCacheMb > 0
  const store = new ResponseStore(config.responseCacheMb * 1024 * 1024, 4 * 1024 * 1024)
  // The primary's: a lagging replica could miss a story just scheduled.
  const freshness = freshnessRepository(database.db)
  const { commits } = database
  const varyByOrigin = config.corsOrigins !== '*'
  let validFrom = 0
  let validUntil = 0
  // Reads of the next publication time under way: until they answer, the cache is not trusted.
  let pending = 0
  // Public reads may come from a replica up to readLagBoundMs behind: after a purge, what
  // they answer may predate the write, so nothing is kept until that has passed.
  let keepFrom = 0
  // Moves whenever entries are dropped; a request that saw another one stores nothing.
  let generation = 0
  const arrivedIn = new WeakMap<FastifyRequest, number>()
  let countHit: ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) | undefined
  let hits = 0

  function clear (now: number): void {
    store.clear()
    generation++
    validFrom = now
    validUntil = Number.POSITIVE_INFINITY
    until(now, true)
  }

  /**
   * Lowers validUntil to the first publication after `from`, once the database says when.
   * After a clear nothing is served or kept until then (`blocking`). After a write's purge
   * the entries left stay in use meanwhile: a story the write made due is in its
   * goesLiveAt already, and one it scheduled later goes live after the answer is back.
   */
  function until (from: number, blocking: boolean): void {
    if (blocking) pending++
    freshness.nextPublicationAfter(from).then((next) => {
      validUntil = Math.min(validUntil, next ?? Number.POSITIVE_INFINITY)
    }, (error: unknown) => {
      // Unknown: the next look clears and asks again.
      validUntil = validFrom
      forget(error, 'could not read the next publication time')
    }).finally(() => { if (blocking) pending-- }).catch(() => {})
  }

  /**
   * Clears the store when the data or the clock has moved past what its entries saw.
   * 'closed': the database cannot say (shutting down), so no cache; 'pending': the next
   * publication time is being read, so nothing is served or kept until it is known.
   */
  function check (now: number): 'ready' | 'pending' | 'closed' {
    if (!database.open) return 'closed'
    // Editorial commits made on another connection (the writer thread) move data_version.
    const ownCommitsOut = writes.onThread && writes.unanswered > 0
    if (commits.moved(now, !ownCommitsOut) || now >= validUntil || now < validFrom) clear(now)
    return pending === 0 ? 'ready' : 'pending'
  }

  writes.onCommitted(function dropWhatChanged ({ invalidation, settled }) {
    // Closed, the cache serves nothing anyway (check).
    if (!enabled || !database.open) return
    if (database.readLagBoundMs > 0) keepFrom = Date.now() + database.readLagBoundMs
    try {
      if (invalidation.everything) {
        clear(Date.now())
      } else {
        if (invalidation.keys.length > 0) {
          store.purge(invalidation.keys)
          generation++
        }
        // A story the batch scheduled goes live at its time, even one due before the commit
        // (the write waited for the lock): nothing kept is served past it.
        validUntil = Math.min(validUntil, invalidation.goesLiveAt ?? Number.POSITIVE_INFINITY)
        until(validFrom, false)
      }
      // The writer thread's commits moved data_version: taken as seen once its writes are all answered.
      commits.absorb(writes.onThread && settled)
    } catch (error) {
      // The write itself is done: whatever went wrong here, keep nothing that may be stale.
      forget(error, 'could not account for a write')
    }
  })

  /** Keeps nothing, and trusts nothing seen so far. */
  function forget (error: unknown, why: string): void {
    app.log.warn({ err: error }, `response cache: ${why}; cleared`)
    store.clear()
    generation++
    commits.forget()
  }

  const eligible = (request: FastifyRequest) => request.method === 'GET' &&
    request.headers.authorization === undefined && !(varyByOrigin && request.headers.origin !== undefined)

  app.decorate('responseCache', {
    countHitsWith (count) { countHit = count },
    get size () { return store.size },
    get bytes () { return store.totalBytes },
    get hits () { return hits }
  })

  app.addHook('onRequest', function serveFromMemory (request, reply, done) {
    if (!enabled || !eligible(request)) return done()
    const state = check(Date.now())
    if (state === 'closed') return done()
    arrivedIn.set(request, generation)
    if (state === 'pending') return done()
    const hit = store.get(request.url)
    if (hit === undefined || Date.now() >= hit.expiresAt) return done()
    if (countHit === undefined) return serve(request, reply, hit)
    countHit(request, reply).then(() => serve(request, reply, hit), done)
  })

  function serve (request: FastifyRequest, reply: FastifyReply, hit: StoredResponse): void {
    hits++
    if (notModified(request.headers, hit.validators)) {
      reply.headers(hit.notModifiedHeaders).code(304).send()
      return
    }
    reply.headers(hit.headers).code(hit.status).send(hit.body)
  }
  // Registered before any other plugin's onSend: the headers kept are those set before the
  // response is sent, as the hooks of the routes and of earlier plugins left them.
  app.addHook('onSend', function keepForOthers (request, reply, payload, done) {
    const shared = reply.sharedRendering
    // Let go of the body now: replies outlive their responses (measured: holding a list
    // page's 37 KB until the reply was collected cost 400 µs of GC per request).
    reply.sharedRendering = null
    if (shared === null) return done(null, payload)
    let kept: Buffer | undefined
    try {
      kept = keep(request, reply, shared)
    } catch (error) {
      // The answer is decided: a failure to keep it must not change it.
      forget(error, 'could not keep a response')
    }
    // The bytes kept are the bytes sent: encoded once.
    done(null, kept !== undefined && reply.statusCode === 200 ? kept : payload)
  })

  /** Keeps the response for `shared` if the request and route allow it; returns the bytes kept. */
  function keep (request: FastifyRequest, reply: FastifyReply, shared: SharedRendering): Buffer | undefined {
    if (!enabled || !eligible(request) || request.routeOptions.config.access !== 'public') return undefined
    // Hits are counted with the global limits: a route with limits of its own is not kept.
    if (request.routeOptions.config.rateLimit !== undefined) return undefined
    if (check(Date.now()) !== 'ready' || arrivedIn.get(request) !== generation || Date.now() < keepFrom) return undefined
    const headers: Record<string, string | number | string[]> = {}
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !NOT_REPLAYED.has(name)) headers[name] = value
    }
    headers['content-type'] = shared.contentType
    const notModifiedHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_IN_304.has(name)))
    const keys = typeof headers['surrogate-key'] === 'string' ? headers['surrogate-key'].split(' ') : []
    const bytes = ownBytes(shared.body)
    store.set(request.url, { status: 200, headers, notModifiedHeaders, body: bytes, validators: { etag: shared.etag, 'last-modified': shared.lastModified }, expiresAt: shared.expiresAt ?? Number.POSITIVE_INFINITY, keys })
    return bytes
  }
}, { name: 'response-cache', dependencies: ['config', 'database', 'writes', 'http-cache'] })
