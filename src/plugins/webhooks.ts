/**
 * Webhooks, CDN purges and WebSub pings (src/webhooks/): the WebSub hubs configured get
 * their endpoints at start, and a process that may deliver (WEBHOOK_DISPATCH) runs the
 * deliverer beside its requests, woken by its own commits and polling for the rest
 * (scheduled stories, retries, other processes' commits).
 */
import fp from 'fastify-plugin'
import { webhookRepository } from '../repositories/webhooks.js'
import { startDeliverer, type Deliverer } from '../webhooks/deliverer.js'

export interface WebhooksOptions {
  /** The deliverer's clock (tests move it to drive retries and schedules). */
  clock?: () => number
  /** false: no timer; a test calls `app.webhooks.runOnce()`. */
  autoStart?: boolean
  random?: () => number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's deliverer; null where WEBHOOK_DISPATCH is off. */
    webhooks: Deliverer | null
  }
}

const DAY_MS = 24 * 60 * 60_000

export default fp<WebhooksOptions>(async (app, options) => {
  const { config, database, writes } = app
  const clock = options.clock ?? Date.now
  app.decorate('webhooks', null)

  app.addHook('onReady', async () => {
    if (config.websubHubs.length > 0 || await webhookRepository(database.db).hasKind('websub')) {
      await writes.run('syncWebSubHubs', config.websubHubs, { now: clock(), actor: null })
    }
    if (!config.webhooks.dispatch) return
    const deliverer = startDeliverer({
      run: writes.run,
      db: database.db,
      repo: webhookRepository(database.db),
      urls: { siteUrl: config.siteUrl, publicUrl: config.publicUrl },
      timeoutMs: config.webhooks.timeoutMs,
      pollMs: config.webhooks.pollMs,
      allowedNetworks: config.webhooks.allowedNetworks,
      retentionMs: config.webhooks.retentionDays * DAY_MS,
      clock,
      log: app.log,
      ...(options.random !== undefined ? { random: options.random } : {})
    }, { autoStart: options.autoStart ?? true })
    app.webhooks = deliverer
    // A commit that changed something public: its events go out now, not at the next poll.
    writes.onCommitted(({ invalidation }) => {
      if (invalidation.everything || invalidation.keys.length > 0) deliverer.wake()
    })
  })

  app.addHook('preClose', async () => {
    await app.webhooks?.stop()
  })
}, { name: 'webhooks', dependencies: ['config', 'database', 'writes'] })
