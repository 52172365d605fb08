/**
 * Sitemap XML: the sitemaps.org 0.9 index and urlset, and Google's News sitemap.
 * Pure functions of absolute URLs and times, built with the feeds' XML helpers.
 */
import { child, serialize, xmlDocument } from './xml.js'

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'

export interface NewsItem { loc: string, publication: string, language: string, publishedAt: number, title: string }
export interface Located { loc: string, lastModified: number }

/** W3C Datetime to the second, in UTC: what sitemaps and Google News expect. */
export function w3cDate (ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/**
 * Google News wants an ISO 639 code, except zh-cn and zh-tw for Chinese (Traditional:
 * Hant, or Taiwan, Hong Kong, Macau; otherwise Simplified); the region or script of
 * any other tag is dropped (en-GB → en).
 */
export function newsLanguage (tag: string): string {
  const [language, ...rest] = tag.toLowerCase().split('-') as [string, ...string[]]
  if (language !== 'zh') return language
  return rest.some((part) => ['tw', 'hk', 'mo', 'hant'].includes(part)) ? 'zh-tw' : 'zh-cn'
}

export function newsSitemap (items: NewsItem[]): string {
  const doc = xmlDocument('editorial')
  const urlset = child(doc, 'urlset', { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS })
  for (const item of items) {
    const url = child(urlset, 'url')
    child(url, 'loc', {}, item.loc)
    const news = child(url, 'news:news')
    const publication = child(news, 'news:publication')
    child(publication, 'news:name', {}, item.publication)
    child(publication, 'news:language', {}, newsLanguage(item.language))
    child(news, 'news:publication_date', {}, w3cDate(item.publishedAt))
    child(news, 'news:title', {}, item.title)
  }
  return serialize(doc)
}

export function sitemapIndex (sitemaps: Located[]): string {
  const doc = xmlDocument('urls')
  const index = child(doc, 'sitemapindex', { xmlns: SITEMAP_NS })
  for (const s of sitemaps) {
    const sitemap = child(index, 'sitemap')
    child(sitemap, 'loc', {}, s.loc)
    child(sitemap, 'lastmod', {}, w3cDate(s.lastModified))
  }
  return serialize(doc)
}

export function urlSet (urls: Located[]): string {
  const doc = xmlDocument('urls')
  const urlset = child(doc, 'urlset', { xmlns: SITEMAP_NS })
  for (const u of urls) {
    const url = child(urlset, 'url')
    child(url, 'loc', {}, u.loc)
    child(url, 'lastmod', {}, w3cDate(u.lastModified))
  }
  return serialize(doc)
}
