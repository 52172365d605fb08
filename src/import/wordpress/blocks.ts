/**
 * Gutenberg block markup → one HTML document, with WordPress's own parser. Static blocks
 * already hold their HTML (the comment delimiters only mark it up); the work here is
 * what WordPress does at render time: wpautop for classic content, shortcodes, embeds
 * (stored as a bare URL), and noting the blocks that have no content in an export.
 */
import { parse } from '@wordpress/block-serialization-default-parser'
import { expandShortcodes, type Pass } from './shortcodes.js'
import { escapeHtml } from '../../content/markdown.js'

type Block = ReturnType<typeof parse>[number]

/** Core blocks whose saved HTML is their content, even when it is empty (more, nextpage, spacer). */
const STATIC_CORE = new Set(['paragraph', 'heading', 'list', 'list-item', 'quote', 'pullquote', 'image', 'gallery', 'table',
  'code', 'preformatted', 'separator', 'spacer', 'columns', 'column', 'group', 'buttons', 'button', 'media-text', 'cover',
  'video', 'audio', 'embed', 'html', 'freeform', 'more', 'nextpage', 'shortcode', 'verse', 'details'].map((name) => `core/${name}`))

// WordPress's wpautop (wp-includes/formatting.php), minus what only matters to browsers.
const ALL_BLOCKS = '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)'
const BLOCK_OPEN = new RegExp(`(<${ALL_BLOCKS}[\\s/>])`, 'gi')
const BLOCK_CLOSE = new RegExp(`(</${ALL_BLOCKS}>)`, 'gi')
const P_AROUND_TAG = new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'gi')
const P_BEFORE_TAG = new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)`, 'gi')
const TAG_BEFORE_P_CLOSE = new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'gi')
const BR_AFTER_TAG = new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*<br />`, 'gi')
const BR_BEFORE_TAG = /<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi

/**
 * Classic posts are stored without <p>: WordPress adds them when the post is shown (blank
 * line → paragraph, newline → <br>). Turndown reads newlines as spaces, so without this a
 * classic post would become one paragraph.
 */
export function autop (html: string): string {
  if (html.trim() === '') return ''
  const pres: string[] = []
  let text = html.replace(/\r\n?/g, '\n')
    .replace(/<pre\b[\s\S]*?<\/pre>/gi, (pre) => `<pre wp-pre-tag-${pres.push(pre) - 1}></pre>`)
    // Newlines inside a tag or a comment are not line breaks of the text.
    .replace(/<!--[\s\S]*?-->|<[^>]*>/g, (tag) => tag.replace(/\n/g, ' '))
    .replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n')
    .replace(BLOCK_OPEN, '\n\n$1').replace(BLOCK_CLOSE, '$1\n\n').replace(/(<hr\s*\/?>)/gi, '$1\n\n')
  text = text.split(/\n\s*\n/).filter((part) => part.trim() !== '').map((part) => `<p>${part.replace(/^\n+|\n+$/g, '')}</p>\n`).join('')
  text = text.replace(/<p>([^<]+)<\/(div|address|form)>/g, '<p>$1</p></$2>')
    .replace(P_AROUND_TAG, '$1')
    .replace(/<p>(<li.+?)<\/p>/g, '$1')
    .replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>')
    .replace(/<\/blockquote><\/p>/g, '</p></blockquote>')
    .replace(P_BEFORE_TAG, '$1')
    .replace(TAG_BEFORE_P_CLOSE, '$1')
    .replace(/<br\s*\/?>/gi, '<br />')
    .replace(/(?<!<br \/>)\s*\n/g, '<br />\n')
    .replace(BR_AFTER_TAG, '$1')
    .replace(BR_BEFORE_TAG, '$1')
    .replace(/\n<\/p>$/, '</p>')
  return text.replace(/<pre wp-pre-tag-(\d+)><\/pre>/g, (_, i: string) => pres[Number(i)]!)
}

const isHttpUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\/[^\s/]/i.test(value)

/** The block's own HTML with each inner block's HTML where the parser left a null. */
function innerHtml (block: Block, pass: Pass): string {
  let next = 0
  return block.innerContent.map((piece) => piece === null ? renderBlock(block.innerBlocks[next++]!, pass) : expandShortcodes(piece, pass)).join('')
}

/** An embed is stored as its URL in a wrapper; Byline links to it, keeping the caption. */
function embed (block: Block, pass: Pass): string {
  const url: unknown = block.attrs?.url
  if (!isHttpUrl(url)) return innerHtml(block, pass)
  const caption = /<figcaption\b[^>]*>([\s\S]*?)<\/figcaption>/i.exec(block.innerHTML)?.[1]
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>${caption ? `<p>${caption}</p>` : ''}`
}

function renderBlock (block: Block, pass: Pass): string {
  const name = block.blockName
  if (name === null || name === 'core/freeform') return autop(expandShortcodes(block.innerHTML, pass))
  if (name === 'core/embed' || name.startsWith('core-embed/')) return embed(block, pass)
  // WordPress runs wpautop on a shortcode block's output.
  if (name === 'core/shortcode') return autop(expandShortcodes(block.innerHTML, pass))
  // The parser's only failure: WordPress's own reads past a broken attribute object to the next "} -->".
  if (block.attrs === null) pass.degraded.push(`block ${name} has attributes that are not valid JSON: WordPress's parser may have read the markup after it as attributes, so content there can be missing`)
  const empty = block.innerHTML.trim() === '' && block.innerBlocks.length === 0
  if (name.startsWith('core/')) {
    if (!empty || STATIC_CORE.has(name)) return special(block, innerHtml(block, pass))
    pass.degraded.push(name === 'core/block'
      ? `block core/block (reusable block ${String(block.attrs?.ref ?? '?')}) is stored in another post and was left out`
      : `block ${name} is generated by WordPress when the page is shown; it has no content in the export and was left out`)
    return ''
  }
  pass.degraded.push(empty
    ? `unknown block ${name} has no content in the export and was left out`
    : `unknown block ${name}: its inner HTML was kept as text`)
  return innerHtml(block, pass)
}

/** The two core blocks whose saved HTML does not read as their content. */
function special (block: Block, html: string): string {
  // A verse is a <pre> for its line breaks, not code.
  if (block.blockName === 'core/verse') {
    return html.replace(/<pre\b[^>]*>([\s\S]*?)<\/pre>/gi, (_, inner: string) => `<p>${inner.replace(/\r?\n/g, '<br>')}</p>`)
  }
  // Older covers kept their image in a CSS background, which sanitizing drops.
  const url: unknown = block.attrs?.url
  if (block.blockName === 'core/cover' && isHttpUrl(url) && !/<(img|video)\b/i.test(html) && block.attrs?.backgroundType !== 'video') {
    const id = Number(block.attrs?.id)
    const alt = typeof block.attrs?.alt === 'string' ? block.attrs.alt : ''
    return `<figure><img src="${escapeHtml(url)}" alt="${escapeHtml(alt)}"${Number.isInteger(id) ? ` class="wp-image-${id}"` : ''}></figure>${html}`
  }
  return html
}

/** A post's content (block markup, classic HTML or both) as one HTML string ready for the DOM. */
export function blocksToHtml (content: string, pass: Pass): string {
  return parse(content).map((block) => renderBlock(block, pass)).join('\n')
}
