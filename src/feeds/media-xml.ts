/** Media RSS (`media:content`): pictures and episode files with their size, length and credit. */
import type { MediaType } from '../schemas/common.js'
import { child, type XMLBuilder } from './xml.js'

export const MEDIA_NS = 'http://search.yahoo.com/mrss/'

export function mediaContent (parent: XMLBuilder, media: MediaType, medium: 'image' | 'audio' | 'video'): void {
  const el = child(parent, 'media:content', {
    url: media.url,
    type: media.mimeType,
    medium,
    width: media.width,
    height: media.height,
    fileSize: media.sizeBytes,
    duration: media.durationSeconds
  })
  if (media.alt !== '') child(el, 'media:description', {}, media.alt)
  if (media.credit !== '') child(el, 'media:credit', {}, media.credit)
}
