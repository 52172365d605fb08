/**
 * Every editorial write, by name. A write crosses to the writer thread as its name and
 * its arguments (plain data), and runs there against that thread's own editors; the
 * same table runs it in process for an in-memory database, and in a pooled transaction
 * on Postgres (each transaction gets editors of its own: `editorsOn(tx)`).
 *
 * Each returns what it wrote and, typed, which public responses it may have changed
 * (src/content/invalidation.ts): the group commit merges them, and the response cache
 * drops just those.
 */
import type { Written } from '../content/invalidation.js'
import type { Db } from '../db/client.js'
import type { CatalogResource } from '../repositories/catalog-specs.js'
import type { WriteContext } from '../repositories/change-log.js'
import type { StoryCreateType, StoryPatchType } from '../schemas/editorial.js'
import { catalogEditor, type CatalogEditor } from './catalog-editor.js'
import { storyEditor, type StoryEditor } from './story-editor.js'
import { deliveryWrites, type AttemptRecord, type DeliveryWrites } from './delivery-writes.js'
import { webhookEditor, type WebhookEditor } from './webhook-editor.js'
import { importEditor, type ImportedCatalogEntry, type ImportedStory, type ImportEditor } from './import-editor.js'
import type { WebhookCreateType, WebhookPatchType } from '../schemas/webhooks.js'
import type { Urls } from '../webhooks/fan-out.js'

type Body = Record<string, unknown>

export interface Editors { stories: StoryEditor, catalog: CatalogEditor, webhooks: WebhookEditor, deliveries: DeliveryWrites, imports: ImportEditor }

/** The editors working in `db` (a database, or a transaction of it). */
export function editorsOn (db: Db, siteUrl: string): Editors {
  const catalog = catalogEditor(db, siteUrl)
  return { stories: storyEditor(db, siteUrl, catalog), catalog, webhooks: webhookEditor(db), deliveries: deliveryWrites(db), imports: importEditor(db, siteUrl, catalog) }
}

export function editorialWrites ({ stories, catalog, webhooks, deliveries, imports }: Editors) {
  return {
    createStory: (body: StoryCreateType, ctx: WriteContext) => stories.create(body, ctx),
    updateStory: (slug: string, patch: StoryPatchType, ifMatch: string | undefined, ctx: WriteContext) => stories.update(slug, patch, ifMatch, ctx),
    removeStory: (slug: string, ifMatch: string | undefined, ctx: WriteContext) => stories.remove(slug, ifMatch, ctx),
    createCatalog: (resource: CatalogResource, body: Body, ctx: WriteContext) => catalog.create(resource, body, ctx),
    updateCatalog: (resource: CatalogResource, key: string, body: Body, ifMatch: string | undefined, ctx: WriteContext) => catalog.update(resource, key, body, ifMatch, ctx),
    removeCatalog: (resource: CatalogResource, key: string, ifMatch: string | undefined, ctx: WriteContext) => catalog.remove(resource, key, ifMatch, ctx),
    createWebhook: (body: WebhookCreateType, ctx: WriteContext) => webhooks.create(body, ctx),
    updateWebhook: (id: string, patch: WebhookPatchType, ifMatch: string | undefined, ctx: WriteContext) => webhooks.update(id, patch, ifMatch, ctx),
    removeWebhook: (id: string, ifMatch: string | undefined, ctx: WriteContext) => webhooks.remove(id, ifMatch, ctx),
    rotateWebhookSecret: (id: string, keepPreviousMs: number, ctx: WriteContext) => webhooks.rotateSecret(id, keepPreviousMs, ctx),
    pingWebhook: (id: string, ctx: WriteContext) => webhooks.ping(id, ctx),
    redeliverWebhookMessage: (id: string, messageId: string, ctx: WriteContext) => webhooks.redeliver(id, messageId, ctx),
    replayWebhook: (id: string, from: { since?: string, afterChange?: number }, ctx: WriteContext) => webhooks.replay(id, from, ctx),
    syncWebSubHubs: (hubs: string[], ctx: WriteContext) => webhooks.syncWebSubHubs(hubs, ctx),
    // An import's (src/import/): each story whole, or not at all.
    importCatalog: (source: string, entries: ImportedCatalogEntry[], force: boolean, ctx: WriteContext) => imports.importCatalog(source, entries, force, ctx),
    importStory: (item: ImportedStory, ctx: WriteContext) => imports.importStory(item, ctx),
    withdrawImportedStory: (source: string, externalId: string, force: boolean, ctx: WriteContext) => imports.withdrawStory(source, externalId, force, ctx),
    // The deliverer's (src/webhooks/deliverer.ts): each checks its lease.
    claimDelivery: (owner: string, now: number, ttlMs: number) => deliveries.claimDelivery(owner, now, ttlMs),
    releaseDelivery: (owner: string) => deliveries.releaseDelivery(owner),
    fanOutWebhooks: (owner: string, urls: Urls, now: number, limit: number) => deliveries.fanOut(owner, urls, now, limit),
    recordDeliveryAttempts: (owner: string, records: AttemptRecord[], now: number) => deliveries.recordAttempts(owner, records, now),
    pruneDeliveries: (owner: string, now: number, retentionMs: number) => deliveries.prune(owner, now, retentionMs)
  } satisfies Record<string, (...args: never[]) => Promise<Written<unknown>>>
}

export type EditorialWrites = ReturnType<typeof editorialWrites>
export type WriteName = keyof EditorialWrites
/** What the named write resolves with, once committed. */
export type WriteValue<K extends WriteName> = Awaited<ReturnType<EditorialWrites[K]>>['value']

/** A write as data: what crosses to the writer thread. */
export interface WriteRequest { name: WriteName, args: unknown[] }

export async function performWrite (writes: EditorialWrites, request: WriteRequest): Promise<Written<unknown>> {
  const write = writes[request.name] as (...args: unknown[]) => Promise<Written<unknown>>
  return await write(...request.args)
}
