import t from 'tap'
import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify, uniqueSlug } from '../../src/content/slug.js'

const SLUG_RE = new RegExp(SLUG_PATTERN)
const LONG_WORDS = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')

t.test('titles become schema-valid slugs', async (t) => {
  const cases: Array<[title: string, slug: string]> = [
    ['Her (2013) Review', 'her-2013-review'],
    ['PS VR2', 'ps-vr2'],
    ['Amélie', 'amelie'],
    ['Pokémon Scarlet & Violet', 'pokemon-scarlet-and-violet'],
    ['Crème Brûlée: Ça va?', 'creme-brulee-ca-va'],
    ['Smörgåsbord', 'smorgasbord'],
    ['Søren’s Straße', 'sorens-strasse'],
    ['Æon Flux', 'aeon-flux'],
    ['Director\'s Cut', 'directors-cut'],
    ['Director’s Cut', 'directors-cut'],
    ['Rock & Roll', 'rock-and-roll'],
    ['R&D', 'r-and-d'],
    ['C++', 'c'],
    ['C# in Depth', 'c-in-depth'],
    ['  --Leading and trailing!!--  ', 'leading-and-trailing'],
    ['...!?', ''],
    ['“Quoted” — with dashes – and…ellipsis', 'quoted-with-dashes-and-ellipsis'],
    ['Spider-Man: No Way Home', 'spider-man-no-way-home'],
    ['Blade Runner 2049', 'blade-runner-2049'],
    ['3½ Stars', '3-1-2-stars'],
    ['ＦＵＬＬ　ＷＩＤＴＨ', 'full-width'],
    ['Ｏｆｆｉｃｅ', 'office'],
    ['The Last of Us 🎮 Part II', 'the-last-of-us-part-ii'],
    ['🎬🍿', ''],
    ['千と千尋の神隠し', ''],
    ['Spirited Away (千と千尋の神隠し)', 'spirited-away'],
    ['', ''],
    ['   ', ''],
    ['UPPER lower MiXeD', 'upper-lower-mixed'],
    ['tab\tand\nnewline', 'tab-and-newline']
  ]
  for (const [title, slug] of cases) {
    const got = slugify(title)
    t.equal(got, slug, JSON.stringify(title))
    if (got !== '') t.match(got, SLUG_RE, `${JSON.stringify(title)} matches SLUG_PATTERN`)
  }
})

t.test('long titles are cut to the limit at a word boundary', async (t) => {
  const slug = slugify(LONG_WORDS)
  t.ok(slug.length <= SLUG_MAX_LENGTH, `${slug.length} ≤ ${SLUG_MAX_LENGTH}`)
  t.match(slug, SLUG_RE)
  t.ok(LONG_WORDS.replace(/ /g, '-').startsWith(`${slug}-`), 'ends on a whole word')
  t.ok(slug.length > SLUG_MAX_LENGTH - 'word39'.length - 1, 'keeps as many words as fit')

  const exact = `${'a'.repeat(SLUG_MAX_LENGTH)} tail`
  t.equal(slugify(exact), 'a'.repeat(SLUG_MAX_LENGTH), 'a dash right at the limit is a clean cut')

  const oneWord = 'x'.repeat(300)
  t.equal(slugify(oneWord), 'x'.repeat(SLUG_MAX_LENGTH), 'a single over-long word is clipped')

  const shortThenHuge = `a ${'y'.repeat(300)}`
  const clipped = slugify(shortThenHuge)
  t.equal(clipped.length, SLUG_MAX_LENGTH, 'does not fall back to a boundary that loses most of the title')
  t.match(clipped, SLUG_RE)

  const symbolsAtCut = `${'b'.repeat(SLUG_MAX_LENGTH - 1)} !!! ${'c'.repeat(50)}`
  const cut = slugify(symbolsAtCut)
  t.notMatch(cut, /-$/, 'never ends in a dash')
  t.match(cut, SLUG_RE)
})

t.test('uniqueSlug appends -2, -3, … until free', async (t) => {
  t.equal(uniqueSlug('her-2013-review', () => false), 'her-2013-review')

  const taken = new Set(['her-2013-review', 'her-2013-review-2', 'her-2013-review-3'])
  t.equal(uniqueSlug('her-2013-review', (s) => taken.has(s)), 'her-2013-review-4')

  const seen: string[] = []
  uniqueSlug('a', (s) => { seen.push(s); return seen.length < 4 })
  t.same(seen, ['a', 'a-2', 'a-3', 'a-4'], 'tries candidates in order')

  t.equal(uniqueSlug('ps-vr2', (s) => s === 'ps-vr2'), 'ps-vr2-2', 'a base ending in a digit still gets a dash suffix')
})

t.test('uniqueSlug trims long bases, not the suffix', async (t) => {
  const full = 'z'.repeat(SLUG_MAX_LENGTH)
  const got = uniqueSlug(full, (s) => s === full)
  t.equal(got, `${'z'.repeat(SLUG_MAX_LENGTH - 2)}-2`)
  t.equal(got.length, SLUG_MAX_LENGTH)

  // The cut for the suffix lands on a dash: the base loses it instead of yielding `…--2`.
  const dashed = `${'m'.repeat(SLUG_MAX_LENGTH - 3)}-${'n'.repeat(2)}`
  t.equal(dashed.length, SLUG_MAX_LENGTH)
  const trimmed = uniqueSlug(dashed, (s) => s === dashed)
  t.equal(trimmed, `${'m'.repeat(SLUG_MAX_LENGTH - 3)}-2`)
  t.match(trimmed, SLUG_RE)

  const words = slugify(LONG_WORDS)
  const taken = new Set([words])
  for (let i = 0; i < 12; i++) {
    const next = uniqueSlug(words, (s) => taken.has(s))
    t.ok(next.length <= SLUG_MAX_LENGTH, `${next} fits`)
    t.match(next, SLUG_RE)
    t.notOk(taken.has(next))
    taken.add(next)
  }
  t.ok([...taken].some((s) => s.endsWith('-13')), 'reaches two-digit suffixes')
})

t.test('uniqueSlug refuses an invalid base and a predicate that never frees one', async (t) => {
  t.throws(() => uniqueSlug('', () => false), RangeError, 'the empty slugify result needs a caller fallback')
  t.throws(() => uniqueSlug('Not A Slug', () => false), RangeError)
  t.throws(() => uniqueSlug('trailing-', () => false), RangeError)
  t.throws(() => uniqueSlug('q'.repeat(SLUG_MAX_LENGTH + 1), () => false), RangeError)
  t.throws(() => uniqueSlug('always', () => true), RangeError)
})
