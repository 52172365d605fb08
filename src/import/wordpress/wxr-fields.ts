/**
 * What the WXR reader needs to know about the format itself: which namespace an element
 * is in (whatever prefix the file bound it to), how the values collected for an author, a
 * term or an item become the shapes in types.ts, and the words a refused file is told.
 */
import type { WxrAuthor, WxrChannel, WxrItem, WxrItemTerm, WxrMeta, WxrTerm } from './types.js'

export class WxrError extends Error {
  readonly line: number
  readonly column: number
  /** What the channel had told before the fault (authors, terms…): a `--partial` import goes on with it. */
  channel: WxrChannel | null = null

  constructor (line: number, column: number, problem: string) {
    super(`line ${line}: ${problem}`)
    this.name = 'WxrError'
    this.line = line
    this.column = column
  }
}

export const WXR_VERSIONS: readonly string[] = ['1.0', '1.1', '1.2']

const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/'
const DC_NS = 'http://purl.org/dc/elements/1.1/'
// Any version is recognised so that a file bound to export/2.0/ fails the version check
// by name instead of reading as a file with no WordPress elements at all. WordPress.com
// writes https:// where a self-hosted site writes http://.
const WP_NS = /^https?:\/\/wordpress\.org\/export\/(\d+\.\d+)\/$/
const EXCERPT_NS = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/

/** '' is RSS's own elements (no namespace); null is a namespace the reader has no use for. */
export type NsKind = 'wp' | 'excerpt' | 'content' | 'dc' | ''

const kinds = new Map<string, NsKind | null>()

export function nsKind (uri: string): NsKind | null {
  let kind = kinds.get(uri)
  if (kind === undefined) {
    kind = uri === ''
      ? ''
      : uri === CONTENT_NS ? 'content' : uri === DC_NS ? 'dc' : WP_NS.test(uri) ? 'wp' : EXCERPT_NS.test(uri) ? 'excerpt' : null
    // A hostile file could bind a fresh namespace on every element; the cache stays small.
    if (kinds.size < 64) kinds.set(uri, kind)
  }
  return kind
}

/** "1.2" for http://wordpress.org/export/1.2/. */
export function wpNamespaceVersion (uri: string): string {
  return WP_NS.exec(uri)?.[1] ?? ''
}

/** Keys are `wp:post_id`, `content:encoded`, `title`: the namespace kind, not the file's prefix. */
export function fieldKey (kind: NsKind, local: string): string {
  return kind === '' ? local : `${kind}:${local}`
}

/**
 * Bodies and postmeta values are kept as they are (serialized PHP counts its bytes), and so
 * is a post's password (as WordPress keeps it); every other value is trimmed.
 */
export const UNTRIMMED: ReadonlySet<string> = new Set(['content:encoded', 'excerpt:encoded', 'wp:meta_value', 'wp:post_password'])

export type Fields = Map<string, string>

/**
 * The string with characters of its own. What saxes hands over are slices of the 64 KiB
 * chunk they were read from, and a slice keeps its whole chunk alive: the first pass keeps
 * every attachment's URL and alt text to the end, and at 100,000 attachments the chunks
 * they held ran the heap out (bench:import).
 */
export function own (text: string): string {
  return text.length === 0 ? '' : Buffer.from(text, 'utf8').toString('utf8')
}

export function setFirst (fields: Fields, key: string, value: string): void {
  // A repeated element keeps its first value, as WordPress's SimpleXML parser does.
  if (!fields.has(key)) fields.set(key, value)
}

const str = (f: Fields, key: string): string => f.get(key) ?? ''

function int (f: Fields, key: string): number {
  const n = parseInt(str(f, key), 10)
  return Number.isNaN(n) ? 0 : n
}

function intOrNull (f: Fields, key: string): number | null {
  const n = parseInt(str(f, key), 10)
  return Number.isNaN(n) ? null : n
}

export function toAuthor (f: Fields): WxrAuthor {
  return {
    id: intOrNull(f, 'wp:author_id'),
    login: str(f, 'wp:author_login'),
    email: str(f, 'wp:author_email'),
    displayName: str(f, 'wp:author_display_name'),
    firstName: str(f, 'wp:author_first_name'),
    lastName: str(f, 'wp:author_last_name')
  }
}

/** `element` is the channel element's key: wp:category, wp:tag or wp:term. */
export function toTerm (element: string, f: Fields): WxrTerm {
  const termId = intOrNull(f, 'wp:term_id')
  if (element === 'wp:category') {
    return {
      termId,
      taxonomy: 'category',
      slug: str(f, 'wp:category_nicename'),
      parent: str(f, 'wp:category_parent'),
      name: str(f, 'wp:cat_name'),
      description: str(f, 'wp:category_description')
    }
  }
  if (element === 'wp:tag') {
    return {
      termId,
      taxonomy: 'post_tag',
      slug: str(f, 'wp:tag_slug'),
      parent: '',
      name: str(f, 'wp:tag_name'),
      description: str(f, 'wp:tag_description')
    }
  }
  return {
    termId,
    taxonomy: str(f, 'wp:term_taxonomy'),
    slug: str(f, 'wp:term_slug'),
    parent: str(f, 'wp:term_parent'),
    name: str(f, 'wp:term_name'),
    description: str(f, 'wp:term_description')
  }
}

