/** An import's writes through an app's write path (`app.writes.run`): the CLI's and the tests'. */
import type { FastifyInstance } from 'fastify'
import type { ImportWrites } from './importer.js'

export function importWritesOf (app: FastifyInstance, actor: string): ImportWrites {
  const ctx = () => ({ now: Date.now(), actor })
  return {
    importCatalog: async (source, entries, force) => await app.writes.run('importCatalog', source, entries, force, ctx()),
    importStory: async (story) => await app.writes.run('importStory', story, ctx()),
    withdrawStory: async (source, externalId, force) => await app.writes.run('withdrawImportedStory', source, externalId, force, ctx())
  }
}
