/**
 * Conditional GET and caching headers for pre-rendered bodies. Routes hand over the
 * stored rendering; this answers 304 when the client's validators match (RFC 9110's rules,
 * src/http/conditional.ts), else sends the bytes as they are.
 */
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { etagOf } from '../content/ids.js'
import { notModified } from '../http/conditional.js'
import { listEnvelope } from '../content/json.js'
import { encodeCursorLink } from '../http/links.js'
import type { Page, Rendered } from '../repositories/types.js'

/** A stored rendering a reply sends that any caller may be sent: what the response cache keeps. */
export interface SharedRendering { body: string, etag: string, lastModified: string, contentType: string, expiresAt: number | undefined }

declare module 'fastify' {
  interface FastifyReply {
    /** Set by sendRendered, unless the rendering is private to the caller. */
    sharedRendering: SharedRendering | null
    /** Sends a stored JSON rendering with ETag, Last-Modified, Cache-Control and Surrogate-Key. */
    sendRendered (rendered: Rendered, options?: { private?: boolean }): FastifyReply
    /** Sends a list page as `{ data, meta }` with a `Link: rel="next"` header. */
    sendPage (page: Page, limit: number, nextCursor: string | null): FastifyReply
    /** 308 to `location`, cached like the content it points to and purged with it (private: the caller's own). */
    sendMoved (location: string, surrogateKeys: string[], options?: { private?: boolean }): FastifyReply
  }
}

const JSON_TYPE = 'application/json; charset=utf-8'

export default fp(async (app) => {
  const { maxAge, sMaxAge, staleWhileRevalidate, staleIfError } = app.config.cache
  const cacheControl = `public, max-age=${maxAge}, s-maxage=${sMaxAge}, stale-while-revalidate=${staleWhileRevalidate}, stale-if-error=${staleIfError}`

  // For a rendering that depends on the caller's key: browsers may keep it, shared caches not.
  const privateCacheControl = `private, max-age=${maxAge}`

  app.decorateReply('sharedRendering', null)

  app.decorateReply('sendRendered', function (this: FastifyReply, rendered: Rendered, options: { private?: boolean } = {}) {
    const etag = rendered.etag ?? etagOf(rendered.body)
    const lastModified = new Date(Math.floor(rendered.lastModified / 1000) * 1000).toUTCString()
    this.header('ETag', etag)
      .header('Last-Modified', lastModified)
      .header('Cache-Control', options.private === true ? privateCacheControl : cacheControl)
      .header('Surrogate-Key', rendered.surrogateKeys.join(' '))
    const contentType = rendered.contentType ?? JSON_TYPE
    // A private rendering (a key's or a feed token's) is never kept for other callers.
    if (options.private !== true) this.sharedRendering = { body: rendered.body, etag, lastModified, contentType, expiresAt: rendered.expiresAt }
    if (notModified(this.request.headers, { etag, 'last-modified': lastModified })) {
      return this.code(304).send()
    }
    return this.type(contentType).send(rendered.body)
  })

  app.decorateReply('sendMoved', function (this: FastifyReply, location: string, surrogateKeys: string[], options: { private?: boolean } = {}) {
    return this.code(308).header('Location', location).header('Cache-Control', options.private === true ? privateCacheControl : cacheControl)
      .header('Surrogate-Key', surrogateKeys.join(' ')).send()
  })

  app.decorateReply('sendPage', function (this: FastifyReply, page: Page, limit: number, nextCursor: string | null) {
    if (nextCursor !== null) this.header('Link', `<${encodeCursorLink(this.request.url, nextCursor)}>; rel="next"`)
    const meta = { limit, nextCursor }
    return this.sendRendered({
      body: listEnvelope(page.items, meta),
      // A card is a function of its story, whose stored ETag covers it: hashing the
      // item ETags and the meta identifies the page without hashing the whole body.
      etag: page.itemEtags === null ? null : etagOf(`${page.itemEtags.join(',')}|${JSON.stringify(meta)}`),
      lastModified: page.lastModified,
      surrogateKeys: page.surrogateKeys
    })
  })
}, { name: 'http-cache', dependencies: ['config'] })
