/**
 * A WordPress post body (`content:encoded`) → Byline Markdown: blocks and shortcodes to
 * HTML (blocks.ts, shortcodes.ts), then sanitizing and image placement on the DOM (here),
 * then Markdown (html-to-markdown.ts). Pure and synchronous; all per-post state lives in
 * the call.
 */
import type { DomDocument, DomElement } from '@mixmark-io/domino'
import type { BodyImage, ConvertedBody } from './types.js'
import { blocksToHtml } from './blocks.js'
import { domToMarkdown, IMAGE_MARKER, pushInlineIntoBlocks, replaceNode, unwrap } from './html-to-markdown.js'
import { BLOCK_ELEMENTS, parseFragment, textOf } from './html-text.js'
import { forgetParsedAttributes, type Pass } from './shortcodes.js'

export interface BodyContext {
  /** Media id for an image URL (and the attachment id WordPress put in class="wp-image-123", when present); the importer decides ids. */
  imageId: (url: string, attachmentId: number | null) => string
  /** An attachment of the export by post id, for [gallery ids="…"] and similar: its URL, alt text and caption; undefined when not in the export. */
  attachment: (id: number) => { url: string, alt: string, caption: string } | undefined
}

/**
 * Elements removed with their content: code, styling, a page's head (a whole page pasted into a
 * Custom HTML block: the body is parsed as a fragment, so its <title> is in it), and what has no
 * Markdown form (noted, as content is lost).
 */
const REMOVED = ['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'base', 'object', 'embed', 'applet', 'form', 'svg']
const NOTED = new Set(['OBJECT', 'EMBED', 'APPLET', 'FORM', 'SVG'])
/** Containers a paragraph can sit in: an image is lifted out of everything else (links, emphasis, <p>, headings). */
const PHRASE_BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'DT', 'SUMMARY'])
/** What markdown-it's link normalization leaves as it is, so the id the renderer reads is the id given. */
const SAFE_ID = /^[A-Za-z0-9._~:-]+$/

/** A snapshot: some of domino's results are live and would shift as nodes are removed. */
const all = (root: DomElement, selectors: string) => Array.from(root.querySelectorAll(selectors))
function within (node: DomElement, root: DomElement): boolean {
  let parent = node.parentNode
  while (parent !== null && parent !== root) parent = parent.parentNode
  return parent === root
}
const shorten = (url: string) => url.length > 100 ? `${url.slice(0, 97)}…` : url

