/** XML documents for feeds and sitemaps: xmlbuilder2 does the escaping. */
import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'

export type { XMLBuilder }

/**
 * A new document. Characters XML 1.0 cannot carry (control characters, lone
 * surrogates) are dropped rather than written into a document no parser accepts.
 */
export function xmlDocument (): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' })
}

export function serialize (doc: XMLBuilder): string {
  return doc.end({ prettyPrint: false })
}
