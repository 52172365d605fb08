import type { CatalogRepository } from '../repositories/catalog.js'
import { badRequest, unknownReference } from '../http/problem.js'
import { regionQueryError } from '../content/offers.js'

/** The id behind a filter's slug; an unknown slug is a 400 that names the parameter. */
export async function resolveFilter (catalog: CatalogRepository, param: 'section' | 'tag' | 'author', slug: string | undefined): Promise<string | undefined> {
  if (slug === undefined) return undefined
  const id = await catalog[`${param}Id`](slug)
  if (id === null) throw unknownReference(param, slug)
  return id
}

/**
 * The name a cursor is issued under: the list and every filter that shapes it, so a
 * cursor only continues the list it came from.
 */
export function listKind (list: string, filters: Record<string, string | number | undefined>): string {
  const parts = Object.entries(filters).filter(([, v]) => v !== undefined).sort(([a], [b]) => a < b ? -1 : 1).map(([k, v]) => `${k}=${v}`)
  return parts.length === 0 ? list : `${list}?${parts.join('&')}`
}

/** `?region=`: a real country code or nothing; anything else is a 400 naming it. */
export function checkRegion (region: string | undefined): void {
  const bad = regionQueryError(region)
  if (bad !== null) throw badRequest('validation_failed', `${bad.path} ${bad.message}`, [bad])
}
