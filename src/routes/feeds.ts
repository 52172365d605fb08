/**
 * Feeds for readers and partner programs: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the
 * latest stories, reviews, each section, tag, author and story type. A feed is a list
 * of public stories read through the same keyset statements as the JSON lists, so it
 * pages with signed cursors (RFC 5005 `next`, JSON Feed `next_url`) at any depth.
 *
 * Every feed is served twice: at `/v1/feeds/…`, full text for partner keys sent as a
 * header; and at `/v1/feeds/t/{token}/…`, full text for a partner's feed reader that
 * cannot send headers. The token is a path segment, not a query parameter, so that the
 * `self`, `first` and `next` links, built from the URL asked for, stay inside the
 * token's space, and a reader resolving a relative link keeps it. It is the request's
 * only credential (the auth plugin sees a public route), checked in this plugin alone:
 * it opens feeds and nothing else. A token feed is private: never in a shared cache or
 * in the in-process response cache.
 *
 * With WEBSUB_HUBS set, every feed names its hubs (rel="hub" beside rel="self", in the
 * document and the Link header) so readers can subscribe instead of polling; the hubs are
 * told of changes to the public first pages (src/feeds/feed-urls.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TObject, type TProperties } from 'typebox'
import type { CursorValue } from '../content/cursor.js'
import { looksLikeApiKey } from '../content/feed-token.js'
import { FEED_CONTENT_TYPES, FEED_FORMATS, type FeedFormat, type FeedPage } from '../feeds/feed-page.js'
import { renderFeed } from '../feeds/render.js'
import { encodeCursorLink } from '../http/links.js'
import { notFound } from '../http/problem.js'
import { ACCESS } from '../plugins/auth.js'
import { feedTokenRepository, type FeedTokenResult } from '../repositories/feed-tokens.js'
import type { Page } from '../repositories/types.js'
import { Cursor, slugParam, StringEnum } from '../schemas/common.js'
import { JsonFeed } from '../schemas/feed.js'
import { FeedToken } from '../schemas/feed-token.js'
import { ref } from '../schemas/ref.js'
import { STORY_TYPES, type StoryType } from '../schemas/story.js'
import { documentResponses, problem } from '../http/responses.js'

const Format = StringEnum(FEED_FORMATS, { description: '`rss` (RSS 2.0), `atom` (Atom 1.0) or `json` (JSON Feed 1.1)' })

const FeedQuery = Type.Object({
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30, description: 'Items per page, 1–100 (partner programs such as Flipboard want at least 30)' }))
}, { additionalProperties: false })

const TYPE_TITLES: Record<StoryType['type'], string> = {
  review: 'Reviews', feature: 'Features', news: 'News', list: 'Lists', podcast: 'Podcasts', video: 'Videos', guide: 'Guides'
}

type App = Parameters<FastifyPluginAsyncTypebox>[0]

/** Where a set of feed routes lives: the public feeds, or the same feeds behind a feed token. */
interface Space {
  /** Path between /feeds and the feed's own path. */
  base: '' | '/t/:token'
  /** Added to each operationId. */
  suffix: '' | 'WithToken'
  /** Path params the space adds (the token). */
  params: TProperties
  /** What a 404 means here, when more than the usual. */
  notFound: string | null
  describe: string
}

const PUBLIC: Space = {
  base: '',
  suffix: '',
  params: {},
  notFound: null,
  describe: 'Partner, editor and admin keys get full text; anonymous readers get summaries unless FEEDS_FULL_TEXT is set.'
}

const TOKEN: Space = {
  base: '/t/:token',
  suffix: 'WithToken',
  params: { token: FeedToken },
  notFound: 'No such feed, or the feed token is unknown, revoked or expired',
  describe: 'The same feed in full text, for a partner whose feed reader cannot send headers: the feed token in the path is the credential (`npm run keys -- feed-token create`). `self` and `next` links keep the token. Answers are `Cache-Control: private`. An unknown, revoked or expired token is a 404.'
}

const TOKEN_FAILURES: Record<Exclude<FeedTokenResult, { ok: true }>['reason'], string> = {
  malformed: 'No feed here: a feed token reads byf_ followed by 43 characters',
  unknown: 'No feed here: the feed token is not recognised',
  revoked: 'No feed here: the feed token has been revoked',
  expired: 'No feed here: the feed token has expired'
}

