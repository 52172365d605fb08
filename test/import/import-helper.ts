/** Runs the WordPress importer against a test app, through the app's own write path, as the CLI does. */
import type { FastifyInstance } from 'fastify'
import { join } from 'node:path'
import { importWritesOf } from '../../src/import/wordpress/app-writes.js'
import { importWordPress, type ImportOptions } from '../../src/import/wordpress/importer.js'
import { checkMapping } from '../../src/import/wordpress/mapping.js'
import type { ImportReport } from '../../src/import/wordpress/report.js'
import { projectRoot } from '../../src/paths.js'

export const fixture = (name: string) => join(projectRoot(), 'test', 'fixtures', 'wordpress', name)

/** The mapping the theme of site.xml needs: its "Final Thoughts" box, its ACF fields. */
export const SITE_MAPPING = checkMapping({
  sections: { 'movie-reviews': 'movies', 'game-reviews': 'games' },
  subjects: { movies: 'film', games: 'game', hardware: 'hardware' },
  acf: { score: 'review_score', scale: { kind: 'numeric', min: 0, max: 10, step: 0.5 }, summary: 'review_verdict', subject: 'review_title' },
  verdictBox: {
    selector: '.final-thoughts',
    score: '.score',
    summary: '.verdict-text',
    pros: '.pros li',
    cons: '.cons li',
    awards: { '.editors-choice': 'editors-choice' },
    scale: { kind: 'numeric', min: 0, max: 10, step: 0.5 }
  }
})

export async function importInto (app: FastifyInstance, file: string, options: Partial<ImportOptions> = {}): Promise<ImportReport> {
  return await importWordPress({
    file,
    mapping: SITE_MAPPING,
    dryRun: false,
    partial: false,
    force: false,
    pages: false,
    ...options
  }, options.dryRun === true ? null : importWritesOf(app, 'import:test'))
}
