/**
 * Every editorial write, by name. A write crosses to the writer thread as its name and
 * its arguments (plain data), and runs there against that thread's own editors; the
 * same table runs it in process for an in-memory database.
 */
import type { StoryCreateType, StoryPatchType } from '../schemas/editorial.js'
import type { CatalogEditor, CatalogResource } from './catalog-editor.js'
import type { WriteContext } from './change-log.js'
import type { StoryEditor } from './story-editor.js'

type Body = Record<string, unknown>

export function editorialWrites (editors: { stories: StoryEditor, catalog: CatalogEditor }) {
  const { stories, catalog } = editors
  return {
    createStory: (body: StoryCreateType, ctx: WriteContext) => stories.create(body, ctx),
    updateStory: (slug: string, patch: StoryPatchType, ifMatch: string | undefined, ctx: WriteContext) => stories.update(slug, patch, ifMatch, ctx),
    removeStory: (slug: string, ifMatch: string | undefined, ctx: WriteContext) => stories.remove(slug, ifMatch, ctx),
    createCatalog: (resource: CatalogResource, body: Body, ctx: WriteContext) => catalog.create(resource, body, ctx),
    updateCatalog: (resource: CatalogResource, key: string, body: Body, ifMatch: string | undefined, ctx: WriteContext) => catalog.update(resource, key, body, ifMatch, ctx),
    removeCatalog: (resource: CatalogResource, key: string, ifMatch: string | undefined, ctx: WriteContext) => catalog.remove(resource, key, ifMatch, ctx)
  }
}

export type EditorialWrites = ReturnType<typeof editorialWrites>
export type WriteName = keyof EditorialWrites

/** A write as data: what crosses to the writer thread. */
export interface WriteRequest { name: WriteName, args: unknown[] }

export function performWrite (writes: EditorialWrites, request: WriteRequest): unknown {
  const write = writes[request.name] as (...args: unknown[]) => unknown
  return write(...request.args)
}
