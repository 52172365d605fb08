/**
 * HTML → Byline Markdown. One TurndownService for every call: its rules read only the
 * node they are given, so nothing of one post can leak into the next. Per-call work
 * (sanitizing, placing images) is done on the DOM first, in body.ts; the rules here only
 * shape Markdown, and never keep HTML (Byline's renderer would show it as escaped tags).
 */
import TurndownService from 'turndown'
import turndownGfm from '@joplin/turndown-plugin-gfm'
import type { DomElement, DomNode } from '@mixmark-io/domino'
import { BLOCK_ELEMENTS } from './html-text.js'

const ELEMENT = 1
const TEXT = 3

// Tree edits use insertBefore/replaceChild with single nodes only: see the note in src/types/mixmark-io-domino.d.ts.
export function replaceNode (old: DomNode, node: DomNode): void {
  old.parentNode?.replaceChild(node, old)
}

/** Replaces an element with its children. */
export function unwrap (element: DomElement): void {
  const parent = element.parentNode
  if (parent === null) return
  while (element.firstChild !== null) parent.insertBefore(element.firstChild, element)
  element.remove()
}

const el = (node: unknown) => node as DomElement

function enclosingTable (node: DomElement): DomElement | null {
  let parent = node.parentNode
  while (parent !== null && parent.nodeName !== 'TABLE') parent = parent.parentNode
  return parent
}

/** What the gfm plugin lays out as paragraphs instead of a table; it never keeps a table as HTML here. */
function layoutOnly (table: DomElement | null): boolean {
  const rows = table?.getElementsByTagName('tr')
  if (table === null || rows === undefined || rows.length === 0) return true
  if (rows.length === 1 && rows[0]!.children.length <= 1) return true
  return table.getElementsByTagName('table').length > 0
}

