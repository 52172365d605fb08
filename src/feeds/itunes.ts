/**
 * The Apple Podcasts tags (the `itunes:` namespace) of a podcast feed. Apple requires of
 * a show: title, description, language, link, itunes:image, itunes:category and
 * itunes:explicit, and wants itunes:author and itunes:owner (whose email receives the
 * code that proves ownership to a directory); of an episode: title, enclosure and guid,
 * with itunes:duration, itunes:episodeType and its own itunes:image recommended. The
 * RSS renderer writes the rest; this writes the itunes parts.
 */
import type { PodcastCategory } from '../content/podcast-categories.js'
import type { MediaType } from '../schemas/common.js'
import { child, type XMLBuilder } from './xml.js'

export const ITUNES_NS = 'http://www.itunes.com/dtds/podcast-1.0.dtd'

export interface PodcastChannel {
  author: string
  ownerName: string
  ownerEmail: string
  imageUrl: string
  categories: PodcastCategory[]
  explicit: boolean
  type: 'episodic' | 'serial'
}

export function itunesChannel (channel: XMLBuilder, podcast: PodcastChannel): void {
  child(channel, 'itunes:author', {}, podcast.author)
  const owner = child(channel, 'itunes:owner')
  child(owner, 'itunes:name', {}, podcast.ownerName)
  child(owner, 'itunes:email', {}, podcast.ownerEmail)
  child(channel, 'itunes:image', { href: podcast.imageUrl })
  for (const { text, sub } of podcast.categories) {
    const category = child(channel, 'itunes:category', { text })
    if (sub !== null) child(category, 'itunes:category', { text: sub })
  }
  child(channel, 'itunes:explicit', {}, String(podcast.explicit))
  child(channel, 'itunes:type', {}, podcast.type)
}

/**
 * Episode art must meet the show art's rules (a square JPEG or PNG, 1400 to 3000 px a
 * side); a hero picture that does not is left out, and apps show the show's art instead.
 */
export function isPodcastArtwork (image: MediaType): boolean {
  return image.width !== null && image.width === image.height && image.width >= 1400 && image.width <= 3000 &&
    ['image/jpeg', 'image/png'].includes(image.mimeType) && /\.(jpe?g|png)$/i.test(new URL(image.url).pathname)
}

export function itunesEpisode (item: XMLBuilder, heroImage: MediaType | null): void {
  child(item, 'itunes:episodeType', {}, 'full')
  if (heroImage !== null && isPodcastArtwork(heroImage)) child(item, 'itunes:image', { href: heroImage.url })
}
