import { serialize } from 'php-serialize'
import t from 'tap'
import { unserializePhp } from '../../src/import/wordpress/php-serialized.js'

/** What an export does to a value written on a site that stored \r\n: XML parsing leaves \n, the counts stay. */
const xmlNormalized = (value: string) => value.replace(/\r\n?/g, '\n')

t.test('plain PHP values become plain JS', async (t) => {
  t.same(unserializePhp('a:0:{}'), [], 'an empty array')
  t.equal(unserializePhp('b:1;'), true)
  t.equal(unserializePhp('b:0;'), false)
  t.equal(unserializePhp('N;'), null)
  t.equal(unserializePhp('i:-42;'), -42)
  t.equal(unserializePhp('s:0:"";'), '')
  t.equal(unserializePhp('d:9.300000000000000710542735760100185871124267578125;'), 9.3, 'a long float is the double it names')
  t.equal(unserializePhp('d:5;'), 5, 'PHP ≥ 7.1 writes a whole float without a point')
  t.equal(unserializePhp('d:1.0E+25;'), 1e25)
  t.equal(unserializePhp('d:1E+25;'), 1e25, 'an exponent without a point')
  t.equal(unserializePhp('i:99999999999999999999;'), '99999999999999999999', 'an integer past 2^53 stays exact, as a string')
  t.same(unserializePhp('a:2:{i:0;s:5:"Price";i:1;s:7:"Quality";}'), ['Price', 'Quality'], 'keys 0, 1 … are a JS array')
  t.same(unserializePhp('a:2:{i:0;s:1:"a";i:2;s:1:"b";}'), { 0: 'a', 2: 'b' }, 'gaps make an object')
  t.same(unserializePhp('a:2:{i:1;s:1:"a";i:0;s:1:"b";}'), { 1: 'a', 0: 'b' }, 'keys out of order make an object')
  t.same(unserializePhp('a:2:{s:5:"title";s:5:"Story";s:4:"star";d:4.5;}'), { title: 'Story', star: 4.5 })
  t.same(unserializePhp('a:1:{i:0;a:3:{s:1:"a";a:0:{}s:1:"b";N;s:1:"c";b:1;}}'), [{ a: [], b: null, c: true }], 'nested arrays, null, booleans')
  t.same(unserializePhp('  a:0:{}\n'), [], 'surrounding whitespace from the XML is ignored')
})

t.test('WP Review sub-ratings survive \\r\\n turned into \\n', async (t) => {
  const items = [
    { wp_review_item_title: 'Story\r\nmode', wp_review_item_star: '4.5', wp_review_item_color: '' },
    { wp_review_item_title: 'Multi-\r\nplayer\r\n', wp_review_item_star: '3', wp_review_item_color: '#1e73be' }
  ]
  const damaged = xmlNormalized(serialize(items))
  t.not(damaged, serialize(items), 'the counts no longer match')
  t.same(unserializePhp(damaged), [
    { wp_review_item_title: 'Story\nmode', wp_review_item_star: '4.5', wp_review_item_color: '' },
    { wp_review_item_title: 'Multi-\nplayer\n', wp_review_item_star: '3', wp_review_item_color: '#1e73be' }
  ])
})

t.test('multi-byte UTF-8 counts in bytes; counts taken in characters are repaired', async (t) => {
  t.equal(unserializePhp('s:5:"café";'), 'café', 'é is two bytes')
  t.equal(unserializePhp('s:6:"😀ab";'), '😀ab', 'an emoji is four bytes')
  t.equal(unserializePhp('s:4:"café";'), 'café', 'a count in characters (a re-encoded site)')
  t.equal(unserializePhp('s:3:"😀ab";'), '😀ab')
  t.same(unserializePhp('a:2:{i:0;s:9:"Pokémon";i:1;s:4:"Zoë";}'), ['Pokémon', 'Zoë'], 'counts too high and too low in one array')
  const text = 'Naïve\r\nplot — “twists” 🎬'
  t.same(unserializePhp(xmlNormalized(serialize({ pros: text }))), { pros: xmlNormalized(text) })
})

