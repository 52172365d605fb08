/**
 * Sitemaps for search engines, outside /v1 where crawlers expect them: a Google News
 * sitemap of the last two days, and an index of one sitemap per month of the archive.
 * Story locations are the stories' canonical site URLs; sitemap locations are this
 * API's public URLs (PUBLIC_URL).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { storyUrl } from '../content/render.js'
import { newsSitemap, sitemapIndex, urlSet } from '../feeds/sitemap.js'
import { notFound } from '../http/problem.js'
import { ACCESS } from '../plugins/auth.js'
import { NEWS_WINDOW_MS, SITEMAP_SURROGATE_KEYS } from '../repositories/sitemaps.js'
import { documentResponses } from '../http/responses.js'

export const XML_TYPE = 'application/xml; charset=utf-8'

const MonthParams = Type.Object({
  month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A UTC month, YYYY-MM', examples: ['2013-12'] })
}, { additionalProperties: false })

const xml = (description: string, errors: Array<400 | 404> = []) => documentResponses({ 'application/xml': Type.String() }, description, errors)

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { sitemaps } = app.repos
  const { siteUrl, publicUrl, publicationName } = app.config
  const send = (reply: FastifyReply, body: string, lastModified: number, expiresAt?: number) =>
    reply.sendRendered({ body, etag: null, lastModified, surrogateKeys: SITEMAP_SURROGATE_KEYS, contentType: XML_TYPE, ...(expiresAt === undefined ? {} : { expiresAt }) })

  app.get('/sitemaps/news.xml', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getNewsSitemap',
      summary: 'Google News sitemap: public stories of the last 48 hours, newest first (at most 1,000)',
      tags: ['sitemaps'],
      response: xml('A urlset with news:news entries')
    }
  }, async (_request, reply) => {
    const { entries, lastModified } = await sitemaps.news(Date.now())
    const body = newsSitemap(entries.map((e) => ({
      loc: storyUrl(siteUrl, e.slug), publication: publicationName, language: e.language, publishedAt: e.publishedAt, title: e.title
    })))
    // The oldest entry ages out with no write: the in-process cache must not outlive it.
    const oldest = entries.at(-1)
    return send(reply, body, lastModified, oldest === undefined ? undefined : oldest.publishedAt + NEWS_WINDOW_MS)
  })

  app.get('/sitemaps/index.xml', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getSitemapIndex',
      summary: 'Sitemap index: one sitemap per UTC month with public stories, newest first',
      tags: ['sitemaps'],
      response: xml('A sitemapindex; each lastmod is the latest publication in that month')
    }
  }, async (_request, reply) => {
    const { entries, lastModified } = await sitemaps.months(Date.now())
    const body = sitemapIndex(entries.map((m) => ({ loc: `${publicUrl}/sitemaps/stories-${m.month}.xml`, lastModified: m.lastModified })))
    return send(reply, body, lastModified)
  })

  app.get('/sitemaps/stories-:month.xml', {
    config: { access: ACCESS.public },
    // A malformed month names no sitemap: a 404 like any other unknown URL, not a 400.
    attachValidation: true,
    schema: {
      operationId: 'getMonthSitemap',
      summary: "Sitemap of one month's public stories (UTC), newest first",
      tags: ['sitemaps'],
      params: MonthParams,
      response: xml('A urlset of canonical story URLs with lastmod', [400, 404])
    }
  }, async (request, reply) => {
    if (request.validationError !== undefined) throw notFound('No such sitemap: monthly sitemaps are named stories-YYYY-MM.xml')
    const { month } = request.params
    const found = await sitemaps.month(month, Date.now())
    if (found === null) throw notFound(`No published stories in ${month}`)
    const body = urlSet(found.entries.map((e) => ({ loc: storyUrl(siteUrl, e.slug), lastModified: e.lastModified })))
    return send(reply, body, found.lastModified)
  })
}

export default routes