function fenced (code: string, language: string): string {
  let size = 3
  for (const run of code.match(/^`{3,}/gm) ?? []) size = Math.max(size, run.length + 1)
  const fence = '`'.repeat(size)
  return `\n\n${fence}${language}\n${code.replace(/\n$/, '')}\n${fence}\n\n`
}

const service = new TurndownService({
  headingStyle: 'atx',
  hr: '---',
  bulletListMarker: '-',
  codeBlockStyle: 'fenced',
  emDelimiter: '_',
  strongDelimiter: '**'
})
service.use(turndownGfm.gfm)
// Typed text must not become syntax: turndown leaves `~` (strikethrough to markdown-it) and
// entity-like `&amp;` (markdown-it would decode it) as they are.
const escapeMarkdown = service.escape.bind(service)
service.escape = (text) => escapeMarkdown(text).replace(/~/g, '\\~').replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
// Rules added later win: these replace the gfm table rules that would keep a table as raw HTML
// or write <br> into a cell, both of which Byline's renderer would show as escaped tags.
service.addRule('bylineTable', {
  filter: 'table',
  replacement (content, node) {
    const table = el(node)
    if (layoutOnly(table)) return `\n\n${content}\n\n`
    const rows = content.replace(/\n+/g, '\n').trim()
    const columns = Math.max(...Array.from(table.getElementsByTagName('tr')).map((tr) => tr.children.length))
    const header = /^\| :?-{3}/m.test(rows.split('\n')[1] ?? '')
      ? ''
      : `|${'     |'.repeat(columns)}\n|${' --- |'.repeat(columns)}\n`
    return `\n\n${header}${rows}\n\n`
  }
})
service.addRule('bylineTableCell', {
  filter: ['th', 'td'],
  replacement (content, node) {
    const cell = el(node)
    if (layoutOnly(enclosingTable(cell))) return `\n\n${content}\n\n`
    const first = cell.parentNode?.children[0] === cell
    let text = content.replace(/\s*\n+\s*/g, ' ').trim().replace(/\|/g, '\\|').padEnd(3, ' ')
    const span = Number(cell.getAttribute('colspan') ?? 1)
    for (let i = 1; i < span && i < 100; i++) text += ' |    '
    return `${first ? '| ' : ' '}${text} |`
  }
})
service.addRule('bylineHeading', {
  filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  replacement: (content, node) => {
    const text = content.replace(/\s*\n+\s*/g, ' ').trim()
    return text ? `\n\n${'#'.repeat(Number(el(node).nodeName[1]))} ${text}\n\n` : ''
  }
})
// Every <pre> is a fence, with or without <code>; the language is cut to what an info string may hold.
service.addRule('bylinePre', {
  filter: 'pre',
  replacement (_content, node) {
    const pre = el(node)
    const code = pre.firstChild?.nodeName === 'CODE' ? el(pre.firstChild) : pre
    const language = /language-([\w+#-]+)/.exec(code.getAttribute('class') ?? '')?.[1] ?? ''
    return fenced(code.textContent ?? '', language)
  }
})
service.addRule('bylineSummary', {
  filter: (node) => el(node).nodeName === 'SUMMARY',
  replacement: (content) => content.trim() ? `\n\n**${content.trim()}**\n\n` : ''
})
/** body.ts puts one of these where each image goes, carrying its Markdown. */
export const IMAGE_MARKER = 'byline-image'
service.addRule('bylineImage', {
  filter: (node) => el(node).nodeName === 'BYLINE-IMAGE',
  replacement: (_content, node) => `\n\n${el(node).getAttribute('data-markdown') ?? ''}\n\n`
})

/** Collapses runs of blank lines and turns no-break spaces into spaces, outside fenced code. */
function tidy (markdown: string): string {
  const out: string[] = []
  let fence: string | null = null
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === null && marker !== undefined) fence = marker
    else if (fence !== null && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null
    else if (fence === null) {
      const text = line.replace(/\u00a0/g, ' ')
      if (text.trim() !== '') {
        // Turndown writes "> " on a quote's blank lines.
        out.push(/^[>\s]+$/.test(text) ? text.trimEnd() : text)
        continue
      }
      // A blank line ends a block: a hard break (two trailing spaces) before it breaks nothing.
      if (out.length > 0 && out[out.length - 1] !== '') out.push(out.pop()!.trimEnd(), '')
      continue
    }
    out.push(line)
  }
  return out.join('\n').trim()
}

const MARKED_INLINE = 'a, strong, b, em, i, code, del, s, strike'
function hasBlock (node: DomNode): boolean {
  if (node.nodeType !== ELEMENT) return false
  if (BLOCK_ELEMENTS.has(node.nodeName)) return true
  for (const child of node.childNodes) if (hasBlock(child)) return true
  return false
}

/** Wraps each run of inline content under `into` in a copy of `inline`, going down into blocks. */
function distribute (inline: DomElement, into: DomNode): void {
  let run: DomElement | null = null
  for (const child of Array.from(into.childNodes)) {
    if (hasBlock(child)) {
      run = null
      distribute(inline, child)
    } else if (run === null && child.nodeType === TEXT && (child.nodeValue ?? '').trim() === '') {
      // Space between blocks is no content to format (and would become an empty link).
    } else if (run === null) {
      run = inline.cloneNode(false) as DomElement
      replaceNode(child, run)
      run.appendChild(child)
    } else run.appendChild(child)
  }
}

/**
 * An unclosed <strong>, or a link around a card of blocks, wraps block elements; turndown would
 * put the markers around whole paragraphs (stray "**", broken links). The formatting moves into
 * each block instead, as a browser shows it. Deepest first, so each sees only blocks.
 */
export function pushInlineIntoBlocks (body: DomElement): void {
  for (const inline of Array.from(body.querySelectorAll(MARKED_INLINE)).reverse()) {
    if (!hasBlock(inline)) continue
    distribute(inline, inline)
    unwrap(inline)
  }
}

/** The body of a prepared document as Markdown. */
export function domToMarkdown (body: DomElement): string {
  return tidy(service.turndown(body as unknown as TurndownService.Node))
}