/** What one feed shows: its name, its words, and how to read a page of it. */
interface FeedSource {
  key: string
  title: string
  description: string
  homePath: string
  load: (after: CursorValue[] | null, limit: number, now: number) => Promise<Page>
}

const feedResponses = (what: string, errors: Array<400 | 404> = [400], options: { moved?: boolean } = {}) => documentResponses({
  'application/rss+xml': Type.String({ description: 'RSS 2.0' }),
  'application/atom+xml': Type.String({ description: 'Atom 1.0' }),
  'application/feed+json': ref(JsonFeed)
}, what, errors, options)

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { lists, catalog, redirects } = app.repos
  const { publicUrl, siteUrl, publicationName, publicationLanguage, feedsFullText, podcast, websubHubs } = app.config
  const { title: podcastTitle, description: podcastDescription, ...podcastChannel } = podcast

  async function send (request: FastifyRequest, reply: FastifyReply, space: Space, source: FeedSource, format: FeedFormat, query: { cursor?: string, limit?: number }) {
    const kind = `feed:${source.key}`
    const limit = query.limit ?? 30
    const after = app.cursors.decode(kind, query.cursor, ['number', 'string'])
    const page = await source.load(after, limit, Date.now())
    const next = app.cursors.encode(kind, page.nextKey)
    const principal = request.principal
    const tokened = space === TOKEN
    const [path] = request.url.split('?', 1) as [string]
    const first = query.limit === undefined ? path : `${path}?limit=${limit}`
    // Only the podcast feed is a show: Apple and the directories take any feed that
    // carries the show's tags for one, and the other feeds hold mostly articles.
    const isShow = source.key === 'types/podcast'
    const feed: FeedPage = {
      key: source.key,
      title: isShow && podcastTitle !== null ? podcastTitle : `${publicationName}: ${source.title}`,
      description: isShow && podcastDescription !== null ? podcastDescription : source.description,
      homeUrl: `${siteUrl}${source.homePath}`,
      selfUrl: `${publicUrl}${request.url}`,
      firstUrl: `${publicUrl}${first}`,
      nextUrl: next === null ? null : `${publicUrl}${encodeCursorLink(request.url, next)}`,
      // A token feed's self URL holds its credential: a reader must not hand it to a hub (and only public feeds are pinged).
      hubs: tokened ? [] : websubHubs,
      language: publicationLanguage,
      publicationName,
      siteUrl,
      updated: page.lastModified,
      fullText: feedsFullText || tokened || (principal !== null && (ACCESS.partners as readonly string[]).includes(principal.role)),
      podcast: isShow ? podcastChannel : null,
      items: page.items.map((json) => JSON.parse(json) as StoryType)
    }
    // WebSub discovery reads the Link header first (W3C WebSub §4): the hubs and the topic (self) together.
    const links = [
      `<${feed.selfUrl}>; rel="self"`,
      ...feed.hubs.map((hub) => `<${hub}>; rel="hub"`),
      ...(feed.nextUrl === null ? [] : [`<${feed.nextUrl}>; rel="next"`])
    ]
    reply.header('Link', links.join(', '))
    // What a public feed holds depends on the key that asks (full text or not).
    if (!tokened) reply.header('Vary', 'Authorization')
    return reply.sendRendered({
      body: renderFeed(format, feed),
      etag: null,
      lastModified: page.lastModified,
      surrogateKeys: ['feeds', ...page.surrogateKeys],
      contentType: FEED_CONTENT_TYPES[format]
    }, { private: tokened || principal !== null })
  }

  /** 308 to the feed's current slug; in the token space, private and still under the token. */
  function moved (reply: FastifyReply, space: Space, token: string | undefined, path: string) {
    if (space !== TOKEN) return reply.sendMoved(`/v1/feeds${path}`, ['feeds'])
    return reply.sendMoved(`/v1/feeds/t/${token!}${path}`, ['feeds'], { private: true })
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

  function feedRoutes (scope: App, space: Space) {
    // Typed by the feed's own params: the token, when there is one, is read by the token check.
    const params = <P extends TProperties>(properties: P) => Type.Object({ ...space.params, ...properties }, { additionalProperties: false }) as unknown as TObject<P>
    const responses = (what: string, errors: Array<400 | 404>, options: { moved?: boolean } = {}) => {
      const documented = feedResponses(what, errors, options)
      return space.notFound === null ? documented : { ...documented, 404: { ...problem(404), description: space.notFound } }
    }
    const tokenOf = (request: FastifyRequest) => (request.params as { token?: string }).token

    scope.get(`/feeds${space.base}/:feed.:format`, {
      config: { access: ACCESS.public },
      schema: {
        operationId: `getFeed${space.suffix}`,
        summary: 'Feed of the latest stories (`latest`) or of reviews only (`reviews`)',
        description: space.describe,
        tags: ['feeds'],
        params: params({ feed: StringEnum(['latest', 'reviews'], { description: 'Which feed' }), format: Format }),
        querystring: FeedQuery,
        response: responses('One page of the feed', [400, 404])
      }
    }, async (request, reply) => send(request, reply, space, everything[request.params.feed], request.params.format, request.query))

    scope.get(`/feeds${space.base}/types/:type.:format`, {
      config: { access: ACCESS.public },
      schema: {
        operationId: `getTypeFeed${space.suffix}`,
        summary: 'Feed of one story type, e.g. podcasts (with episode enclosures and the Apple Podcasts show tags)',
        description: space.describe,
        tags: ['feeds'],
        params: params({ type: StringEnum(STORY_TYPES, { description: 'Story type' }), format: Format }),
        querystring: FeedQuery,
        response: responses('One page of the feed', [400, 404])
      }
    }, async (request, reply) => {
      const { type, format } = request.params
      return send(request, reply, space, {
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
      scope.get(`/feeds${space.base}/${plural}/:slug.:format`, {
        config: { access: ACCESS.public },
        schema: {
          operationId: `get${kind[0]!.toUpperCase()}${kind.slice(1)}Feed${space.suffix}`,
          summary: `Feed of one ${kind}'s stories`,
          description: space.describe,
          tags: ['feeds'],
          params: params({ slug: slugParam(`The ${kind}'s slug`, kind === 'section' ? 'games' : kind === 'tag' ? 'sci-fi' : 'marcus-ellery'), format: Format }),
          querystring: FeedQuery,
          response: responses('One page of the feed', [400, 404], { moved: true })
        }
      }, async (request, reply) => {
        const { slug, format } = request.params
        const found = await catalog.named(kind, slug)
        if (found === null) {
          const current = await redirects.currentSlug(kind, slug)
          if (current === null) throw notFound(`No ${kind} has the slug "${slug}"`)
          const [, query] = request.url.split('?', 2)
          return moved(reply, space, tokenOf(request), `/${plural}/${current}.${format}${query === undefined ? '' : `?${query}`}`)
        }
        const filter = kind === 'section' ? { sectionId: found.id } : kind === 'tag' ? { tagId: found.id } : { authorId: found.id }
        return send(request, reply, space, {
          key: `${plural}/${found.id}`,
          title: found.name,
          description: describe(found.name),
          homePath: `/${plural}/${slug}`,
          load: (after, limit, now) => lists.listStories(filter, after, limit, now, 'documents')
        }, format, request.query)
      })
    }
  }

  feedRoutes(app, PUBLIC)

  // The token feeds, in a scope of their own: the token check applies to them alone.
  await app.register(async (scope: App) => {
    const tokens = feedTokenRepository(app.database.db)
    const failures = new WeakMap<FastifyRequest, Exclude<FeedTokenResult, { ok: true }>['reason']>()
    // Identified before the rate limiter counts (a valid token has its partner's budget,
    // a dead one spends its address's)...
    scope.addHook('onRequest', async (request) => {
      const result = await tokens.authenticate((request.params as { token: string }).token, Date.now())
      if (result.ok) request.feedToken = result.token
      else failures.set(request, result.reason)
    })
    // ...and refused after the auth plugin's preParsing (a bad Authorization header is
    // still a 401, as on every public route) and before the params and query are
    // validated: a dead token is a 404 whatever else the URL holds.
    scope.addHook('preValidation', async (request) => {
      const reason = failures.get(request)
      if (reason === undefined) return
      const token = (request.params as { token: string }).token
      if (looksLikeApiKey(token)) throw notFound(`${TOKEN_FAILURES.malformed}. That is an API key: it belongs in an Authorization header, never in a URL. Revoke it (it has been seen in a URL) and ask for a feed token`)
      throw notFound(TOKEN_FAILURES[reason])
    })
    feedRoutes(scope, TOKEN)
  })
}

export default routes
