/**
 * Feeds for readers and partner programs: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the
 * latest stories, reviews, each section, tag, author and story type. A feed is a list
 * of public stories read through the same keyset statements as the JSON lists, so it
 * pages with signed cursors (RFC 5005 `next`, JSON Feed `next_url`) at any depth.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { CursorValue } from '../content/cursor.js'
import { FEED_CONTENT_TYPES, FEED_FORMATS, type FeedFormat, type FeedPage } from '../feeds/feed-page.js'
import { renderFeed } from '../feeds/render.js'
import { encodeCursorLink } from '../http/links.js'
import { notFound } from '../http/problem.js'
import { ACCESS } from '../plugins/auth.js'
import type { Page } from '../repositories/types.js'
import { Cursor, slugParam } from '../schemas/common.js'
import { JsonFeed } from '../schemas/feed.js'
import { ref } from '../schemas/ref.js'
import { STORY_TYPES, type StoryType } from '../schemas/story.js'
import { documentResponses } from './responses.js'

const Format = Type.Enum(FEED_FORMATS, { description: '`rss` (RSS 2.0), `atom` (Atom 1.0) or `json` (JSON Feed 1.1)' })

const FeedQuery = Type.Object({
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30, description: 'Items per page, 1–100 (partner programs such as Flipboard want at least 30)' }))
}, { additionalProperties: false })

const TYPE_TITLES: Record<StoryType['type'], string> = {
  review: 'Reviews', feature: 'Features', news: 'News', list: 'Lists', podcast: 'Podcasts', video: 'Videos', guide: 'Guides'
}

/** What one feed shows: its name, its words, and how to read a page of it. */
interface FeedSource {
  key: string
  title: string
  description: string
  homePath: string
  load: (after: CursorValue[] | null, limit: number, now: number) => Promise<Page>
}

