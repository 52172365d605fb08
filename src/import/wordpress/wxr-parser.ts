/**
 * The WXR reader's state machine over saxes's events (src/import/wordpress/wxr-reader.ts
 * feeds it chunks and takes the items): which element is what, the values collected for
 * the channel, its authors and terms and each item, and every refusal with its line.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes'
import type { WxrAuthor, WxrChannel, WxrItem, WxrItemTerm, WxrMeta, WxrTerm } from './types.js'
import {
  type Fields, fieldKey, nsKind, own, problem, setFirst, toAuthor, toItem, toItemTerm, toTerm, UNTRIMMED, WXR_VERSIONS, wpNamespaceVersion, WxrError
} from './wxr-fields.js'

/** The encoding an XML declaration at the start of these bytes names, if any. */
function declaredEncoding (bytes: Uint8Array): string | undefined {
  const probe = new SaxesParser()
  let encoding: string | undefined
  probe.on('xmldecl', decl => { encoding = decl.encoding })
  probe.on('error', () => {})
  // The declaration is ASCII; latin1 maps bytes to characters one to one.
  probe.write(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))
  return encoding
}

/** What an open element is to the reader; 'leaf' collects text, 'skip' ignores a subtree. */
type Ctx = 'rss' | 'channel' | 'author' | 'term' | 'item' | 'postmeta' | 'leaf' | 'skip'

interface Frame { ctx: Ctx, key: string, name: string, uri: string, line: number, column: number }