t.test('a string holding `";` keeps its declared length when that lands on a `";`', async (t) => {
  t.equal(unserializePhp('s:9:"a";b";c";'), 'a";b";c')
  t.same(unserializePhp('a:2:{i:0;s:12:"He said "hi";";i:1;s:2:"ok";}'), ['He said "hi";', 'ok'])
  t.same(unserializePhp('a:1:{s:4:"desc";s:15:"x";s:3:"y";i:1;";}'), { desc: 'x";s:3:"y";i:1;' }, 'even when the inside looks like the next item')
  // Damaged and holding `";`: the end whose count is nearest the declared one wins.
  const value = 'Cons:\r\n"slow";\r\nend'
  t.same(unserializePhp(xmlNormalized(serialize([value, 'next']))), [xmlNormalized(value), 'next'])
})

t.test('objects, references and what is not serialized are refused', async (t) => {
  t.equal(unserializePhp('O:8:"stdClass":1:{s:1:"a";i:1;}'), undefined, 'an object is never instantiated')
  t.equal(unserializePhp('a:1:{i:0;O:8:"stdClass":0:{}}'), undefined, 'nor one inside an array')
  t.equal(unserializePhp('C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}'), undefined)
  t.equal(unserializePhp('a:2:{i:0;i:1;i:1;r:2;}'), undefined, 'a reference')
  for (const value of ['', 'hello', '8.5', 'a:b', '<ul><li>Good</li></ul>', 'a:2:{i:0;s:1:"a";', 's:5:"abc', 'i:1;i:2;', 'a:1:{i:0;i:1;}x', 'd:INF;', 'b:2;']) {
    t.equal(unserializePhp(value), undefined, JSON.stringify(value))
  }
})

t.test('a deep value is refused, not a stack overflow', async (t) => {
  const deep = 'a:1:{i:0;'.repeat(2000) + 'N;' + '}'.repeat(2000)
  t.equal(unserializePhp(deep), undefined)
  const fine = 'a:1:{i:0;'.repeat(50) + 'N;' + '}'.repeat(50)
  t.not(unserializePhp(fine), undefined)
})

t.test('random values round-trip through serialize, \\r\\n damage and repair', async (t) => {
  let seed = 7
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  const pieces = ['a', 'é', '😀', '\r\n', '";', '}', 'i:1;', ' ', 'Z', 's:3:"', '\n']
  const text = () => Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('')
  const value = (depth: number): unknown => {
    const pick = random()
    if (depth < 3 && pick < 0.3) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
    if (depth < 3 && pick < 0.45) return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, i) => [`k${i}${text()}`, value(depth + 1)]))
    if (pick < 0.55) return Math.floor(random() * 1000) - 500
    if (pick < 0.6) return Math.round(random() * 100) / 10
    if (pick < 0.65) return random() < 0.5
    return text()
  }
  // PHP has one array type: an empty object comes back as an empty array.
  const normalize = (v: unknown): unknown => {
    if (typeof v === 'string') return xmlNormalized(v)
    if (Array.isArray(v)) return v.map(normalize)
    if (v === null || typeof v !== 'object') return v
    return Object.keys(v).length === 0 ? [] : Object.fromEntries(Object.entries(v).map(([k, x]) => [xmlNormalized(k), normalize(x)]))
  }
  let repaired = 0
  for (let i = 0; i < 300; i++) {
    const original = value(0)
    const expected = normalize(original)
    const result = unserializePhp(xmlNormalized(serialize(original)))
    // A damaged value can be ambiguous (a key ending in `";` followed by text that reads as a
    // value); the repair must then refuse or give the original, never something else.
    if (result !== undefined) {
      t.same(result, expected, JSON.stringify(original))
      repaired++
    }
  }
  t.ok(repaired > 280, `${repaired} of 300 repaired`)
})
