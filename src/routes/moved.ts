/**
 * A resource read by slug: the stored rendering, or a 308 when the slug is an old one
 * of a resource the public may see, or a 404. The target is loaded the same way before
 * redirecting, so an old slug never reveals the new slug of something hidden.
 */
import type { FastifyReply } from 'fastify'
import { notFound } from '../http/problem.js'
import type { RedirectRepository, RedirectResource } from '../repositories/redirects.js'
import type { Rendered } from '../repositories/types.js'

/** The request's URL with the path segment `from` replaced by `to`; the query is kept. */
export function movedUrl (requestUrl: string, from: string, to: string): string {
  const [path, query] = requestUrl.split('?', 2) as [string, string?]
  const moved = path.split('/').map((segment) => segment === from ? to : segment).join('/')
  return query === undefined ? moved : `${moved}?${query}`
}

export async function sendBySlug (
  reply: FastifyReply,
  redirects: RedirectRepository,
  target: { resource: RedirectResource, slug: string, missing: string },
  load: (slug: string) => Promise<Rendered | null>
): Promise<FastifyReply> {
  const found = await load(target.slug)
  if (found !== null) return reply.sendRendered(found)
  const current = redirects.currentSlug(target.resource, target.slug)
  if (current !== null && current !== target.slug && await load(current) !== null) {
    return reply.sendMoved(movedUrl(reply.request.url, target.slug, current))
  }
  throw notFound(target.missing)
}
