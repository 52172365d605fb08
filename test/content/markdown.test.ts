import t from 'tap'
import { mediaRefs, renderMarkdown } from '../../src/content/markdown.js'
import type { MediaType } from '../../src/schemas/common.js'

const image: MediaType = {
  id: 'med-1',
  kind: 'image',
  url: 'https://media.example/a.jpg',
  mimeType: 'image/jpeg',
  alt: 'Stored alt',
  caption: 'A caption & more',
  credit: 'Studio',
  width: 1600,
  height: 900,
  durationSeconds: null,
  sizeBytes: null
}
const media = new Map([[image.id, image]])

t.test('raw HTML and script URLs in the source are not passed through', async (t) => {
  const { html } = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))', media)
  t.notMatch(html, /<script/i)
  t.notMatch(html, /<img src=x/i)
  t.notMatch(html, /href="javascript:/i)
  t.match(html, /&lt;script&gt;/)
})

t.test('a lone media image becomes a figure with caption and credit', async (t) => {
  const { html, mediaIds } = renderMarkdown('Intro.\n\n![Her (2013) Review 4](media:med-1)\n\nOutro.', media)
  t.match(html, '<figure><img src="https://media.example/a.jpg" alt="Her (2013) Review 4" width="1600" height="900" loading="lazy">')
  t.match(html, '<figcaption>A caption &amp; more <span class="credit">Studio</span></figcaption></figure>')
  t.notMatch(html, /<p><figure>/)
  t.same(mediaIds, ['med-1'])
  t.same(mediaRefs('![a](media:med-1) ![b](https://x/y.png)'), ['med-1'])
})

t.test('unknown media references are an error, not a broken image', async (t) => {
  t.throws(() => renderMarkdown('![x](media:missing)', media), { name: 'MarkdownError' })
})

t.test('plain text and reading time', async (t) => {
  const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ')
  const r = renderMarkdown(`## Title\n\nSome *emphasis* and \`code\`.\n\n${words}`, media)
  t.equal(r.text.split('\n\n')[0], 'Title')
  t.equal(r.text.split('\n\n')[1], 'Some emphasis and code.')
  t.equal(r.readingTimeMinutes, 4, '705 words at 230 wpm')
  t.equal(renderMarkdown('short', media).readingTimeMinutes, 1)
})

t.test('media: is for images only; as a link it leaves plain text', async (t) => {
  const media = new Map([['m1', { id: 'm1', kind: 'image' as const, url: 'https://cdn.example/a.jpg', mimeType: 'image/jpeg', alt: 'A', caption: '', credit: '', width: null, height: null, durationSeconds: null, sizeBytes: null }]])
  const out = renderMarkdown('See [the photo](media:m1) and [this](media:javascript:alert(1)) or [home](https://byline.example).', media)
  t.notMatch(out.html, /media:/)
  t.match(out.html, /See the photo and this or <a href="https:\/\/byline.example">home<\/a>\./)
})

t.test('an alt text keeps what the Markdown escaped in it', async (t) => {
  const { html } = renderMarkdown('![Tom \\& Jerry \\[1\\] &amp; `code`](media:med-1)', media)
  t.match(html, 'alt="Tom &amp; Jerry [1] &amp; code"')
})
