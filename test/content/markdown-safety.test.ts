/**
 * Hostile Markdown must come out as inert HTML: only the tags and attributes the renderer
 * legitimately emits, no script-capable URLs, and raw HTML escaped (visible) rather than
 * dropped. `text` is plain text: it keeps what the author typed, `<` included, and whoever
 * puts it into HTML escapes it, so it is checked for leaks of rendered markup, not for `<`.
 */
import t from 'tap'
import { mediaRefs, renderMarkdown } from '../../src/content/markdown.js'
import type { MediaType } from '../../src/schemas/common.js'

const TAGS = new Set([
  'p', 'em', 'strong', 'a', 'img', 'figure', 'figcaption', 'span', 'ul', 'ol', 'li', 'blockquote',
  'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'br', 's',
  'table', 'thead', 'tbody', 'tr', 'th', 'td'
])
const ATTRS = new Set(['href', 'src', 'alt', 'title', 'width', 'height', 'loading', 'class', 'start', 'style'])
// markdown-it's only style attribute: table column alignment.
const SAFE_STYLE = /^text-align:(left|right|center)$/
// markdown-it's validator lets these raster data: URLs through (links and images); nothing else.
const SAFE_DATA = /^data:image\/(gif|png|jpeg|webp);/
const BAD_SCHEME = /^(javascript|vbscript|data|file):/

interface Tag { raw: string, name: string, attrs: Array<[string, string]> }

// The input is markdown-it's own output, where text `<` is always `&lt;` and attribute
// values are double-quoted with `"` escaped, so a regex can read every tag exactly.
const TAG_RE = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/g
const ATTR_RE = /\s+([a-z-]+)="([^"<>]*)"/g

function scanTags (html: string): Tag[] {
  const tags: Tag[] = []
  for (const m of html.matchAll(TAG_RE)) {
    tags.push({ raw: m[0], name: m[2]!, attrs: [...m[3]!.matchAll(ATTR_RE)].map((a) => [a[1]!, a[2]!]) })
  }
  return tags
}

function decodeEntities (value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole
    }
    const named: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: '\'', tab: '\t', newline: '\n', colon: ':' }
    return named[ref.toLowerCase()] ?? whole
  })
}

/** What a browser would read the URL's scheme from. */
function urlForScheme (value: string): string {
  // eslint-disable-next-line no-control-regex -- as a browser reads a URL: control characters dropped
  return decodeEntities(value).replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase()
}

/** Every way the rendered HTML could be unsafe, as messages; empty when it is inert. */
function problems (html: string): string[] {
  const found: string[] = []
  const tags = scanTags(html)
  const lessThans = html.split('<').length - 1
  if (lessThans !== tags.length) found.push(`${lessThans - tags.length} "<" outside a recognised tag`)
  if (/<\/?(script|iframe|svg|style|object|embed|form|input|math|base|meta|link)\b/i.test(html)) found.push('dangerous element')
  for (const tag of tags) {
    if (!TAGS.has(tag.name)) found.push(`tag <${tag.name}>`)
    // Values blanked first: an escaped `onmouseover=` inside a title is inert text.
    const skeleton = tag.raw.replace(/"[^"]*"/g, '""')
    if (/\son[a-z]+\s*=/i.test(skeleton)) found.push(`event handler in ${tag.raw}`)
    for (const [name, value] of tag.attrs) {
      if (!ATTRS.has(name)) found.push(`attribute ${name} on <${tag.name}>`)
      if (name === 'style' && !SAFE_STYLE.test(value)) found.push(`style="${value}"`)
      if (name === 'href' || name === 'src') {
        const url = urlForScheme(value)
        if (BAD_SCHEME.test(url) && !SAFE_DATA.test(url)) found.push(`${name}="${value}"`)
      }
    }
  }
  return found
}

const hostile: MediaType = {
  id: 'med-evil',
  kind: 'image',
  url: 'https://media.example/a.jpg?x="><script>alert(1)</script>',
  mimeType: 'image/jpeg',
  alt: '"><script>alert("alt")</script>',
  caption: '"><script>alert("caption")</script><img src=x onerror=alert(1)>',
  credit: '\' onmouseover=\'alert(1)',
  width: 10,
  height: 20,
  durationSeconds: null,
  sizeBytes: null
}
const media = new Map([[hostile.id, hostile]])