/** An item's `<category>`, from its attributes and text. */
export function toItemTerm (domain: string | undefined, nicename: string | undefined, name: string): WxrItemTerm {
  // WXR 1.0 wrote tags as domain="tag"; WordPress's importer reads that as post_tag.
  const d = domain === undefined || domain === '' ? 'category' : domain === 'tag' ? 'post_tag' : domain
  return { domain: d, nicename: nicename ?? '', name }
}

/**
 * WXR 1.0 wrote every category and tag twice, once without nicename for feed readers;
 * WordPress skips those. The copy without a slug is dropped when its slugged twin is there.
 */
function withoutFeedCopies (terms: WxrItemTerm[]): WxrItemTerm[] {
  const slugged = new Set(terms.filter(t => t.nicename !== '').map(t => `${t.domain}\n${t.name}`))
  return terms.filter(t => t.nicename !== '' || !slugged.has(`${t.domain}\n${t.name}`))
}

export function toItem (line: number, f: Fields, terms: WxrItemTerm[], meta: WxrMeta[]): WxrItem {
  return {
    line,
    title: str(f, 'title'),
    link: str(f, 'link'),
    pubDate: str(f, 'pubDate'),
    creator: str(f, 'dc:creator'),
    guid: str(f, 'guid'),
    content: str(f, 'content:encoded'),
    excerpt: str(f, 'excerpt:encoded'),
    postId: int(f, 'wp:post_id'),
    postDate: str(f, 'wp:post_date'),
    postDateGmt: str(f, 'wp:post_date_gmt'),
    postModified: str(f, 'wp:post_modified'),
    postModifiedGmt: str(f, 'wp:post_modified_gmt'),
    postName: str(f, 'wp:post_name'),
    status: str(f, 'wp:status'),
    postType: str(f, 'wp:post_type'),
    postParent: int(f, 'wp:post_parent'),
    postPassword: str(f, 'wp:post_password'),
    isSticky: str(f, 'wp:is_sticky') === '1',
    attachmentUrl: str(f, 'wp:attachment_url'),
    terms: withoutFeedCopies(terms),
    meta
  }
}

const NOT_WXR = 'not a WordPress export (WXR)'
const MiB = 1024 * 1024

const quoted = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)

function size (bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`
}

/** Why a file is refused: each goes after "line N: " in a WxrError. */
export const problem = {
  rootIs: (name: string) => `${NOT_WXR}: the root element is <${name}>`,
  noChannel: (name: string) => `${NOT_WXR}: <${name}> has no <channel>`,
  noRoot: `${NOT_WXR}: the file has no XML root element (is it empty?)`,
  noVersion: 'not a WordPress export: no wp:wxr_version (WordPress itself refuses such files)',
  unknownVersion: (version: string) => `unknown WXR version ${quoted(version)}: this importer reads 1.0, 1.1 and 1.2`,
  unknownNamespace: (uri: string) => `unknown WXR namespace ${quoted(uri)}: this importer reads 1.0, 1.1 and 1.2 (http://wordpress.org/export/1.2/)`,
  foreignVersion: (name: string, uri: string) =>
    `${NOT_WXR}: <${name}> is in the namespace ${quoted(uri)}, not WordPress's (http://wordpress.org/export/1.2/)`,
  truncated: (name: string, line: number) => `the file ends inside <${name}> (opened on line ${line}) — it is truncated or not a complete export`,
  notUtf8: 'the file is not valid UTF-8 (WordPress writes its exports in UTF-8)',
  tooLarge: (limit: number) => `a single value is larger than ${size(limit)} (the reader's limit): ` +
    'the text, attribute or markup that starts here is too large to import — the file is damaged or not a real export',

  /** The DOCTYPE's text as saxes gives it (after `<!DOCTYPE`). */
  doctype (text: string): string {
    if (text.trim().split(/[\s[]/)[0]?.toLowerCase() === 'html') return `${NOT_WXR}: the file is an HTML page (<!DOCTYPE html>)`
    return 'the file declares a DOCTYPE/entities; WordPress exports have none (refused to avoid entity-expansion attacks)'
  },

  /** null for an encoding the reader decodes (UTF-8 and its ASCII subset). */
  encoding (encoding: string): string | null {
    if (['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(encoding.toLowerCase())) return null
    return `the file declares the encoding ${quoted(encoding)}; this importer reads UTF-8 exports only (convert it to UTF-8 first)`
  },

  /** saxes's own message, minus its position; `unmatched` is the element a stray closing tag ran into. */
  saxes (said: string, unmatched: { name: string, line: number } | undefined): string {
    if (said === 'unexpected end') return 'the file ends inside a tag or comment — it is truncated or not a complete export'
    if (said === 'document must contain a root element') return problem.noRoot
    if (said === 'undefined entity') {
      return 'not well-formed XML: an undefined entity reference (XML has only &amp; &lt; &gt; &quot; &apos; ' +
        'and numeric references; WordPress puts any other inside CDATA)'
    }
    if (said === 'unexpected close tag' && unmatched !== undefined) {
      return `not well-formed XML: a closing tag does not match <${unmatched.name}>, opened on line ${unmatched.line}`
    }
    return `not well-formed XML: ${said}`
  }
}
