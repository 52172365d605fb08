/**
 * A resource read by slug: the stored rendering, or a 308 when the slug is an old one
 * of a resource the public may see, or a 404. The target is loaded the same way before
 * redirecting, so an old slug never reveals the new slug of something hidden.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { notFound } from '../http/problem.js'
import type { RedirectRepository, RedirectResource } from '../repositories/redirects.js'
import type { Rendered } from '../repositories/types.js'

/**
 * The request's URL with the route parameter `param` set to `to`; the query is kept.
 * Only the parameter's own segment changes: a slug may well be `reviews` or `v1`.
 */
export function movedUrl (request: FastifyRequest, param: string, to: string): string {
  const [path, query] = request.url.split('?', 2) as [string, string?]
  const at = (request.routeOptions.url ?? '').split('/').indexOf(`:${param}`)
  const moved = path.split('/').map((segment, i) => i === at ? to : segment).join('/')
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
  const current = await redirects.currentSlug(target.resource, target.slug)
  const moved = current !== null && current !== target.slug ? await load(current) : null
  if (moved !== null) return reply.sendMoved(movedUrl(reply.request, 'slug', current!), moved.surrogateKeys)
  throw notFound(target.missing)
}
