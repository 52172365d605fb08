/** XML text comes out exactly as written, entity-like sequences included. */
import t from 'tap'
import { XMLParser } from 'fast-xml-parser'
import { newsSitemap } from '../../src/feeds/sitemap.js'
import { child, serialize, xmlDocument } from '../../src/feeds/xml.js'

const parser = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: false })

t.test('text and attributes keep "&amp;", "&lt;" and "&#39;" as literal characters', async (t) => {
  const tricky = 'Tom &amp; Jerry &lt;script&gt; &#39;quoted&#39; & <raw> ]]> 🎬 עברית'
  const doc = xmlDocument()
  child(doc, 'root', { title: tricky }, tricky)
  const parsed = parser.parse(serialize(doc)).root
  t.equal(parsed['#text'], tricky)
  t.equal(parsed['@_title'], tricky)
})

t.test('control characters are dropped from editorial documents', async (t) => {
  const doc = xmlDocument()
  child(doc, 'root', {}, 'bell\u0007 and \ud800 lone surrogate')
  t.equal(parser.parse(serialize(doc)).root, 'bell and  lone surrogate')
})

t.test('a news sitemap title round-trips', async (t) => {
  const title = 'Fish &amp; Chips <b>review</b>'
  const xml = newsSitemap([{ loc: 'https://byline.example/articles/a?x=1&y=2', publication: 'Byline & Co', language: 'en-GB', publishedAt: Date.UTC(2026, 10, 26), title }])
  const url = parser.parse(xml).urlset.url
  t.equal(url.loc, 'https://byline.example/articles/a?x=1&y=2')
  t.equal(url['news:news']['news:title'], title)
  t.equal(url['news:news']['news:publication']['news:name'], 'Byline & Co')
  t.equal(url['news:news']['news:publication']['news:language'], 'en')
})
