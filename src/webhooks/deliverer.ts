/**
 * The deliverer: in every process that may deliver (WEBHOOK_DISPATCH), a loop that takes
 * the delivery lease when it is free, turns new change-log entries into messages, and
 * sends each active endpoint's oldest pending message when it is due, one at a time per
 * endpoint (its order), several endpoints at once. It runs beside the requests, never on
 * their path: a slow receiver holds back its own endpoint and nothing else.
 *
 * Only the lease holder writes; the others only read the lease, so an idle process
 * writes nothing (another process's commit empties every response cache on SQLite).
 */
import { hostname } from 'node:os'
import type { FastifyInstance } from 'fastify'
import { randomId } from '../content/ids.js'
import { SYNC_RESOURCES, syncRepository, type SyncPosition } from '../repositories/sync.js'
import { destinationOf, type WebhookRepository } from '../repositories/webhooks.js'
import type { Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { eq } from 'drizzle-orm'
import { DELIVERY_LEASE, PRUNE_BATCH, type AttemptRecord } from '../writes/delivery-writes.js'
import { sendRequest, type DeliveryOutcome, type OutgoingRequest } from './http-delivery.js'
import { requestFor } from './requests.js'
import { parseRetryAfter, retryDelay } from './retry.js'

export interface DelivererOptions {
  run: FastifyInstance['writes']['run']
  db: Db
  repo: WebhookRepository
  urls: { siteUrl: string, publicUrl: string }
  timeoutMs: number
  pollMs: number
  allowedNetworks: readonly string[]
  retentionMs: number
  clock: () => number
  log: { warn (obj: object, msg: string): void, error (obj: object, msg: string): void }
  random?: () => number
}

/** Endpoints delivered to at once by one process. */
const CONCURRENT_ENDPOINTS = 32
/** Messages of an endpoint read at a time while it has a backlog. */
const QUEUE_BATCH = 100
/** Change-log entries made into messages per transaction. */
const FAN_OUT_BATCH = 500
const PRUNE_EVERY_MS = 60 * 60_000

export interface Deliverer {
  readonly owner: string
  /** Look for work now (a commit in this process). */
  wake (): void
  /** One full round, waiting for the deliveries it starts: what tests drive with their clock. */
  runOnce (): Promise<void>
  stop (): Promise<void>
}

export function startDeliverer (options: DelivererOptions, { autoStart = true } = {}): Deliverer {
  const { run, db, repo, urls, clock, log } = options
  const owner = `${hostname()}:${process.pid}:${randomId('dlv')}`
  // Long enough to ride out a stalled event loop and to outlast any send begun under it
  // (a send starts only with more than a timeout of it left), short enough for a quick
  // takeover after a crash.
  const leaseMs = Math.max(2_000, 10 * options.pollMs, 3 * options.timeoutMs)
  // An endpoint whose delivery failed inside Byline (not at the receiver) rests this long.
  const coolMs = Math.max(5_000, options.pollMs)
  const cooling = new Map<string, number>()
  const sync = syncRepository(db)
  const { leases } = tablesOf(db)
  const inFlight = new Map<string, Promise<void>>()
  let heldUntil = 0
  let lastPrune = 0
  let stopped = false
  // Stopping abandons the requests in flight: their messages stay pending for the next holder.
  const stopping = new AbortController()
  let timer: NodeJS.Timeout | null = null
  let round: Promise<void> | null = null
  let again = false

  /** Holds the lease, renewing it when needed; false when another process holds it. */
  async function holdLease (now: number): Promise<boolean> {
    // Renewed at half its length, and always while a send could no longer start under it.
    if (heldUntil - now > Math.max(leaseMs / 2, options.timeoutMs + 2_000)) return true
    const [lease] = await db.select().from(leases).where(eq(leases.id, DELIVERY_LEASE))
    if (lease !== undefined && lease.owner !== owner && lease.expiresAt >= now) return false
    const held = await run('claimDelivery', owner, now, leaseMs)
    heldUntil = held ? now + leaseMs : 0
    return held
  }

  /** Whether any active endpoint has entries past its position (a read: the write only when there are). */
  async function behind (now: number): Promise<boolean> {
    const { webhookEndpoints: endpoints } = tablesOf(db)
    const rows = await db.select({ seq: endpoints.positionSeq, deferredAt: endpoints.positionDeferredAt, deferredSeq: endpoints.positionDeferredSeq }).from(endpoints).where(eq(endpoints.active, true))
    const seen = new Set<string>()
    for (const p of rows as SyncPosition[]) {
      const key = `${p.seq}:${p.deferredAt}:${p.deferredSeq}`
      if (seen.has(key)) continue
      seen.add(key)
      if ((await sync.entries(p, SYNC_RESOURCES, 1, now)).entries.length > 0) return true
    }
    return false
  }

  async function attempt (request: OutgoingRequest): Promise<DeliveryOutcome> {
    return await sendRequest(request, { timeoutMs: options.timeoutMs, allowedNetworks: options.allowedNetworks, signal: stopping.signal })
  }

  /**
   * Sends an endpoint's due messages in order until none is due, one fails, or the lease
   * runs short. A success goes on to the next message at once: the outcomes are written
   * behind the sends, each write taking all that came in while the one before committed
   * (a process killed meanwhile sends those few again, under the same ids).
   */
  async function drain (endpointId: string): Promise<void> {
    const records: AttemptRecord[] = []
    let writing: Promise<void> = Promise.resolve()
    let busy = false
    let refused = false
    let failure: unknown = null
    const kick = (): void => {
      if (busy || records.length === 0 || failure !== null) return
      busy = true
      const batch = records.splice(0)
      writing = run('recordDeliveryAttempts', owner, batch, clock())
        .then((recorded) => { if (recorded !== batch.length) refused = true }, (error: unknown) => { failure = error })
        .finally(() => { busy = false; kick() })
    }
    const settle = async (): Promise<void> => {
      while (busy || (records.length > 0 && failure === null)) {
        kick()
        await writing
      }
      if (failure !== null) throw failure
    }

    const usable = () => !stopped && !refused && failure === null && heldUntil - clock() > options.timeoutMs + 1_000
    let from = 0
    while (usable()) {
      const row = await repo.row(endpointId)
      if (row === null || !row.active) break
      const queue = await repo.queue(endpointId, from, QUEUE_BATCH)
      let stop = queue.length === 0
      for (const message of queue) {
        const now = clock()
        if (!usable() || message.nextAttemptAt > now) { stop = true; break }
        const outcome = await attempt(requestFor(destinationOf(row, now), message, now))
        if (stopped) break
        const at = clock()
        const number = message.attempts + 1
        const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300
        records.push({
          endpointId,
          messageSeq: message.seq,
          attempt: number,
          at: now,
          status: outcome.status,
          durationMs: outcome.durationMs,
          responseBody: outcome.responseBody,
          error: outcome.error,
          retryInMs: ok ? null : retryDelay(number, parseRetryAfter(outcome.retryAfter, at), options.random)
        })
        kick()
        from = message.seq + 1
        if (!ok) { stop = true; break }
      }
      if (stop || stopped) break
    }
    // Stopping: what was sent is still recorded if the writes still run (else it is sent again).
    await settle()
  }

  /** Whether there is anything to deliver to at all: without endpoints nobody takes the lease (no write). */
  async function anyEndpoint (): Promise<boolean> {
    const { webhookEndpoints: endpoints } = tablesOf(db)
    return (await db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.active, true)).limit(1)).length > 0
  }

  /** Starts sending for every endpoint with a message due that is not being sent to already. */
  async function startDrains (): Promise<void> {
    for (const { endpoint, head } of await repo.heads()) {
      if (inFlight.size >= CONCURRENT_ENDPOINTS) break
      if (head === null || head.nextAttemptAt > clock() || inFlight.has(endpoint.id) || (cooling.get(endpoint.id) ?? 0) > clock()) continue
      const id = endpoint.id
      let failed = false
      inFlight.set(id, drain(id)
        .catch((error: unknown) => {
          // Byline could not record the outcome: resending at once would hammer the receiver.
          failed = true
          cooling.set(id, clock() + coolMs)
          log.error({ err: error, endpoint: id }, 'webhook delivery failed; the endpoint rests before the next try')
        })
        .finally(() => { inFlight.delete(id); if (!stopped && !failed) wake() }))
    }
  }

  async function roundOnce (): Promise<void> {
    const now = clock()
    if (heldUntil <= now && !await anyEndpoint()) return
    if (!await holdLease(now)) return
    // What is already made goes out while more is made: fan-out waits its turn among the
    // editorial writes, and a busy newsroom must not hold back messages already waiting.
    await startDrains()
    for (let i = 0; i < 20 && await behind(clock()); i++) {
      if (!await holdLease(clock())) return
      const { made, more } = await run('fanOutWebhooks', owner, urls, clock(), FAN_OUT_BATCH)
      if (made > 0) await startDrains()
      if (!more) break
    }
    if (clock() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = clock()
      for (let i = 0; i < 100 && await run('pruneDeliveries', owner, clock(), options.retentionMs) === PRUNE_BATCH; i++);
    }
  }

  /** One round at a time; a wake during a round runs another after it. */
  function startRound (): Promise<void> {
    if (round !== null) {
      again = true
      return round
    }
    round = roundOnce()
      .catch((error: unknown) => log.warn({ err: error }, 'webhook round failed; trying again at the next poll'))
      .finally(() => {
        round = null
        if (again && !stopped) {
          again = false
          void startRound()
        }
      })
    return round
  }

  function schedule (): void {
    if (stopped || !autoStart) return
    timer = setTimeout(() => { void startRound().finally(schedule) }, options.pollMs)
    timer.unref()
  }

  function wake (): void {
    if (!stopped && autoStart) void startRound()
  }

  if (autoStart) schedule()

  return {
    owner,
    wake,
    async runOnce () {
      await round
      await startRound()
      // Until nothing due is left unsent: a send that ended while the round made more would
      // have woken another round (without a timer, nothing wakes one).
      for (let i = 0; i < 10; i++) {
        while (inFlight.size > 0) await Promise.all(inFlight.values())
        await round
        const due = (await repo.heads()).some(({ endpoint, head }) => head !== null && head.nextAttemptAt <= clock() && (cooling.get(endpoint.id) ?? 0) <= clock())
        if (!due || stopped || heldUntil <= clock()) break
        await startRound()
      }
    },
    async stop () {
      stopped = true
      stopping.abort()
      if (timer !== null) clearTimeout(timer)
      await round
      await Promise.all(inFlight.values())
      if (heldUntil > clock()) await run('releaseDelivery', owner).catch(() => {})
    }
  }
}