// [markdown, text the HTML must still show escaped (checked verbatim), if any]
const cases: Array<[string, string?]> = [
  ['Hello <script>alert(1)</script> world', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['<script>\nalert(1)\n</script>', '&lt;script&gt;'],
  ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
  ['<iframe src="https://evil.example"></iframe>', '&lt;iframe src='],
  ['<svg onload=alert(1)><circle r=1 /></svg>', '&lt;svg onload=alert(1)&gt;'],
  ['<!-- hidden --> visible', '&lt;!-- hidden --&gt;'],
  ['<a href="javascript:alert(1)">click</a>', '&lt;a href=“javascript:alert(1)”&gt;click&lt;/a&gt;'],
  ['<p style="background:url(javascript:alert(1))">styled</p>', '&lt;p style='],
  ['<style>body { display: none }</style>', '&lt;style&gt;'],
  ['<form action="https://evil.example"><input name="password"></form>', '&lt;form action='],
  ['<div\nonmouseover="alert(1)">block</div>', '&lt;div'],
  ['[click](javascript:alert(1))', '[click](javascript:alert(1))'],
  ['[click](JaVaScRiPt:alert(1))'],
  ['[click](&#106;avascript:alert(1))'],
  ['[click](&#x6A;avascript:alert(1))'],
  ['[click](&#0000106;avascript:alert(1))'],
  ['[click](javascript&colon;alert(1))'],
  ['[click](java&#x09;script:alert(1))'],
  ['[click](java&Tab;script:alert(1))'],
  ['[click](%6Aavascript:alert(1))'],
  ['[click](  javascript:alert(1))'],
  ['[click](\njavascript:alert(1))'],
  ['[click](<javascript:alert(1)>)'],
  ['[click](\u0001javascript:alert(1))'],
  ['[click](jav\u0000ascript:alert(1))'],
  ['[click](vbscript:msgbox(1))'],
  ['[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['[click](file:///etc/passwd)'],
  ['![img](javascript:alert(1))'],
  ['![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['![img](data:text/html,<script>alert(1)</script>)'],
  ['<javascript:alert(1)>', '&lt;javascript:alert(1)&gt;'],
  ['<vbscript:msgbox(1)>'],
  ['<http://a.example/" onmouseover="alert(1)>'],
  ['[click][evil]\n\n[evil]: javascript:alert(1)'],
  ['![img][evil]\n\n[evil]: javascript:alert(1) "title"'],
  ['[click][evil]\n\n[evil]: <javascript:alert(1)>'],
  ['[x](http://a "a\\" onmouseover=\\"alert(1)")'],
  ['[x](http://a \'a\\\' onmouseover=\\\'alert(1)\')'],
  ['[x](http://a onmouseover=alert(1))'],
  ['![a "quoted" <b>alt</b> \' & >](https://img.example/x.png "t\\" onerror=\\"alert(1)")'],
  ['![" onerror="alert(1)](https://img.example/x.png)'],
  ['```js" onmouseover="alert(1)\n<script>alert(1)</script>\n```', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['    <script>alert(1)</script>', '&lt;script&gt;'],
  ['`<script>alert(1)</script>`', '<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>'],
  ['javascript:alert(1) www.example.com/"onmouseover=alert(1)'],
  ['| a | b | c |\n|:-|:-:|-:|\n| <b>1</b> | [x](javascript:alert(1)) | 3 |', '&lt;b&gt;1&lt;/b&gt;'],
  ['> <script>alert(1)</script>\n> - [x](vbscript:x)', '&lt;script&gt;'],
  ['5. item <img src=x onerror=alert(1)>\n6. ~~struck~~ **bold** *em*', '&lt;img src=x'],
  ['# <script>alert(1)</script>\n\n---\n\nline  \nbreak', '&lt;script&gt;'],
  ['![](media:med-evil)'],
  ['Inline ![x" onerror="alert(1)](media:med-evil) image'],
  ['[![x](media:med-evil)](javascript:alert(1))']
]

t.test('hostile Markdown renders to inert, allowlisted HTML', async (t) => {
  t.ok(cases.length >= 25)
  for (const [source, visible] of cases) {
    const { html, text } = renderMarkdown(source, media)
    t.same(problems(html), [], JSON.stringify(source))
    if (visible !== undefined) t.ok(html.includes(visible), `${JSON.stringify(source)} stays visible as escaped text`)
    t.notMatch(text, /&(lt|gt|quot|amp);/, `${JSON.stringify(source)} text is not HTML-escaped`)
  }
})

t.test('the scanner itself catches what it is meant to catch', async (t) => {
  t.not(problems('<p><script>alert(1)</script></p>').length, 0)
  t.not(problems('<a href="&#106;avascript:alert(1)">x</a>').length, 0)
  t.not(problems('<a href="java&#x09;script:alert(1)">x</a>').length, 0)
  t.not(problems('<a href=" JAVASCRIPT:alert(1)">x</a>').length, 0)
  t.not(problems('<img src="data:text/html,x">').length, 0)
  t.not(problems('<img src="x" onerror="alert(1)">').length, 0)
  t.not(problems('<div>x</div>').length, 0)
  t.not(problems('<td style="color:red">x</td>').length, 0)
  t.not(problems('<img src=x onerror=alert(1)>').length, 0, 'an unquoted attribute is not a recognised tag')
  t.same(problems('<p><a href="https://a.example/?q=1&amp;r=2" title="t">x</a></p>'), [])
})

t.test('raw HTML is escaped in the HTML and kept verbatim in the text', async (t) => {
  const { html, text } = renderMarkdown('Before <script>alert(1)</script> after', media)
  t.equal(html, '<p>Before &lt;script&gt;alert(1)&lt;/script&gt; after</p>\n')
  t.equal(text, 'Before <script>alert(1)</script> after')

  const img = renderMarkdown('<img src=x onerror=alert(1)>', media)
  t.equal(img.html, '<p>&lt;img src=x onerror=alert(1)&gt;</p>\n')
  t.equal(img.text, '<img src=x onerror=alert(1)>', 'plain text: escaping is the consumer\'s job')

  const comment = renderMarkdown('<!-- secret --> shown', media)
  t.equal(comment.html, '<p>&lt;!-- secret --&gt; shown</p>\n', 'a comment is shown, not hidden in the page')
})

t.test('rejected links fall back to their source text, not to a link', async (t) => {
  for (const source of ['[click](javascript:alert(1))', '[click](vbscript:x)', '[click](data:text/html,x)', '![img](javascript:alert(1))']) {
    const { html, text } = renderMarkdown(source, media)
    t.notMatch(html, /<a |<img /, source)
    t.equal(text, source, `${source} shows as typed`)
  }
})

t.test('percent-encoded and control-character schemes become harmless relative URLs', async (t) => {
  t.match(renderMarkdown('[a](%6Aavascript:alert(1))', media).html, '<a href="%6Aavascript:alert(1)">')
  t.match(renderMarkdown('[a](java&#x09;script:alert(1))', media).html, '<a href="java%09script:alert(1)">')
  t.match(renderMarkdown('[a](jav\u0000ascript:x)', media).html, '<a href="jav%EF%BF%BDascript:x">')
})

t.test('data: URLs: raster images pass as markdown-it allows, everything else is refused', async (t) => {
  t.match(renderMarkdown('![a](data:image/png;base64,iVBORw0KGgo=)', media).html, '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">')
  t.match(renderMarkdown('[a](data:image/webp;base64,UklGRg==)', media).html, '<a href="data:image/webp;base64,UklGRg==">')
  for (const url of ['data:image/svg+xml;base64,PHN2Zz4=', 'data:text/html;base64,PHNjcmlwdD4=', 'data:application/javascript,alert(1)', 'DATA:text/html,x']) {
    t.notMatch(renderMarkdown(`[a](${url}) ![b](${url})`, media).html, /href=|src=/, url)
  }
})

t.test('link titles and alt text cannot break out of their attribute', async (t) => {
  t.match(renderMarkdown('[x](http://a "a\\" onmouseover=\\"alert(1)")', media).html,
    '<a href="http://a" title="a&quot; onmouseover=&quot;alert(1)">x</a>')
  t.match(renderMarkdown('![a "q" <b> \' &](https://img.example/x.png)', media).html,
    '<img src="https://img.example/x.png" alt="a &quot;q&quot; &lt;b&gt; \' &amp;">')
  t.match(renderMarkdown('```js" onmouseover="alert(1)\nx\n```', media).html,
    '<code class="language-js&quot;">', 'the fence language is cut at whitespace and escaped')
})

t.test('media alt, caption, credit and URL from the record are escaped', async (t) => {
  const { html, mediaIds } = renderMarkdown('![](media:med-evil)', media)
  t.same(mediaIds, ['med-evil'])
  t.same(mediaRefs('![](media:med-evil)'), ['med-evil'])
  t.equal(html,
    '<figure><img src="https://media.example/a.jpg?x=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' +
    ' alt="&quot;&gt;&lt;script&gt;alert(&quot;alt&quot;)&lt;/script&gt;" width="10" height="20" loading="lazy">' +
    '<figcaption>&quot;&gt;&lt;script&gt;alert(&quot;caption&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;' +
    ' <span class="credit">\' onmouseover=\'alert(1)</span></figcaption></figure>\n')
  t.same(problems(html), [])

  const inline = renderMarkdown('See ![" onerror="x](media:med-evil) here', media).html
  t.match(inline, 'alt="&quot; onerror=&quot;x"')
  t.same(problems(inline), [])
})

t.test('a media record with a script-capable URL is refused, not rendered', async (t) => {
  for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', '\u0001java\tscript:alert(1)', 'vbscript:x', 'data:text/html,<script>alert(1)</script>', 'data:image/svg+xml,<svg onload=alert(1)>']) {
    const evil = new Map([['m', { ...hostile, id: 'm', url }]])
    t.throws(() => renderMarkdown('![a](media:m)', evil), { name: 'MarkdownError' }, JSON.stringify(url))
  }
  const png = new Map([['m', { ...hostile, id: 'm', url: 'data:image/png;base64,iVBORw0KGgo=' }]])
  t.match(renderMarkdown('![a](media:m)', png).html, 'src="data:image/png;base64,iVBORw0KGgo="')
  const relative = new Map([['m', { ...hostile, id: 'm', url: '/media/a.jpg' }]])
  t.match(renderMarkdown('![a](media:m)', relative).html, 'src="/media/a.jpg"')
})