const responses = (what: string, errors: Array<400 | 404> = [400], options: { moved?: boolean } = {}) => documentResponses({
  'application/rss+xml': Type.String({ description: 'RSS 2.0' }),
  'application/atom+xml': Type.String({ description: 'Atom 1.0' }),
  'application/feed+json': ref(JsonFeed)
}, what, errors, options)

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { lists, catalog, redirects } = app.repos
  const { publicUrl, siteUrl, publicationName, publicationLanguage, feedsFullText } = app.config

  async function send (request: FastifyRequest, reply: FastifyReply, source: FeedSource, format: FeedFormat, query: { cursor?: string, limit?: number }) {
    const kind = `feed:${source.key}`
    const limit = query.limit ?? 30
    const after = app.cursors.decode(kind, query.cursor, ['number', 'string'])
    const page = await source.load(after, limit, Date.now())
    const next = app.cursors.encode(kind, page.nextKey)
    const principal = request.principal
    const [path] = request.url.split('?', 1) as [string]
    const first = query.limit === undefined ? path : `${path}?limit=${limit}`
    const feed: FeedPage = {
      key: source.key,
      title: `${publicationName}: ${source.title}`,
      description: source.description,
      homeUrl: `${siteUrl}${source.homePath}`,
      selfUrl: `${publicUrl}${request.url}`,
      firstUrl: `${publicUrl}${first}`,
      nextUrl: next === null ? null : `${publicUrl}${encodeCursorLink(request.url, next)}`,
      language: publicationLanguage,
      publicationName,
      siteUrl,
      updated: page.lastModified,
      fullText: feedsFullText || (principal !== null && (ACCESS.partners as readonly string[]).includes(principal.role)),
      items: page.items.map((json) => JSON.parse(json) as StoryType)
    }
    const links = [`<${feed.selfUrl}>; rel="self"`, ...(feed.nextUrl === null ? [] : [`<${feed.nextUrl}>; rel="next"`])]
    // What a feed holds depends on the key that asks (full text or not).
    reply.header('Link', links.join(', ')).header('Vary', 'Authorization')
    return reply.sendRendered({
      body: renderFeed(format, feed),
      etag: null,
      lastModified: page.lastModified,
      surrogateKeys: ['feeds', ...page.surrogateKeys],
      contentType: FEED_CONTENT_TYPES[format]
    }, { private: principal !== null })
  }

  const everything: Record<'latest' | 'reviews', FeedSource> = {
    latest: {
      key: 'latest',
      title: 'Latest stories',
      description: `The newest stories from ${publicationName}: reviews, news, features and more.`,
      homePath: '/',
      load: (after, limit, now) => lists.listStories({}, after, limit, now, 'documents')
    },
    reviews: {
      key: 'reviews',
      title: 'Reviews',
      description: `Every review from ${publicationName}, with its verdict and score.`,
      homePath: '/reviews',
      load: (after, limit, now) => lists.listReviews({}, 'latest', after, limit, now, 'documents')
    }
  }

  app.get('/feeds/:feed.:format', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getFeed',
      summary: 'Feed of the latest stories (`latest`) or of reviews only (`reviews`)',
      description: 'Partner, editor and admin keys get full text; anonymous readers get summaries unless FEEDS_FULL_TEXT is set.',
      tags: ['feeds'],
      params: Type.Object({ feed: Type.Enum(['latest', 'reviews'], { description: 'Which feed' }), format: Format }, { additionalProperties: false }),
      querystring: FeedQuery,
      response: responses('One page of the feed', [400, 404])
    }
  }, async (request, reply) => send(request, reply, everything[request.params.feed], request.params.format, request.query))

  app.get('/feeds/types/:type.:format', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getTypeFeed',
      summary: 'Feed of one story type, e.g. podcasts (with episode enclosures)',
      tags: ['feeds'],
      params: Type.Object({ type: Type.Enum(STORY_TYPES, { description: 'Story type' }), format: Format }, { additionalProperties: false }),
      querystring: FeedQuery,
      response: responses('One page of the feed', [400, 404])
    }
  }, async (request, reply) => {
    const { type, format } = request.params
    return send(request, reply, {
      key: `types/${type}`,
      title: TYPE_TITLES[type],
      description: `${TYPE_TITLES[type]} from ${publicationName}.`,
      homePath: `/${type === 'news' ? 'news' : `${type}s`}`,
      load: (after, limit, now) => lists.listStories({ type }, after, limit, now, 'documents')
    }, format, request.query)
  })

  const scoped = [
    { kind: 'section', plural: 'sections', describe: (name: string) => `The newest ${name} stories from ${publicationName}.` },
    { kind: 'tag', plural: 'tags', describe: (name: string) => `Stories tagged ${name} on ${publicationName}.` },
    { kind: 'author', plural: 'authors', describe: (name: string) => `Stories by ${name} on ${publicationName}.` }
  ] as const
  for (const { kind, plural, describe } of scoped) {
    app.get(`/feeds/${plural}/:slug.:format`, {
      config: { access: ACCESS.public },
      schema: {
        operationId: `get${kind[0]!.toUpperCase()}${kind.slice(1)}Feed`,
        summary: `Feed of one ${kind}'s stories`,
        tags: ['feeds'],
        params: Type.Object({ slug: slugParam(`The ${kind}'s slug`, kind === 'section' ? 'games' : kind === 'tag' ? 'sci-fi' : 'marcus-ellery'), format: Format }, { additionalProperties: false }),
        querystring: FeedQuery,
        response: responses('One page of the feed', [400, 404], { moved: true })
      }
    }, async (request, reply) => {
      const { slug, format } = request.params
      const found = await catalog.named(kind, slug)
      if (found === null) {
        const current = redirects.currentSlug(kind, slug)
        if (current === null) throw notFound(`No ${kind} has the slug "${slug}"`)
        const [, query] = request.url.split('?', 2)
        return reply.sendMoved(`/v1/feeds/${plural}/${current}.${format}${query === undefined ? '' : `?${query}`}`, [`feeds`])
      }
      const filter = kind === 'section' ? { sectionId: found.id } : kind === 'tag' ? { tagId: found.id } : { authorId: found.id }
      return send(request, reply, {
        key: `${plural}/${found.id}`,
        title: found.name,
        description: describe(found.name),
        homePath: `/${plural}/${slug}`,
        load: (after, limit, now) => lists.listStories(filter, after, limit, now, 'documents')
      }, format, request.query)
    })
  }
}

export default routes
