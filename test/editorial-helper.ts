/**
 * Writing through the API as an editor in tests: every response is also checked
 * against openapi.yaml, so the document cannot drift from what writes return.
 */
import { sql } from 'drizzle-orm'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { keyFor, rows } from './helper.js'
import { responseMismatch } from './openapi-validator.js'

interface Assert { fail (message: string): void }

export interface Sent { statusCode: number, headers: Record<string, unknown>, body: string, json (): any }

export async function editorClient (t: Assert, app: FastifyInstance, role: 'editor' | 'admin' = 'editor') {
  const { authorization } = await keyFor(app, role)
  async function send (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Sent> {
    const res = await app.inject({ method, url, headers: { authorization, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
    const mismatch = responseMismatch(String(method), url, res)
    if (mismatch !== null) t.fail(mismatch)
    return res
  }
  return {
    authorization,
    post: (url: string, body: unknown) => send('POST', url, body),
    patch: (url: string, body: unknown, headers?: Record<string, string>) => send('PATCH', url, body, headers),
    del: (url: string, headers?: Record<string, string>) => send('DELETE', url, undefined, headers),
    get: (url: string) => send('GET', url)
  }
}

export const NUMERIC_10 = { kind: 'numeric', min: 0, max: 10, step: 0.5 }

/** A valid new review with a new subject, as a draft unless told otherwise. */
export function reviewBody (overrides: Record<string, unknown> = {}) {
  return {
    type: 'review',
    title: 'Past Lives review: the road not taken',
    dek: 'Celine Song\'s debut is quietly devastating.',
    bodyMarkdown: 'Nora and Hae Sung meet again after **24 years**.\n\n![A bench](media:med-her-2013-review-4)',
    section: 'movies',
    authors: ['rhys-calloway'],
    tags: ['drama'],
    subject: { kind: 'film', title: 'Past Lives', releaseDate: '2023-06-02' },
    verdict: { scoreFormat: NUMERIC_10, score: 9, summary: 'Tender and precise.', pros: ['Greta Lee'], cons: [] },
    ...overrides
  }
}

/** Row counts of every table a story write touches. */
export async function tableCounts (app: FastifyInstance): Promise<Record<string, number>> {
  const tables = ['stories', 'story_authors', 'story_tags', 'story_media', 'verdicts', 'review_awards', 'subjects', 'authors', 'sections', 'tags', 'media', 'changes', 'slug_redirects']
  const counts: Record<string, number> = {}
  for (const name of tables) {
    const [{ n }] = await rows<{ n: number }>(app, sql`SELECT COUNT(*) AS n FROM ${sql.identifier(name)}`) as [{ n: number }]
    counts[name] = Number(n)
  }
  return counts
}