export class WxrParser {
  bytesRead = 0
  private items: WxrItem[] = []
  private readonly sax = new SaxesParser({ xmlns: true, position: true })
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })
  private readonly maxValueBytes: number
  private readonly stack: Frame[] = []
  private readonly channelFields: Fields = new Map()
  private readonly authors: WxrAuthor[] = []
  private readonly terms: WxrTerm[] = []
  /** The open author, term or item (they never nest). */
  private record: Fields = new Map()
  private metaFields: Fields = new Map()
  private itemTerms: WxrItemTerm[] = []
  private itemMeta: WxrMeta[] = []
  private categoryAttrs: [string | undefined, string | undefined] = [undefined, undefined]
  private pieces: string[] = []
  private pieceBytes = 0
  private version = ''
  private namespace = ''
  private sawChannel = false
  private tagLine = 1
  private tagColumn = 0
  private lastClosed: Frame | undefined
  private endsWithNewline = false
  /** Set once the input is over: errors then point at the file's last line. */
  private lastLine: number | undefined
  // saxes holds a text or attribute whole until it ends, so the limit counts what was
  // fed since the last event it raised, in characters fed and bytes since.
  private charsFed = 0
  private sinceEvent = 0
  private eventSeen = false
  private eventPos = 0
  private eventLine = 1

  constructor (maxValueBytes: number) {
    this.maxValueBytes = maxValueBytes
    const sax = this.sax
    const mark = (): void => {
      this.eventSeen = true
      this.eventPos = sax.position
      this.eventLine = sax.line
    }
    // Six handlers at most: in saxes 6 a seventh is the parser's 53rd property, which
    // turns it into a dictionary-mode object in V8 and makes the whole parse three times
    // slower. So no 'error' handler (saxes then throws, and parse() translates) and no
    // 'xmldecl' (the declaration is read off sax.xmlDecl at the root).
    sax.on('doctype', text => this.refuseDoctype(text))
    sax.on('opentagstart', () => { mark(); this.tagLine = sax.line; this.tagColumn = sax.column })
    sax.on('opentag', tag => { mark(); this.open(tag) })
    sax.on('closetag', () => { mark(); this.close() })
    sax.on('text', text => { mark(); this.append(text) })
    sax.on('cdata', text => { mark(); this.append(text) })
  }

  feed (bytes: Uint8Array): void {
    this.bytesRead += bytes.length
    this.write(this.decode(bytes, true), bytes.length)
  }

  take (): WxrItem[] {
    const items = this.items
    this.items = []
    return items
  }

  end (): void {
    this.write(this.decode(new Uint8Array(0), false), 0)
    // The line the file's last character is on (saxes has counted past a final newline).
    const line = this.lastLine = this.sax.line - (this.endsWithNewline ? 1 : 0)
    const open = this.stack.find(f => f.ctx === 'item') ??
      this.stack.findLast(f => f.ctx !== 'leaf' && f.ctx !== 'skip') ?? this.stack.at(-1)
    if (open !== undefined) {
      throw new WxrError(line, this.sax.column, problem.truncated(open.name, open.line))
    }
    this.parse(null)
    this.requireVersion(line, 0)
  }

  channel (): WxrChannel {
    const f = this.channelFields
    return {
      title: f.get('title') ?? '',
      link: f.get('link') ?? '',
      description: f.get('description') ?? '',
      language: f.get('language') ?? '',
      wxrVersion: this.version,
      namespace: this.namespace,
      baseSiteUrl: f.get('wp:base_site_url') ?? '',
      baseBlogUrl: f.get('wp:base_blog_url') ?? '',
      authors: this.authors,
      terms: this.terms
    }
  }

  private decode (bytes: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream })
    } catch {
      // A file in another encoding usually says so: that makes the better message. The
      // first chunk has not reached saxes yet, so its declaration is read on the side.
      const declared = this.charsFed === 0 ? declaredEncoding(bytes) : this.sax.xmlDecl.encoding
      const wrong = declared === undefined ? null : problem.encoding(declared)
      throw wrong === null ? new WxrError(this.sax.line, this.sax.column, problem.notUtf8) : new WxrError(1, 0, wrong)
    }
  }

  private write (text: string, byteCount: number): void {
    this.eventSeen = false
    if (text !== '') {
      this.parse(text)
      this.endsWithNewline = text.endsWith('\n') || text.endsWith('\r')
    }
    this.sinceEvent = this.eventSeen
      ? Buffer.byteLength(text.slice(Math.max(0, this.eventPos - this.charsFed)))
      : this.sinceEvent + byteCount
    this.charsFed += text.length
    if (this.sinceEvent > this.maxValueBytes) throw this.tooLarge(this.eventLine, 0)
  }

  private parse (text: string | null): void {
    try {
      this.sax.write(text)
    } catch (err) {
      // saxes's own errors are plain Errors whose message starts "line:column: ".
      if (err instanceof Error && err.constructor === Error && /^\d+:\d+: /.test(err.message)) throw this.fromSaxes(err)
      throw err
    }
  }

  private open (tag: SaxesTagNS): void {
    const parent = this.stack.at(-1)
    const kind = nsKind(tag.uri)
    const key = kind === null ? '' : fieldKey(kind, tag.local)
    let ctx: Ctx
    if (parent === undefined) {
      if (tag.local !== 'rss') throw new WxrError(this.tagLine, this.tagColumn, problem.rootIs(tag.name))
      const wrong = problem.encoding(this.sax.xmlDecl.encoding ?? 'UTF-8')
      if (wrong !== null) throw new WxrError(1, 0, wrong)
      ctx = 'rss'
    } else {
      if (parent.ctx === 'channel' && tag.local === 'wxr_version' && kind !== 'wp') {
        throw new WxrError(this.tagLine, this.tagColumn, problem.foreignVersion(tag.name, tag.uri))
      }
      ctx = key === '' ? 'skip' : this.childCtx(parent.ctx, key, tag)
    }
    if (ctx === 'leaf') {
      this.pieces = []
      this.pieceBytes = 0
    }
    this.stack.push({ ctx, key, name: tag.name, uri: tag.uri, line: this.tagLine, column: this.tagColumn })
  }

  private childCtx (parent: Ctx, key: string, tag: SaxesTagNS): Ctx {
    switch (parent) {
      case 'rss':
        if (key !== 'channel') return 'skip'
        this.sawChannel = true
        return 'channel'
      case 'channel':
        if (key === 'item') {
          this.requireVersion(this.tagLine, this.tagColumn)
          this.record = new Map()
          this.itemTerms = []
          this.itemMeta = []
          return 'item'
        }
        if (key === 'wp:author' || key === 'wp:category' || key === 'wp:tag' || key === 'wp:term') {
          this.record = new Map()
          return key === 'wp:author' ? 'author' : 'term'
        }
        return 'leaf'
      case 'item':
        // Comments are not imported, and their commentmeta must not pass for postmeta.
        if (key === 'wp:comment') return 'skip'
        if (key === 'wp:postmeta') {
          this.metaFields = new Map()
          return 'postmeta'
        }
        if (key === 'category') this.categoryAttrs = [tag.attributes.domain?.value, tag.attributes.nicename?.value].map((v) => v === undefined ? v : own(v)) as [string | undefined, string | undefined]
        return 'leaf'
      case 'author': case 'term': case 'postmeta':
        return 'leaf'
      default:
        return 'skip'
    }
  }

  private close (): void {
    const frame = this.stack.pop()
    if (frame === undefined) return
    this.lastClosed = frame
    switch (frame.ctx) {
      case 'leaf': this.closeLeaf(frame); break
      case 'author': this.authors.push(toAuthor(this.record)); break
      case 'term': this.terms.push(toTerm(frame.key, this.record)); break
      case 'postmeta':
        this.itemMeta.push({ key: this.metaFields.get('wp:meta_key') ?? '', value: this.metaFields.get('wp:meta_value') ?? '' })
        break
      case 'item': this.items.push(toItem(frame.line, this.record, this.itemTerms, this.itemMeta)); break
      case 'rss':
        if (!this.sawChannel) throw new WxrError(frame.line, frame.column, problem.noChannel(frame.name))
    }
  }

  private closeLeaf (frame: Frame): void {
    const joined = this.pieces.length === 1 ? this.pieces[0] ?? '' : this.pieces.join('')
    const value = own(UNTRIMMED.has(frame.key) ? joined : joined.trim())
    this.pieces = []
    const parent = this.stack.at(-1)?.ctx
    if (parent === 'channel') {
      setFirst(this.channelFields, frame.key, value)
      if (frame.key === 'wp:wxr_version') this.acceptVersion(value, frame)
    } else if (parent === 'postmeta') {
      setFirst(this.metaFields, frame.key, value)
    } else if (parent === 'item' && frame.key === 'category') {
      this.itemTerms.push(toItemTerm(this.categoryAttrs[0], this.categoryAttrs[1], value))
    } else {
      setFirst(this.record, frame.key, value)
    }
  }

  private append (text: string): void {
    const top = this.stack.at(-1)
    if (top?.ctx !== 'leaf') return
    // Many CDATA sections in one element would each pass saxes's limit and add up here.
    this.pieceBytes += Buffer.byteLength(text)
    if (this.pieceBytes > this.maxValueBytes) throw this.tooLarge(top.line, top.column)
    this.pieces.push(text)
  }

  private acceptVersion (value: string, frame: Frame): void {
    if (!WXR_VERSIONS.includes(value)) throw new WxrError(frame.line, frame.column, problem.unknownVersion(value))
    if (!WXR_VERSIONS.includes(wpNamespaceVersion(frame.uri))) throw new WxrError(frame.line, frame.column, problem.unknownNamespace(frame.uri))
    if (this.version === '') {
      this.version = value
      this.namespace = frame.uri
    }
  }

  private requireVersion (line: number, column: number): void {
    if (this.version === '') throw new WxrError(line, column, problem.noVersion)
  }

  private refuseDoctype (text: string): never {
    // saxes raises this at the closing '>'; the declaration began as many lines up as it spans.
    throw new WxrError(this.sax.line - (text.split('\n').length - 1), 0, problem.doctype(text))
  }

  private tooLarge (line: number, column: number): WxrError {
    return new WxrError(line, column, problem.tooLarge(this.maxValueBytes))
  }

  private fromSaxes (err: Error): WxrError {
    const said = err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')
    return new WxrError(this.lastLine ?? this.sax.line, this.sax.column, problem.saxes(said, this.lastClosed))
  }
}
