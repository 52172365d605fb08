/**
 * The export's attachments as Byline media. WXR has only their URLs, alt text and
 * captions; a post points at them by id (`_thumbnail_id`, `wp-image-123`, `[gallery]`) or
 * by URL, often a resized copy (`photo-300x200.jpg`). Media ids are made from the site and
 * the attachment id (or the URL), so a re-run finds the same record.
 */
import { createHash } from 'node:crypto'
import type { ImportedMedia } from '../../writes/import-editor.js'
import { unserializePhp } from './php-serialized.js'
import type { BodyImage, WxrItem } from './types.js'

export interface Attachment { id: number, url: string, alt: string, caption: string, width: number | null, height: number | null }

const TYPES: Record<string, [ImportedMedia['kind'], string]> = {
  jpg: ['image', 'image/jpeg'],
  jpeg: ['image', 'image/jpeg'],
  png: ['image', 'image/png'],
  gif: ['image', 'image/gif'],
  webp: ['image', 'image/webp'],
  avif: ['image', 'image/avif'],
  svg: ['image', 'image/svg+xml'],
  mp3: ['audio', 'audio/mpeg'],
  m4a: ['audio', 'audio/mp4'],
  ogg: ['audio', 'audio/ogg'],
  wav: ['audio', 'audio/wav'],
  mp4: ['video', 'video/mp4'],
  m4v: ['video', 'video/mp4'],
  webm: ['video', 'video/webm'],
  mov: ['video', 'video/quicktime']
}

/** Kind and MIME type from a URL's extension; undefined for files Byline does not hold (a PDF, a zip). */
export function mediaType (url: string): [ImportedMedia['kind'], string] | undefined {
  let path = url
  try {
    path = new URL(url).pathname
  } catch {}
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase()
  return ext === undefined ? undefined : TYPES[ext]
}

/** The original's URL of a resized copy WordPress made (`-300x200` before the extension). */
const originalOf = (url: string) => url.replace(/-\d{2,5}x\d{2,5}(\.[a-z0-9]+)$/i, '$1')

const ALT_MAX = 1000

export class Attachments {
  readonly #byId = new Map<number, Attachment>()
  readonly #byUrl = new Map<string, number>()
  #site = ''

  /** The site the ids are made for: two sites' attachment 201 are two media. */
  keyBy (siteUrl: string): void {
    this.#site = createHash('sha256').update(siteUrl).digest('hex').slice(0, 6)
  }