/** An http(s) URL as a string, or why not. Protocol-relative URLs were https-or-http alike: https. */
function httpUrl (raw: string | null): { url: string } | { problem: string } {
  // Browsers drop controls and whitespace from a URL, "java\tscript:" included.
  // eslint-disable-next-line no-control-regex -- those characters are the point
  const value = (raw ?? '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
  if (value === '') return { problem: 'no URL' }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase()
  if (scheme === undefined && !value.startsWith('//')) return { problem: `a relative URL (${shorten(value)})` }
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return { problem: `a ${scheme}: URL` }
  try {
    return { url: new URL(value.startsWith('//') ? `https:${value}` : value).href }
  } catch {
    return { problem: `an invalid URL (${shorten(value)})` }
  }
}

/**
 * The alt text as Markdown, or '' to let the renderer take it from the media record. markdown-it
 * drops backslash escapes, entities, code spans and emphasis markers from an image's alt (its
 * text_join rule does not reach image children), so alt text that would need them is not written.
 */
function markdownAlt (alt: string): string {
  return /[\\`*_~[\]]|&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(alt) ? '' : alt
}
const dimension = (value: string | null) => value !== null && /^\d+$/.test(value.trim()) && Number(value) > 0 ? Number(value) : null

/** The caption a figure (or a rendered [caption]'s div.wp-caption) gives its one image, taken out of the text. */
function takeCaption (img: DomElement, body: DomElement): string {
  for (let box = img.parentNode; box !== null && box !== body; box = box.parentNode) {
    const isFigure = box.nodeName === 'FIGURE'
    if (!isFigure && !/(?:^|\s)wp-caption(?:\s|$)/.test(box.getAttribute('class') ?? '')) continue
    if (box.getElementsByTagName('img').length !== 1) return ''
    const caption = Array.from(box.children).find((child) => isFigure ? child.nodeName === 'FIGCAPTION' : /(?:^|\s)wp-caption-text(?:\s|$)/.test(child.getAttribute('class') ?? ''))
    if (caption === undefined) return ''
    caption.remove()
    return textOf(caption)
  }
  return ''
}

/** Puts the marker where the image was, split out of inline ancestors so it stands as its own paragraph. */
function place (marker: DomElement, img: DomElement, body: DomElement): void {
  replaceNode(img, marker)
  const isEmpty = (node: DomElement) => (node.textContent ?? '').trim() === '' && node.querySelectorAll(`img, ${IMAGE_MARKER}`).length === 0
  for (let parent = marker.parentNode; parent !== null && parent !== body &&
    (!BLOCK_ELEMENTS.has(parent.nodeName) || PHRASE_BLOCKS.has(parent.nodeName)); parent = marker.parentNode) {
    const rest = parent.cloneNode(false) as DomElement
    while (marker.nextSibling !== null) rest.appendChild(marker.nextSibling)
    parent.parentNode!.insertBefore(marker, parent.nextSibling)
    parent.parentNode!.insertBefore(rest, marker.nextSibling)
    if (isEmpty(rest)) rest.remove()
    if (isEmpty(parent)) parent.remove()
  }
}

function placeImages (doc: DomDocument, pass: Pass, images: Map<string, BodyImage>): void {
  const body = doc.body
  for (const img of all(body, 'img')) {
    // Lazy-loading plugins keep the real URL aside and a placeholder (often data:) in src.
    const candidates = [img.getAttribute('src'), img.getAttribute('data-src'), img.getAttribute('data-lazy-src'), img.getAttribute('data-orig-file')]
    const found = candidates.map(httpUrl).find((result) => 'url' in result) ?? httpUrl(candidates[0] ?? null)
    if (!('url' in found)) {
      img.remove()
      pass.degraded.push(`an image with ${found.problem} was left out: only images at absolute http(s) URLs can be imported`)
      continue
    }
    const attachment = /(?:^|\s)wp-image-(\d+)(?:\s|$)/.exec(img.getAttribute('class') ?? '')?.[1]
    const id = pass.context.imageId(found.url, attachment === undefined ? null : Number(attachment))
    if (!SAFE_ID.test(id)) throw new Error(`media id "${id}" for ${found.url} would not survive Markdown link normalization: use [A-Za-z0-9._~:-]`)
    const alt = (img.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim()
    const image: BodyImage = { id, url: found.url, alt, caption: takeCaption(img, body), width: dimension(img.getAttribute('width')), height: dimension(img.getAttribute('height')) }
    const seen = images.get(id)
    if (seen === undefined) images.set(id, image)
    else for (const key of ['alt', 'caption', 'width', 'height'] as const) if (!seen[key]) Object.assign(seen, { [key]: image[key] })
    const marker = doc.createElement(IMAGE_MARKER)
    marker.setAttribute('data-markdown', `![${markdownAlt(alt)}](media:${id})`)
    // Turndown skips elements without text, whatever rule matches them.
    marker.textContent = 'image'
    place(marker, img, body)
  }
}

function linkParagraph (doc: DomDocument, url: string): DomElement {
  const p = doc.createElement('p')
  const a = p.appendChild(doc.createElement('a'))
  a.setAttribute('href', url)
  a.textContent = url
  return p
}

/** Takes out what must not reach Markdown; turns frames and players into links. */
function sanitize (doc: DomDocument, pass: Pass): void {
  const body = doc.body
  // The marker is ours: one written in the post would place an image nobody listed. And the
  // parser makes elements of typed text ("5<x<10" is an <x<10>) that cannot be cloned.
  for (const odd of all(body, '*')) if (odd.nodeName === 'BYLINE-IMAGE' || !/^[a-z][a-z0-9-]*$/i.test(odd.nodeName)) unwrap(odd)
  for (const node of all(body, REMOVED.join(', '))) {
    // One inside another already removed (an <embed> in its <object>) went with it.
    if (!within(node, body)) continue
    if (NOTED.has(node.nodeName.toUpperCase())) pass.degraded.push(`<${node.nodeName.toLowerCase()}> element removed: it has no Byline equivalent`)
    node.remove()
  }
  for (const frame of all(body, 'iframe')) {
    const target = httpUrl(frame.getAttribute('src'))
    if ('url' in target) {
      replaceNode(frame, linkParagraph(doc, target.url))
      pass.degraded.push(`an embedded frame became a link to ${shorten(target.url)}`)
    } else {
      frame.remove()
      pass.degraded.push(`an embedded frame with ${target.problem} was removed`)
    }
  }
  for (const player of all(body, 'video, audio')) {
    const sources = [player.getAttribute('src'), ...all(player, 'source').map((source) => source.getAttribute('src'))]
    const target = sources.map(httpUrl).find((result) => 'url' in result)
    if (target !== undefined && 'url' in target) replaceNode(player, linkParagraph(doc, target.url))
    else {
      player.remove()
      pass.degraded.push(`a <${player.nodeName.toLowerCase()}> with no http(s) source was removed`)
    }
  }
  // A Markdown table cell holds one line: a list in it becomes its items in a row.
  for (const list of all(body, 'td ul, td ol, th ul, th ol')) replaceNode(list, doc.createTextNode(Array.from(list.children).map((li) => textOf(li)).join('; ')))
  // A <br> in a <pre> is a line of the code; the fence keeps only text.
  for (const br of all(body, 'pre br')) replaceNode(br, doc.createTextNode('\n'))
  for (const link of all(body, 'a[href]')) {
    const href = link.getAttribute('href') ?? ''
    const target = /^\s*mailto:/i.test(href) ? { url: href.trim().replace(/\s/g, '%20') } : httpUrl(href)
    // An empty link shows nothing in a browser (wpautop leaves them around block-wrapping links); turndown would write [](url).
    if ((link.textContent ?? '').trim() === '' && link.getElementsByTagName('img').length === 0) link.remove()
    else if ('url' in target) link.setAttribute('href', target.url)
    else unwrap(link)
  }
}

/** Converts one post's HTML (classic or block markup, with shortcodes) to Byline Markdown. Pure and synchronous. */
export function convertBody (html: string, context: BodyContext): ConvertedBody {
  const pass: Pass = { context, degraded: [] }
  const images = new Map<string, BodyImage>()
  try {
    const doc = parseFragment(blocksToHtml(html, pass))
    sanitize(doc, pass)
    pushInlineIntoBlocks(doc.body)
    placeImages(doc, pass, images)
    return { markdown: domToMarkdown(doc.body), images: [...images.values()], degraded: [...new Set(pass.degraded)] }
  } finally {
    forgetParsedAttributes()
  }
}
