/**
 * HTML fragments as a DOM and as text, for the body converter and the verdict sources alike:
 * the one place domino is loaded, and the one walk that reads the words out of HTML.
 */
import domino, { type DomDocument, type DomNode } from '@mixmark-io/domino'

const ELEMENT = 1
const TEXT = 3

/** Turndown's block list, plus details, summary and video: separate lines in a text walk, and what inline markup cannot span. */
export const BLOCK_ELEMENTS = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'AUDIO', 'BLOCKQUOTE', 'BODY', 'CANVAS', 'CENTER', 'DD', 'DETAILS', 'DIR', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'FRAMESET', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'VIDEO'])
/** Never text: code, styling, templates, and what the body converter removes. */
export const SILENT_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK', 'BASE', 'IFRAME', 'OBJECT', 'EMBED', 'APPLET', 'FORM', 'SVG'])
const LISTS = new Set(['UL', 'OL'])

/**
 * Parses HTML as a body's content, as a page with a doctype shows it: a leading <style> or
 * <meta> stays in the body rather than moving to a head, so `body.innerHTML` gives the whole
 * fragment back. Edit the tree with insertBefore/replaceChild/removeChild only: see the note
 * in src/types/mixmark-io-domino.d.ts.
 */
export function parseFragment (html: string): DomDocument {
  // Parsed as the body of a document, which reads a fragment as the fragment parser does:
  // innerHTML parses into a document of its own and adopts every node, a tenth more time per post.
  const document = domino.createDocument(`<!DOCTYPE html><body>${html}`)
  // The one difference: a comment right after a stray </body> or </html> (a whole page pasted
  // into a Custom HTML block) lands outside the body, where the fragment parser keeps it.
  if (document.body.nextSibling === null && document.documentElement.nextSibling === null) return document
  const fragment = domino.createDocument('')
  fragment.body.innerHTML = html
  return fragment
}

/**
 * How text comes out: `line`, all of it on one line (an excerpt, a caption, a label);
 * `paragraphs`, paragraphs apart by a blank line and a <br> a line break (a summary).
 * Other whitespace is collapsed either way.
 */
export type TextLayout = 'line' | 'paragraphs'

const LINE = 0
const PARAGRAPH = 1
/** Text, and the breaks between it (kept apart from the text, which may hold any character). */
type Piece = string | typeof LINE | typeof PARAGRAPH

/**
 * Text as WordPress's wpautop reads post and meta text: a blank line is a paragraph break;
 * a single newline is a line break only where every line counts (`newlines`).
 */
function pushText (text: string, pieces: Piece[], newlines: boolean): void {
  text.replace(/\r\n?/g, '\n').split(/\n[^\S\n]*\n\s*/).forEach((paragraph, i) => {
    if (i > 0) pieces.push(PARAGRAPH)
    if (!newlines) pieces.push(paragraph)
    else {
      paragraph.split('\n').forEach((line, j) => {
        if (j > 0) pieces.push(LINE)
        pieces.push(line)
      })
    }
  })
}

/** The text under a node: blocks are paragraphs, <br> a line break; `skip` names elements whose content is left out. */
function walk (node: DomNode, pieces: Piece[], newlines: boolean, skip: ReadonlySet<string>): void {
  for (const child of node.childNodes) {
    if (child.nodeType === TEXT) pushText(child.nodeValue ?? '', pieces, newlines)
    else if (child.nodeType === ELEMENT && !SILENT_ELEMENTS.has(child.nodeName) && !skip.has(child.nodeName)) {
      if (child.nodeName === 'BR') pieces.push(LINE)
      const block = BLOCK_ELEMENTS.has(child.nodeName)
      if (block) pieces.push(PARAGRAPH)
      walk(child, pieces, newlines, skip)
      if (block) pieces.push(PARAGRAPH)
    }
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim()

/** Splits at the breaks: each part's pieces of text joined. */
function split (pieces: Piece[], at: (piece: typeof LINE | typeof PARAGRAPH) => boolean): Piece[][] {
  const parts: Piece[][] = [[]]
  for (const piece of pieces) {
    if (typeof piece !== 'string' && at(piece)) parts.push([])
    else parts[parts.length - 1]!.push(piece)
  }
  return parts
}
const joined = (pieces: Piece[]) => pieces.map((piece) => typeof piece === 'string' ? piece : ' ').join('')

function layOut (pieces: Piece[], layout: TextLayout): string {
  if (layout === 'line') return oneLine(joined(pieces))
  return split(pieces, (piece) => piece === PARAGRAPH)
    .map((paragraph) => split(paragraph, () => true).map((line) => oneLine(joined(line))).filter(Boolean).join('\n'))
    .filter(Boolean).join('\n\n')
}

/** Every line of the text: each block, <br> and newline ends one. Empty lines are left in. */
function lines (pieces: Piece[]): string[] {
  return split(pieces, () => true).map((line) => oneLine(joined(line)))
}

const NOTHING: ReadonlySet<string> = new Set()

/** The fragment's body; null for text without markup or entities (most meta values), which skips the parser. */
const bodyOf = (html: string) => /[<&]/.test(html) ? parseFragment(html).body : null

function piecesOf (html: string, body: DomNode | null, newlines: boolean): Piece[] {
  const pieces: Piece[] = []
  // The parser drops NUL characters from a body's text.
  // eslint-disable-next-line no-control-regex -- that character is the point
  if (body === null) pushText(html.replace(/\u0000/g, ''), pieces, newlines)
  else walk(body, pieces, newlines, NOTHING)
  return pieces
}

function nodeText (node: DomNode, layout: TextLayout, skip: ReadonlySet<string>): string {
  const pieces: Piece[] = []
  walk(node, pieces, false, skip)
  return layOut(pieces, layout)
}

/** A node's text: what is inside it (the node itself is read even when it is a silent element). */
export const textOf = (node: DomNode, layout: TextLayout = 'line') => nodeText(node, layout, NOTHING)

/** A list item's (or a label's) text on one line, without the lists nested in it, which have items of their own. */
export const itemText = (node: DomNode) => nodeText(node, 'line', LISTS)

/** The text of an HTML fragment (an excerpt, a meta value, a block attribute), entities decoded. */
export function htmlToText (html: string, layout: TextLayout = 'line'): string {
  return layOut(piecesOf(html, bodyOf(html), false), layout)
}

/** A bullet or a number someone typed before an item: "- ", "• ", "1. ", "2) ". */
const BULLET = /^(?:[-*•·–—+]|\d{1,2}[.)])\s+/

/** The text of each <li> of an HTML list (nested lists give their own items), or else each non-empty line, its typed bullet dropped. */
export function htmlListItems (html: string): string[] {
  const body = bodyOf(html)
  const items = body === null ? [] : Array.from(body.querySelectorAll('li'))
  if (items.length > 0) return items.map(itemText).filter(Boolean)
  return lines(piecesOf(html, body, true)).map((line) => line.replace(BULLET, '')).filter(Boolean)
}
