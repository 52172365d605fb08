/** Two independent feed parsers from npm, as feed readers would read Byline's feeds. */
import { Readable } from 'node:stream'
import FeedParser from 'feedparser'
import Parser from 'rss-parser'

const rssParser = new Parser({ customFields: { item: [['dc:creator', 'creators', { keepArray: true }], 'itunes:duration', 'media:content', ['author', 'atomAuthors', { keepArray: true }]] } })

/** rss-parser (xml2js underneath). */
export async function parseWithRssParser (xml: string) {
  return rssParser.parseString(xml) as Promise<Parser.Output<Record<string, any>>>
}

/** feedparser (sax underneath); resolves with the feed's meta and its items. */
export async function parseWithFeedParser (xml: string): Promise<{ meta: FeedParser.Meta, items: FeedParser.Item[] }> {
  const items: FeedParser.Item[] = []
  let meta: FeedParser.Meta | undefined
  await new Promise<void>((resolve, reject) => {
    const parser = new FeedParser({})
    parser.on('error', reject)
    parser.on('meta', (m: FeedParser.Meta) => { meta = m })
    parser.on('readable', () => {
      let item: FeedParser.Item | null
      while ((item = parser.read() as FeedParser.Item | null) !== null) items.push(item)
    })
    parser.on('end', resolve)
    Readable.from([xml]).pipe(parser)
  })
  return { meta: meta!, items }
}
