/**
 * Rate limits counted once for every worker of a cluster (WORKERS > 1). Each worker's
 * @fastify/rate-limit uses `workerRateLimitStore`: an incr is one IPC message to the
 * primary, `{ id, store, key, timeWindow, max }`, and one answer back, `{ id, current,
 * ttl }`. The primary (`primaryRateLimitCounters`) counts in @fastify/rate-limit's own
 * LocalStore, one per store name, so the window and TTL semantics are the built-in
 * store's exactly (fixed window, bounded LRU of clients); it only lives in another process.
 *
 * A count that has not come back within COUNT_TIMEOUT_MS (a primary stalled or gone)
 * lets the request through uncounted, with a warning at most every WARN_EVERY_MS: a slow
 * primary never holds requests up for longer than that.
 *
 * Outside a cluster (WORKERS=1, the tests' in-process apps) none of this runs: the
 * plugin keeps its in-memory store (src/plugins/protection.ts).
 */
import type { Worker } from 'node:cluster'
import { createRequire } from 'node:module'
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { FastifyBaseLogger } from 'fastify'

export const COUNT_TIMEOUT_MS = 500
const WARN_EVERY_MS = 10_000

interface StoreOptions { continueExceeding: boolean, exponentialBackoff: boolean, cache: number | undefined }
interface Count { current: number, ttl: number }
type CountCallback = (error: Error | null, result?: Count) => void

/** Worker → primary: a store exists (sent once per store, before its first incr). */
interface StoreMessage { type: 'byline:rate-limit:store', store: string, options: StoreOptions }
/** Worker → primary: count one request. */
interface IncrMessage { type: 'byline:rate-limit:incr', id: number, store: string, key: string, timeWindow: number, max: number }
/** Primary → worker: the count. */
interface CountMessage { type: 'byline:rate-limit:count', id: number, current: number, ttl: number }

const isObject = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null
const isCount = (m: unknown): m is CountMessage => isObject(m) && m.type === 'byline:rate-limit:count'

/** What the plugin gives a store's constructor and child(): its merged settings (typed here as far as they are used). */
interface StoreParams { continueExceeding?: boolean, exponentialBackoff?: boolean, cache?: number, routeInfo?: { method?: unknown, url?: unknown } }

interface Pending { callback: CountCallback, timeWindow: number, sentAt: number }

/**
 * The store class to give @fastify/rate-limit in a cluster worker, and `close` to stop
 * listening when the app closes.
 */
export function workerRateLimitStore (log: FastifyBaseLogger): { Store: FastifyRateLimitStoreCtor, close: () => void } {
  if (process.send === undefined) throw new Error('workerRateLimitStore: this process has no IPC channel to a cluster primary')
  const send = process.send.bind(process)
  const pending = new Map<number, Pending>()
  let nextId = 0
  let uncounted = 0
  let warnedAt = 0

  const letThrough = (entry: Pending, why: string) => {
    uncounted++
    const now = Date.now()
    if (now - warnedAt >= WARN_EVERY_MS) {
      log.warn({ uncounted, why }, 'rate limit not counted by the cluster primary: requests let through uncounted')
      warnedAt = now
      uncounted = 0
    }
    entry.callback(null, { current: 0, ttl: entry.timeWindow })
  }

  const onMessage = (message: unknown) => {
    if (!isCount(message)) return
    const entry = pending.get(message.id)
    if (entry === undefined) return // answered after its timeout: already let through
    pending.delete(message.id)
    entry.callback(null, { current: message.current, ttl: message.ttl })
  }
  process.on('message', onMessage)

  // One timer for every count in flight (ids grow, so the oldest come first).
  const sweep = setInterval(() => {
    const expired = Date.now() - COUNT_TIMEOUT_MS
    for (const [id, entry] of pending) {
      if (entry.sentAt > expired) break
      pending.delete(id)
      letThrough(entry, `no answer within ${COUNT_TIMEOUT_MS} ms`)
    }
  }, COUNT_TIMEOUT_MS / 5)
  sweep.unref()

  const announce = (store: string, options: StoreOptions) => {
    const message: StoreMessage = { type: 'byline:rate-limit:store', store, options }
    send(message, undefined, undefined, () => {})
  }

  let children = 0
  class PrimaryCountedStore {
    readonly name: string
    readonly options: StoreOptions

    constructor (options: StoreParams, name = 'global') {
      this.name = name
      this.options = { continueExceeding: options.continueExceeding ?? false, exponentialBackoff: options.exponentialBackoff ?? false, cache: options.cache }
      announce(name, this.options)
    }

    incr (key: string, callback: CountCallback, timeWindow: number, max: number): void {
      const id = ++nextId
      const entry: Pending = { callback, timeWindow, sentAt: Date.now() }
      pending.set(id, entry)
      const message: IncrMessage = { type: 'byline:rate-limit:incr', id, store: this.name, key, timeWindow, max }
      send(message, undefined, undefined, (err) => {
        if (err === null || !pending.has(id)) return
        pending.delete(id)
        letThrough(entry, err.message)
      })
    }

    // A route with its own limits counts apart (the built-in store makes a new LRU for it).
    // Its name must be the same in every worker: the route when there is one.
    child (routeOptions: StoreParams): PrimaryCountedStore {
      const route = routeOptions.routeInfo
      const name = route?.url !== undefined ? `${this.name}|${JSON.stringify(route.method)} ${String(route.url)}` : `${this.name}|#${++children}`
      return new PrimaryCountedStore(routeOptions, name)
    }
  }

  return {
    Store: PrimaryCountedStore as unknown as FastifyRateLimitStoreCtor,
    close: () => {
      clearInterval(sweep)
      process.off('message', onMessage)
      for (const [id, entry] of pending) {
        pending.delete(id)
        letThrough(entry, 'closing')
      }
    }
  }
}

interface Counter {
  incr (key: string, callback: (error: Error | null, result: Count) => void, timeWindow: number, max: number): void
}
// The plugin's own in-memory store (CommonJS, not in its typed exports): the primary
// counts exactly as a single process would.
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as
  new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => Counter

/**
 * The primary's side: `answer(worker, message)` for every message from a worker
 * (cluster.on('message')); messages that are not rate-limit counts are ignored. Counters
 * outlive the workers, so a replaced worker finds its clients' counts where they were.
 */
export function primaryRateLimitCounters (): { answer: (worker: Worker, message: unknown) => void } {
  const stores = new Map<string, Counter>()
  return {
    answer (worker, message) {
      if (!isObject(message)) return
      if (message.type === 'byline:rate-limit:store') {
        const { store, options } = message as unknown as StoreMessage
        if (!stores.has(store)) stores.set(store, new LocalStore(options.continueExceeding, options.exponentialBackoff, options.cache))
        return
      }
      if (message.type !== 'byline:rate-limit:incr') return
      const { id, store, key, timeWindow, max } = message as unknown as IncrMessage
      let counter = stores.get(store)
      if (counter === undefined) {
        counter = new LocalStore(false, false)
        stores.set(store, counter)
      }
      counter.incr(key, (err, result) => {
        if (err !== null || !worker.isConnected()) return // the worker times the count out
        const reply: CountMessage = { type: 'byline:rate-limit:count', id, current: result.current, ttl: result.ttl }
        worker.send(reply, undefined, () => {})
      }, timeWindow, max)
    }
  }
}
