/**
 * Small builders shared by the demo dataset files. Everything here is deterministic:
 * the same inputs always give the same media records and the same "random" choices.
 */
import type { SeedMedia } from './types.js'

export const MEDIA_BASE = 'https://media.byline.example'

/** An image in the media library; the URL is derived from the file stem. */
export function image (
  id: string,
  file: string,
  alt: string,
  caption: string,
  credit: string,
  width = 1920,
  height = 1080
): SeedMedia {
  return {
    id,
    kind: 'image',
    url: `${MEDIA_BASE}/images/${file}.jpg`,
    mimeType: 'image/jpeg',
    alt,
    caption,
    credit,
    width,
    height
  }
}

export function audio (id: string, file: string, title: string, durationSeconds: number, credit: string): SeedMedia {
  return {
    id,
    kind: 'audio',
    url: `${MEDIA_BASE}/audio/${file}.mp3`,
    mimeType: 'audio/mpeg',
    alt: title,
    caption: `Full episode: ${title}`,
    credit,
    durationSeconds,
    // 128 kbit/s constant bit rate MP3
    sizeBytes: durationSeconds * 16000
  }
}

export function video (id: string, file: string, title: string, durationSeconds: number, credit: string): SeedMedia {
  return {
    id,
    kind: 'video',
    url: `${MEDIA_BASE}/video/${file}.mp4`,
    mimeType: 'video/mp4',
    alt: title,
    caption: `Video: ${title}`,
    credit,
    width: 1920,
    height: 1080,
    durationSeconds,
    // roughly 6 Mbit/s
    sizeBytes: durationSeconds * 750000
  }
}

/** mulberry32: a tiny seeded PRNG, so generated content is identical on every run. */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Deterministic pick from a non-empty list. */
export function pick<T> (rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)]
  if (item === undefined) throw new Error('pick() from an empty list')
  return item
}

/** Lower-case hyphenated slug of a title (ASCII only; accents and symbols dropped). */
export function slugify (text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 160)
    .replace(/-+$/g, '')
}

/** An RFC 3339 UTC timestamp `days` days after a YYYY-MM-DD date, at hh:mm. */
export function stamp (date: string, days = 0, hour = 14, minute = 0): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86400000 + hour * 3600000 + minute * 60000
  return new Date(t).toISOString().replace('.000Z', 'Z')
}
