/**
 * Sitemap XML: the sitemaps.org 0.9 index and urlset, and Google's News sitemap.
 * Pure functions of absolute URLs and times; xmlbuilder2 does the escaping.
 */
import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'

export interface NewsItem { loc: string, publication: string, language: string, publishedAt: number, title: string }
export interface Located { loc: string, lastModified: number }

/** W3C Datetime to the second, in UTC: what sitemaps and Google News expect. */
export function w3cDate (ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/**
 * Google News wants an ISO 639 code, except zh-cn and zh-tw for Chinese; the region or
 * script of any other tag is dropped (en-GB → en).
 */
export function newsLanguage (tag: string): string {
  const [language = '', ...rest] = tag.toLowerCase().split('-')
  if (language !== 'zh') return language
  return rest.some((part) => ['tw', 'hk', 'mo', 'hant'].includes(part)) ? 'zh-tw' : 'zh-cn'
}

/**
 * Editorial text may hold characters XML 1.0 cannot carry (control characters, lone
 * surrogates): they are dropped rather than failing the request. Checking for them
 * costs 40 % of building a month's urlset, whose text is only URLs made of slugs and
 * validated configuration, and dates; so only documents with editorial text pay it.
 */
const document = (text: 'editorial' | 'urls'): XMLBuilder =>
  create({ version: '1.0', encoding: 'UTF-8', ...(text === 'editorial' ? { invalidCharReplacement: '' } : {}) })
const serialize = (doc: XMLBuilder): string => doc.end({ prettyPrint: false })

export function newsSitemap (items: NewsItem[]): string {
  const doc = document('editorial')
  const urlset = doc.ele(SITEMAP_NS, 'urlset').att('http://www.w3.org/2000/xmlns/', 'xmlns:news', NEWS_NS)
  for (const item of items) {
    const news = urlset.ele('url').ele('loc').txt(item.loc).up().ele(NEWS_NS, 'news:news')
    news.ele(NEWS_NS, 'news:publication')
      .ele(NEWS_NS, 'news:name').txt(item.publication).up()
      .ele(NEWS_NS, 'news:language').txt(newsLanguage(item.language))
    news.ele(NEWS_NS, 'news:publication_date').txt(w3cDate(item.publishedAt))
    news.ele(NEWS_NS, 'news:title').txt(item.title)
  }
  return serialize(doc)
}

export function sitemapIndex (sitemaps: Located[]): string {
  const doc = document('urls')
  const index = doc.ele(SITEMAP_NS, 'sitemapindex')
  for (const s of sitemaps) index.ele('sitemap').ele('loc').txt(s.loc).up().ele('lastmod').txt(w3cDate(s.lastModified))
  return serialize(doc)
}

export function urlSet (urls: Located[]): string {
  const doc = document('urls')
  const urlset = doc.ele(SITEMAP_NS, 'urlset')
  for (const u of urls) urlset.ele('url').ele('loc').txt(u.loc).up().ele('lastmod').txt(w3cDate(u.lastModified))
  return serialize(doc)
}
