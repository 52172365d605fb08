/**
 * WordPress shortcodes → HTML the rest of the converter understands (a <figure> for
 * [caption], links for media, images for [gallery]), with WordPress's own grammar
 * (@wordpress/shortcode). Runs on HTML strings, before the DOM, because [caption] wraps
 * markup rather than text.
 */
import { attrs as parseAttrs, fromMatch, regexp } from '@wordpress/shortcode'
import type { BodyContext } from './body.js'
import { escapeHtml } from '../../content/markdown.js'

export interface Pass {
  context: BodyContext
  degraded: string[]
}

// Any tag: which shortcodes a site registered is not in the export, so `looksLikeShortcode` decides.
const ANY_TAG = '[A-Za-z][\\w-]*'
// WordPress would run shortcodes here too; code samples are where people write them literally.
const CODE_SPANS = /(<pre\b[\s\S]*?<\/pre>|<code\b[\s\S]*?<\/code>)/i
const MEDIA_TAGS = new Set(['embed', 'youtube', 'vimeo', 'video', 'audio'])
/** Bare tags (no attributes, no closing tag) common enough to be shortcodes rather than "[sic]". */
const KNOWN_BARE = new Set(['caption', 'wp_caption', 'gallery', 'playlist', 'toc', 'ad', 'ads', 'adsense', 'divider', 'clear', 'related', 'contact-form', 'subscribe'])
const VIDEO_SOURCES = ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv', 'mov']
const AUDIO_SOURCES = ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma', 'flac']

type Shortcode = ReturnType<typeof fromMatch>

/** Attribute values from the post are HTML already (entities stay entities): only what could end the attribute is escaped. */
const escapeSourceAttr = (value: string) => value.replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const isHttpUrl = (value: string) => /^(https?:)?\/\/[^\s/]/i.test(value)

/**
 * Prose brackets ("[sic]", "[laughs]", "[Update: …]") share the grammar. A shortcode has a
 * lowercase tag followed by nothing, a space or `=`, and a closing tag, named attributes,
 * a `_`/`-` in its name, or a tag this converter knows.
 */
function looksLikeShortcode (tag: string, rawAttrs: string, shortcode: Shortcode): boolean {
  if (!/^[a-z][a-z0-9_-]*$/.test(tag) || !/^(\s|=|$)/.test(rawAttrs)) return false
  return KNOWN_BARE.has(tag) || MEDIA_TAGS.has(tag) || shortcode.content !== undefined ||
    Object.keys(shortcode.attrs.named).length > 0 || /[_-]/.test(tag)
}

const linkParagraph = (url: string) => `<p><a href="${escapeSourceAttr(url)}">${escapeSourceAttr(url)}</a></p>`

function mediaLink (shortcode: Shortcode, rawAttrs: string, pass: Pass): string {
  const { named, numeric } = shortcode.attrs
  const tag = shortcode.tag
  let url: string | undefined
  if (tag === 'embed') url = shortcode.content?.trim()
  else if (tag === 'video' || tag === 'audio') {
    url = (tag === 'video' ? VIDEO_SOURCES : AUDIO_SOURCES).map((key) => named[key]).find((value) => value !== undefined && isHttpUrl(value))
  } else {
    // Jetpack writes both [youtube URL] and [youtube=URL]; an id alone is still a video.
    url = rawAttrs.trim().startsWith('=') ? rawAttrs.trim().slice(1).trim().split(/\s+/)[0] : named.url ?? numeric[0]
    if (url !== undefined && /^[\w-]+$/.test(url)) url = tag === 'vimeo' ? `https://vimeo.com/${url}` : `https://www.youtube.com/watch?v=${url}`
  }
  if (url !== undefined && isHttpUrl(url)) return linkParagraph(url)
  const content = shortcode.content?.trim() ?? ''
  pass.degraded.push(`shortcode [${tag}] has no http(s) URL to link to: removed${content ? ', its content kept' : ''}`)
  return expand(content, pass)
}

/** [caption]<a><img></a> Text[/caption] (or caption="Text") → a figure whose figcaption is that text. */
function caption (shortcode: Shortcode, pass: Pass): string {
  const content = expand(shortcode.content ?? '', pass)
  const parts = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(content)
  if (parts === null) return content
  const text = shortcode.attrs.named.caption ?? parts[2]!.trim()
  return `<figure>${parts[1]}${text ? `<figcaption>${text}</figcaption>` : ''}</figure>`
}

function gallery (shortcode: Shortcode, pass: Pass): string {
  const list = shortcode.attrs.named.ids ?? shortcode.attrs.named.include
  if (list === undefined) {
    pass.degraded.push('shortcode [gallery] without ids shows the images attached to the post, which the body does not list: removed')
    return ''
  }
  const missing: number[] = []
  const figures = list.split(/[\s,]+/).filter(Boolean).map(Number).map((id) => {
    const found = Number.isInteger(id) ? pass.context.attachment(id) : undefined
    if (found === undefined) {
      missing.push(id)
      return ''
    }
    const figcaption = found.caption ? `<figcaption>${escapeHtml(found.caption)}</figcaption>` : ''
    return `<figure><img src="${escapeHtml(found.url)}" alt="${escapeHtml(found.alt)}" class="wp-image-${id}">${figcaption}</figure>`
  })
  if (missing.length > 0) pass.degraded.push(`shortcode [gallery]: attachment${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not in the export, left out`)
  return `<div>${figures.join('')}</div>`
}

function render (shortcode: Shortcode, rawAttrs: string, pass: Pass): string {
  const tag = shortcode.tag
  if (tag === 'caption' || tag === 'wp_caption') return caption(shortcode, pass)
  if (tag === 'gallery') return gallery(shortcode, pass)
  if (MEDIA_TAGS.has(tag)) return mediaLink(shortcode, rawAttrs, pass)
  if (shortcode.content === undefined) {
    pass.degraded.push(`shortcode [${tag}] has no Byline equivalent: removed`)
    return ''
  }
  pass.degraded.push(`shortcode [${tag}] has no Byline equivalent: the tag was removed, its content kept`)
  return expand(shortcode.content, pass)
}

function expand (text: string, pass: Pass): string {
  if (!text.includes('[')) return text
  return text.replace(regexp(ANY_TAG), (...args: string[]) => {
    const [match, left, tag, rawAttrs = '', , , , right] = args as [string, string, string, string?, ...string[]]
    const shortcode = fromMatch(args)
    if (!looksLikeShortcode(tag, rawAttrs, shortcode)) return match
    // [[tag]] is WordPress's escape for a literal [tag].
    if (left === '[' && right === ']') return match.slice(1, -1)
    return (left ?? '') + render(shortcode, rawAttrs, pass) + (right ?? '')
  })
}

/** Expands the shortcodes of an HTML fragment, leaving those inside <pre> and <code> as written. */
export function expandShortcodes (html: string, pass: Pass): string {
  if (!html.includes('[')) return html
  return html.split(CODE_SPANS).map((part, i) => i % 2 === 1 ? part : expand(part, pass)).join('')
}

/** @wordpress/shortcode memoizes attribute parsing without a bound: emptied after each post so 100k posts don't accumulate. */
export function forgetParsedAttributes (): void {
  parseAttrs.clear()
}
