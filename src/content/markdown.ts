/**
 * Markdown → safe HTML and plain text, done once at write time.
 *
 * markdown-it with `html: false` escapes any raw HTML in the source instead of passing
 * it through, and its link validator drops javascript:/vbscript:/data: URLs. Images
 * written as `![alt](media:ID)` resolve to the media record: its URL, dimensions, and a
 * <figure> with the caption and credit when the image stands alone in a paragraph.
 * The media URL is held to the same link validator: it comes from a record, not the
 * source, but a `javascript:` or `data:text/html` URL there must not reach an <img src>.
 */
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import type { MediaType } from '../schemas/common.js'

const MEDIA_PREFIX = 'media:'
const WORDS_PER_MINUTE = 230

export class MarkdownError extends Error { override name = 'MarkdownError' }

export interface RenderedBody { html: string, text: string, readingTimeMinutes: number, mediaIds: string[] }

const md = new MarkdownIt({ html: false, linkify: true, typographer: true })

/** The renderer's own HTML escaping, for the few fragments written outside Markdown. */
export const escapeHtml: (text: string) => string = md.utils.escapeHtml
const defaultValidateLink = md.validateLink.bind(md)
md.validateLink = (url: string) => url.startsWith(MEDIA_PREFIX) || defaultValidateLink(url)
// `media:` places an image; as a link target it would be a dead link: keep the text, drop the link.
md.core.ruler.push('media_links_as_text', (state) => {
  for (const block of state.tokens) {
    let unlinking = false
    for (const token of block.children ?? []) {
      if (token.type === 'link_open' && (token.attrGet('href') ?? '').startsWith(MEDIA_PREFIX)) unlinking = true
      else if (!(unlinking && token.type === 'link_close')) continue
      else unlinking = false
      token.type = 'text'
      token.content = ''
    }
  }
})

/**
 * Browsers ignore leading controls/spaces and tabs/newlines anywhere when reading a URL's
 * scheme ("\u0001java\tscript:"); removing every such character is stricter still.
 */
function isSafeMediaUrl (url: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what browsers drop from a URL's scheme
  return defaultValidateLink(url.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''))
}

function mediaIdOf (token: Token): string | null {
  const src = token.attrGet('src') ?? ''
  return src.startsWith(MEDIA_PREFIX) ? src.slice(MEDIA_PREFIX.length) : null
}

function isLoneMediaImage (inline: Token | undefined): boolean {
  const children = inline?.children ?? []
  return children.length === 1 && children[0]!.type === 'image' && mediaIdOf(children[0]!) !== null
}

/** Media ids referenced by `![…](media:ID)` in the source. */
export function mediaRefs (markdown: string): string[] {
  const ids = new Set<string>()
  for (const block of md.parse(markdown, {})) {
    for (const child of block.children ?? []) {
      const id = child.type === 'image' ? mediaIdOf(child) : null
      if (id !== null) ids.add(id)
    }
  }
  return [...ids]
}

function imageHtml (media: MediaType, alt: string): string {
  const esc = md.utils.escapeHtml
  const size = media.width !== null && media.height !== null ? ` width="${media.width}" height="${media.height}"` : ''
  return `<img src="${esc(media.url)}" alt="${esc(alt || media.alt)}"${size} loading="lazy">`
}

function figureHtml (media: MediaType, alt: string): string {
  const esc = md.utils.escapeHtml
  const caption = [media.caption, media.credit].filter(Boolean).map(esc).join(' <span class="credit">') +
    (media.caption && media.credit ? '</span>' : '')
  return `<figure>${imageHtml(media, alt)}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>\n`
}

function plainText (tokens: Token[]): string {
  const blocks: string[] = []
  for (const token of tokens) {
    if (token.type !== 'inline') continue
    const text = (token.children ?? [])
      .map((c) => c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : '')
      .join('')
      .trim()
    if (text) blocks.push(text)
  }
  return blocks.join('\n\n')
}

/**
 * An image's alt text. markdown-it's renderInlineAsText drops `text_special` tokens (a
 * backslash escape, an entity), which its text_join rule folds into text everywhere but
 * inside an image: `![Tom \\& Jerry]` would lose its `&`.
 */
function altText (tokens: Token[]): string {
  return tokens.map((t) => t.type === 'text' || t.type === 'text_special' || t.type === 'code_inline' ? t.content : t.type === 'image' ? altText(t.children ?? []) : t.type === 'softbreak' || t.type === 'hardbreak' ? ' ' : '').join('')
}

/** What an image rule needs from the render call; passed as markdown-it's `env`. */
interface RenderEnv { resolve (token: Token): MediaType }

// One renderer for every call: rules read the call's media resolver from `env`.
const rules = md.renderer.rules
rules.paragraph_open = (ts, i, opts, _env, self) => isLoneMediaImage(ts[i + 1]) ? '' : self.renderToken(ts, i, opts)
rules.paragraph_close = (ts, i, opts, _env, self) => isLoneMediaImage(ts[i - 1]) ? '' : self.renderToken(ts, i, opts)
const defaultImage = rules.image!
rules.image = (ts, i, opts, env: RenderEnv, self) => {
  const token = ts[i]!
  if (mediaIdOf(token) === null) return defaultImage(ts, i, opts, env, self)
  const alt = altText(token.children ?? [])
  return ts.length === 1 ? figureHtml(env.resolve(token), alt) : imageHtml(env.resolve(token), alt)
}

/** The media ids a body places: what renderMarkdown will ask `media` for, to be looked up beforehand. */
export function mediaIdsIn (markdown: string): string[] {
  const ids = new Set<string>()
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'image') {
        const id = mediaIdOf(token)
        if (id !== null) ids.add(id)
      }
      if (token.children !== null) visit(token.children)
    }
  }
  visit(md.parse(markdown, { resolve: () => { throw new Error('not rendering') } }))
  return [...ids]
}

/**
 * Parses once and renders. `media` is asked for each `media:ID` the body places (a Map,
 * or a lookup into the database); an unknown id is a MarkdownError.
 */
export function renderMarkdown (markdown: string, media: Pick<ReadonlyMap<string, MediaType>, 'get'>): RenderedBody {
  const used: string[] = []
  const env: RenderEnv = {
    resolve (token) {
      const id = mediaIdOf(token)!
      const found = media.get(id)
      if (found === undefined) throw new MarkdownError(`body references unknown media "${id}"`)
      if (!isSafeMediaUrl(found.url)) throw new MarkdownError(`media "${id}" has an unsafe URL`)
      used.push(id)
      return found
    }
  }
  const tokens = md.parse(markdown, env)
  const html = md.renderer.render(tokens, md.options, env)
  const text = plainText(tokens)
  const words = text.split(/\s+/).filter(Boolean).length
  return {
    html,
    text,
    readingTimeMinutes: Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)),
    mediaIds: [...new Set(used)]
  }
}
