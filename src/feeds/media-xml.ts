/** Media RSS (`media:content`): pictures and episode files with their size, length and credit. */
import type { MediaType } from '../schemas/common.js'
import type { XMLBuilder } from './xml.js'

export const MEDIA_NS = 'http://search.yahoo.com/mrss/'

export function mediaContent (parent: XMLBuilder, media: MediaType, medium: 'image' | 'audio' | 'video'): void {
  const attrs: Record<string, string> = { url: media.url, type: media.mimeType, medium }
  if (media.width !== null) attrs.width = String(media.width)
  if (media.height !== null) attrs.height = String(media.height)
  if (media.sizeBytes !== null) attrs.fileSize = String(media.sizeBytes)
  if (media.durationSeconds !== null) attrs.duration = String(media.durationSeconds)
  const el = parent.ele('media:content', attrs)
  if (media.alt !== '') el.ele('media:description').txt(media.alt)
  if (media.credit !== '') el.ele('media:credit').txt(media.credit)
}
