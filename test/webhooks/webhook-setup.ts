/** An app whose webhook deliverer runs on a clock the test moves, and an admin to configure it. */
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { editorClient } from '../editorial-helper.js'
import { buildTestApp, testConfig } from '../helper.js'

interface T { teardown (fn: () => unknown): void, fail (message: string): void }

export const WEBHOOK_DEFAULTS: Config['webhooks'] = { dispatch: true, timeoutMs: 1000, pollMs: 1000, allowedNetworks: ['127.0.0.1/32'], retentionDays: 30 }

export async function webhookApp (t: T, overrides: Partial<Config> = {}, webhooks: Partial<Config['webhooks']> = {}) {
  // Real time plus what the test has moved on: the API's writes are stamped with real time, and the deliverer must never see the past.
  let offset = 0
  const now = () => Date.now() + offset
  const app: FastifyInstance = await buildTestApp(testConfig({ webhooks: { ...WEBHOOK_DEFAULTS, ...webhooks }, ...overrides }), {
    logger: false,
    webhooks: { clock: now, autoStart: false, random: () => 0.5 }
  })
  t.teardown(() => app.close())
  const admin = await editorClient(t, app, 'admin')
  const editor = await editorClient(t, app, 'editor')

  async function endpoint (body: Record<string, unknown>) {
    const res = await admin.post('/v1/webhooks', body)
    if (res.statusCode !== 201) throw new Error(`creating the endpoint: ${res.statusCode} ${res.body}`)
    return res.json() as { endpoint: { id: string }, secret: string }
  }

  return {
    app,
    admin,
    editor,
    now,
    advance: (ms: number) => { offset += ms },
    endpoint,
    /** One round of the deliverer, waiting for what it sends. */
    deliver: async () => { await app.webhooks!.runOnce() }
  }
}
