/** XML documents for feeds and sitemaps, built with xmlbuilder2. */
import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'

export type { XMLBuilder }

/**
 * A new document. Characters XML 1.0 cannot carry (control characters, lone
 * surrogates) in editorial text are dropped rather than written into a document no
 * parser accepts. Checking costs 40 % of building a sitemap month, whose text is only
 * URLs made of slugs and validated configuration, and dates: `urls` skips it.
 */
export function xmlDocument (text: 'editorial' | 'urls' = 'editorial'): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8', ...(text === 'editorial' ? { invalidCharReplacement: '' } : {}) })
}

/**
 * xmlbuilder2 leaves an "&" that already starts an entity reference alone, so the
 * escaped HTML of a body ("&lt;script&gt;") would reach a reader as markup. Escaping
 * every "&" first makes each character come out exactly as written.
 */
const literal = (value: string): string => value.replaceAll('&', '&amp;')

/** Appends an element with attributes and optional text, all kept as written. */
export function child (parent: XMLBuilder, name: string, attributes: Record<string, string | number | null | undefined> = {}, text?: string): XMLBuilder {
  const attrs: Record<string, string> = {}
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) attrs[key] = literal(String(value))
  }
  const el = parent.ele(name, attrs)
  if (text !== undefined) el.txt(literal(text))
  return el
}

export function serialize (doc: XMLBuilder): string {
  return doc.end({ prettyPrint: false })
}
