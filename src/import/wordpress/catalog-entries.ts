/**
 * The authors, sections and tags an import makes: only those the imported posts use. A
 * channel lists every user and term of the site, those of private posts and abandoned
 * drafts among them; in Byline authors and tags are public, so what no imported post
 * names is not brought over. Each post's primary category is its section; its other
 * categories and its tags are tags.
 */
import { createHash } from 'node:crypto'
import { slugify } from '../../content/slug.js'
import type { ImportedCatalogEntry } from '../../writes/import-editor.js'
import { isImportedPost, primaryCategory } from './item-facts.js'
import { bylineLogins, NO_AUTHOR } from './map-item.js'
import type { MappingType } from './mapping.js'
import type { ImportReport } from './report.js'
import type { WxrChannel, WxrItem } from './types.js'

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8)

/** What the imported posts of an export use, gathered in the first pass. */
export class CatalogUse {
  readonly logins = new Set<string>()
  readonly tags = new Set<string>()
  /** Per post: its categories and Yoast's primary term id; resolved once the channel is read. */
  readonly #categories: Array<{ terms: WxrItem['terms'], meta: WxrItem['meta'] }> = []

  add (item: WxrItem, pages: boolean): void {
    if (!isImportedPost(item, pages)) return
    for (const login of bylineLogins(item)) this.logins.add(login)
    for (const t of item.terms) if (t.domain === 'post_tag') this.tags.add(t.nicename)
    const categories = item.terms.filter((t) => t.domain === 'category')
    const primary = item.meta.filter((m) => m.key === '_yoast_wpseo_primary_category')
    this.#categories.push({ terms: categories, meta: primary })
  }

  /** Categories that are some post's section, and those that are only ever secondary. */
  categories (channel: WxrChannel): { primary: Set<string>, secondary: Set<string>, uncategorized: boolean } {
    const primary = new Set<string>()
    const secondary = new Set<string>()
    let uncategorized = false
    for (const post of this.#categories) {
      const chosen = primaryCategory(post, channel)
      if (chosen === null) uncategorized = true
      else primary.add(chosen)
      for (const t of post.terms) if (t.nicename !== chosen) secondary.add(t.nicename)
    }
    return { primary, secondary, uncategorized }
  }
}

/** Create bodies for what the imported posts use, and the section of a category. */
export function catalogEntries (channel: WxrChannel, use: CatalogUse, mapping: MappingType, report: ImportReport): { entries: ImportedCatalogEntry[], sectionOf: (category: string) => string } {
  const entries: ImportedCatalogEntry[] = []
  const channelAuthors = new Map(channel.authors.map((a) => [a.login, a]))
  for (const login of use.logins) {
    const author = channelAuthors.get(login)
    if (author !== undefined) {
      const name = author.displayName.trim() || [author.firstName, author.lastName].join(' ').trim() || login
      entries.push({ kind: 'author', externalId: login, body: { slug: slugify(name) || slugify(login) || `author-${shortHash(login)}`, name: name.slice(0, 200) } })
    } else if (login === NO_AUTHOR) {
      report.unresolved.authors.push({ login, resolution: 'posts with no author: bylined to "Unknown author"' })
      entries.push({ kind: 'author', externalId: login, body: { slug: 'unknown-author', name: 'Unknown author' } })
    } else {
      report.unresolved.authors.push({ login, resolution: 'not among the export\'s authors: an author was made from the login' })
      entries.push({ kind: 'author', externalId: login, body: { slug: slugify(login) || `author-${shortHash(login)}`, name: login.slice(0, 200) } })
    }
  }

  const termName = new Map(channel.terms.map((t) => [`${t.taxonomy}:${t.slug}`, t.name]))
  const nameOf = (taxonomy: string, slug: string) => (termName.get(`${taxonomy}:${slug}`) || slug).slice(0, 200)
  const sectionSlug = (category: string) => mapping.sections?.[category] ?? (slugify(category) || `section-${shortHash(category)}`)
  const fallback = mapping.defaultSection ?? 'uncategorized'
  const { primary, secondary, uncategorized } = use.categories(channel)
  const sections = new Map<string, string>()
  for (const category of primary) if (!sections.has(sectionSlug(category))) sections.set(sectionSlug(category), nameOf('category', category))
  if (uncategorized && !sections.has(fallback)) sections.set(fallback, mapping.defaultSection === undefined ? 'Uncategorized' : fallback)
  for (const [slug, name] of sections) entries.push({ kind: 'section', externalId: slug, body: { slug, name } })

  const tag = (taxonomy: string, slug: string) => entries.push({ kind: 'tag', externalId: slug, body: { slug: slugify(slug) || slugify(nameOf(taxonomy, slug)) || `tag-${shortHash(slug)}`, name: nameOf(taxonomy, slug) } })
  for (const slug of use.tags) tag('post_tag', slug)
  for (const slug of secondary) if (!use.tags.has(slug)) tag('category', slug)
  return { entries, sectionOf: (category) => category === '' || !primary.has(category) ? fallback : sectionSlug(category) }
}