  /** Reads an attachment item (pass one of the import). */
  add (item: WxrItem): void {
    if (item.attachmentUrl === '') return
    const metaOf = (key: string) => item.meta.find((m) => m.key === key)?.value ?? ''
    const sizes = unserializePhp(metaOf('_wp_attachment_metadata')) as { width?: unknown, height?: unknown } | undefined
    const dimension = (name: 'width' | 'height') => {
      const value = Number(sizes?.[name])
      return Number.isInteger(value) && value >= 1 && value <= 100_000 ? value : null
    }
    this.#byId.set(item.postId, {
      id: item.postId,
      url: item.attachmentUrl,
      alt: metaOf('_wp_attachment_image_alt').trim(),
      caption: item.excerpt.trim(),
      width: dimension('width'),
      height: dimension('height')
    })
    this.#byUrl.set(item.attachmentUrl, item.postId)
  }

  get size (): number { return this.#byId.size }

  byId (id: number): Attachment | undefined { return this.#byId.get(id) }

  /** The attachment a URL shows, resized copies included. */
  byUrl (url: string): Attachment | undefined {
    const id = this.#byUrl.get(url) ?? this.#byUrl.get(originalOf(url))
    return id === undefined ? undefined : this.#byId.get(id)
  }

  #attachmentMediaId (id: number): string { return `wp-${this.#site}-${id}` }

  /** A provisional id for the converter (one per URL in a post): imageMedia gives the record its real one. */
  imageId (url: string): string {
    return `tmp${createHash('sha256').update(url).digest('hex').slice(0, 16)}`
  }

  /**
   * The media record of an image a body places. Records are shared by every post that
   * shows the image, so a record holds only text that is the same for all of them: the
   * attachment's own alt and caption, or — where a post gives its own — a record of its own
   * (keyed by the URL and that text). A draft's caption never lands on a published story.
   */
  imageMedia (image: BodyImage): ImportedMedia {
    const attachment = this.byUrl(image.url)
    const own = attachment?.url === image.url ? attachment : undefined
    const sameText = own !== undefined && (image.alt === '' || image.alt === own.alt) && (image.caption === '' || image.caption === own.caption)
    const alt = sameText ? own.alt : image.alt
    const caption = sameText ? own.caption : image.caption
    const key = createHash('sha256').update(`${image.url}\n${alt}\n${caption}`).digest('hex').slice(0, 16)
    return {
      id: sameText ? this.#attachmentMediaId(own.id) : `wp-${this.#site}-u${key}`,
      kind: 'image',
      url: image.url,
      mimeType: mediaType(image.url)?.[1] ?? 'image/jpeg',
      alt: alt.slice(0, ALT_MAX),
      caption: caption.slice(0, ALT_MAX),
      width: image.width ?? own?.width ?? null,
      height: image.height ?? own?.height ?? null,
      sizeBytes: null
    }
  }

  attachmentMedia (attachment: Attachment): ImportedMedia | null {
    const type = mediaType(attachment.url)
    if (type === undefined) return null
    return {
      id: this.#attachmentMediaId(attachment.id),
      kind: type[0],
      url: attachment.url,
      mimeType: type[1],
      alt: attachment.alt.slice(0, ALT_MAX),
      caption: attachment.caption.slice(0, ALT_MAX),
      width: attachment.width,
      height: attachment.height,
      sizeBytes: null
    }
  }

  enclosureId (url: string): string { return `wp-${this.#site}-e${createHash('sha256').update(url).digest('hex').slice(0, 16)}` }
}

/** The featured image (`_thumbnail_id`), or null; one the export does not hold is reported. */
export function featuredImage (item: WxrItem, attachments: Attachments, notes: { unresolvedMedia: string[] }): ImportedMedia | null {
  const id = Number(item.meta.find((m) => m.key === '_thumbnail_id')?.value ?? '')
  if (!Number.isInteger(id) || id <= 0) return null
  const attachment = attachments.byId(id)
  if (attachment === undefined) {
    notes.unresolvedMedia.push(`featured image: attachment ${id} is not in the export`)
    return null
  }
  const media = attachments.attachmentMedia(attachment)
  if (media === null || media.kind !== 'image') notes.unresolvedMedia.push(`featured image: attachment ${id} (${attachment.url}) is not an image`)
  return media?.kind === 'image' ? media : null
}

/** A podcast's audio (or video) from the `enclosure` postmeta: `url\nlength\nmime`. */
export function enclosureOf (item: WxrItem, attachments: Attachments, notes: { unresolvedMedia: string[] }): ImportedMedia | null {
  const value = item.meta.find((m) => m.key === 'enclosure')?.value
  if (value === undefined) return null
  const [url = '', length = '', mime = ''] = value.split('\n').map((line) => line.trim())
  const mimeType = /^(audio|video)\/[A-Za-z0-9.+-]+$/.test(mime) ? mime : mediaType(url)?.[1]
  if (!/^https?:\/\//i.test(url) || mimeType === undefined || !/^(audio|video)\//.test(mimeType)) {
    notes.unresolvedMedia.push(`enclosure "${url}" is not an http(s) audio or video file`)
    return null
  }
  const size = Number(length)
  return {
    id: attachments.enclosureId(url),
    kind: mimeType.startsWith('audio/') ? 'audio' : 'video',
    url,
    mimeType,
    alt: '',
    caption: '',
    width: null,
    height: null,
    sizeBytes: Number.isSafeInteger(size) && size > 0 && size <= 1_099_511_627_776 ? size : null
  }
}
