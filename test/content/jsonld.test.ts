/** The review → schema.org JSON-LD mapping, case by case (the route test walks the demo data). */
import t from 'tap'
import { MAX_NAME_LENGTH, rating, reviewJsonLd, shortName } from '../../src/content/jsonld.js'
import type { AuthorRefType } from '../../src/schemas/author.js'
import type { ReviewType } from '../../src/schemas/story.js'
import type { SubjectType } from '../../src/schemas/subject.js'
import type { VerdictType } from '../../src/schemas/verdict.js'

const PUBLICATION = { publicationName: 'Byline', siteUrl: 'https://byline.example' }

const author = (name: string, extra: Partial<AuthorRefType> = {}): AuthorRefType =>
  ({ id: `aut_${name.length}`, slug: 'someone', name, jobTitle: '', avatar: null, ...extra })

function review (over: { subject?: Partial<SubjectType>, verdict?: Partial<VerdictType>, authors?: AuthorRefType[], dek?: string } = {}): ReviewType {
  return {
    id: 'sto_1',
    slug: 'a-review',
    title: 'A review',
    dek: over.dek ?? 'The dek.',
    url: 'https://byline.example/articles/a-review',
    language: 'en',
    publishedAt: '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-02T10:00:00.000Z',
    readingTimeMinutes: 3,
    authors: over.authors ?? [author('Ada Critic')],
    section: { id: 'sec_1', slug: 'movies', name: 'Movies' },
    heroImage: null,
    tags: [],
    body: { html: '<p>Body</p>', text: 'Body' },
    media: [],
    attachment: null,
    type: 'review',
    subject: {
      id: 'sub_1',
      slug: 'a-subject',
      kind: 'film',
      title: 'A Subject',
      releaseDate: null,
      releaseYear: null,
      description: '',
      creators: [],
      cast: [],
      platforms: [],
      genres: [],
      externalIds: {},
      ...over.subject
    },
    verdict: {
      score: 8,
      scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.5 },
      scoreDisplay: '8/10',
      normalizedScore: 80,
      awards: [],
      summary: 'Good.',
      pros: ['One', 'Two'],
      cons: ['Three'],
      reviewedOn: null,
      ...over.verdict
    }
  } as ReviewType
}

t.test('the review itself', async (t) => {
  const ld = reviewJsonLd(review(), PUBLICATION)
  t.match(ld, {
    '@context': 'https://schema.org',
    '@type': 'Review',
    url: 'https://byline.example/articles/a-review',
    headline: 'A review',
    inLanguage: 'en',
    datePublished: '2024-05-01T10:00:00.000Z',
    dateModified: '2024-05-02T10:00:00.000Z',
    author: [{ '@type': 'Person', name: 'Ada Critic' }],
    publisher: { '@type': 'Organization', name: 'Byline', url: 'https://byline.example' },
    reviewBody: 'Good.',
    description: 'The dek.'
  })
  t.notOk('jobTitle' in ld.author[0]!, 'no empty jobTitle')
  const withDetails = reviewJsonLd(review({ authors: [author('Ada', { jobTitle: 'Critic', avatar: { url: 'https://m.example/a.jpg' } as never })] }), PUBLICATION)
  t.same(withDetails.author, [{ '@type': 'Person', name: 'Ada', jobTitle: 'Critic', image: 'https://m.example/a.jpg' }])

  const bare = reviewJsonLd(review({ dek: ' ', verdict: { summary: '' } }), PUBLICATION)
  t.notOk('reviewBody' in bare, 'no empty reviewBody')
  t.notOk('description' in bare, 'no empty description')
  t.equal(reviewJsonLd(review({ dek: '' }), PUBLICATION).description, 'Good.', 'description falls back to the summary')
})

t.test('author names: under 100 characters, never blank', async (t) => {
  const long = 'N'.repeat(150)
  const ld = reviewJsonLd(review({ authors: [author(long), author('   '), author(' Bo Writer ')] }), PUBLICATION)
  t.equal(ld.author.length, 2, 'a blank name is dropped')
  t.equal([...ld.author[0]!.name].length, MAX_NAME_LENGTH)
  t.ok(ld.author[0]!.name.endsWith('…'))
  t.equal(ld.author[1]!.name, 'Bo Writer')
  t.equal(shortName('😀'.repeat(120))!.length, (MAX_NAME_LENGTH - 1) * 2 + 1, 'counted in code points, never splitting a surrogate pair')
  t.equal(shortName(' \t'), null)

  const nobody = reviewJsonLd(review({ authors: [author(' ')] }), PUBLICATION)
  t.same(nobody.author, [{ '@type': 'Organization', name: 'Byline', url: 'https://byline.example' }], 'no usable byline: the publication')
  t.equal(reviewJsonLd(review(), { ...PUBLICATION, publicationName: ' ' }).publisher.name, 'Byline', 'a blank publication name still names someone')
})

t.test('ratings on every scale', async (t) => {
  const v = (verdict: Partial<VerdictType>) => ({ ...review().verdict, ...verdict })
  t.same(rating(v({ score: 9.3, scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.1 } })), { '@type': 'Rating', ratingValue: 9.3, bestRating: 10, worstRating: 0 })
  t.same(rating(v({ score: 3, scoreFormat: { kind: 'numeric', min: 1, max: 5, step: 1 } })), { '@type': 'Rating', ratingValue: 3, bestRating: 5, worstRating: 1 })
  t.same(rating(v({ score: 0, scoreFormat: { kind: 'stars', max: 5, step: 0.5 } })), { '@type': 'Rating', ratingValue: 0, bestRating: 5, worstRating: 0 }, 'stars start at 0')
  t.same(rating(v({ score: 'B+', scoreFormat: { kind: 'letter' }, normalizedScore: 83 })), { '@type': 'Rating', ratingValue: 83, bestRating: 100, worstRating: 0 }, 'letters as 0–100')
  t.equal(rating(v({ score: 'B+', scoreFormat: { kind: 'letter' }, normalizedScore: null })), null)
  t.equal(rating(v({ score: null, scoreFormat: { kind: 'none' }, normalizedScore: null })), null, 'unscored: no rating')
  t.equal(rating(v({ score: null })), null, 'a numeric format without a score: no rating')
  t.equal(rating(v({ score: Number.NaN })), null)
  t.notOk('reviewRating' in reviewJsonLd(review({ verdict: { score: null, scoreFormat: { kind: 'none' }, normalizedScore: null } }), PUBLICATION))
})

t.test('pros and cons only with two statements in all', async (t) => {
  const notes = (pros: string[], cons: string[]) => {
    const ld = reviewJsonLd(review({ verdict: { pros, cons } }), PUBLICATION)
    return [ld.positiveNotes?.itemListElement.map((i) => `${i.position}:${i.name}`), ld.negativeNotes?.itemListElement.map((i) => `${i.position}:${i.name}`)]
  }
  t.same(notes(['a', 'b'], ['c']), [['1:a', '2:b'], ['1:c']])
  t.same(notes(['a'], []), [undefined, undefined], 'one statement: neither')
  t.same(notes([], ['c']), [undefined, undefined])
  t.same(notes([], ['c', 'd']), [undefined, ['1:c', '2:d']], 'an empty side is left out')
  t.same(notes(['a', 'b'], []), [['1:a', '2:b'], undefined])
  t.same(notes(['a'], ['b']), [['1:a'], ['1:b']])
})

t.test('itemReviewed by subject kind', async (t) => {
  const item = (subject: Partial<SubjectType>) => reviewJsonLd(review({ subject }), PUBLICATION).itemReviewed
  t.same(item({ kind: 'film', releaseDate: '2013-12-18', releaseYear: 2013, creators: [{ name: 'Spike Jonze', role: 'Director' }, { name: 'Spike Jonze', role: 'writer' }], externalIds: { imdb: 'tt1798709', tmdb: '152601' } }), {
    '@type': 'Movie',
    name: 'A Subject',
    datePublished: '2013-12-18',
    director: [{ '@type': 'Person', name: 'Spike Jonze' }],
    sameAs: ['https://www.imdb.com/title/tt1798709/', 'https://www.themoviedb.org/movie/152601']
  })
  t.same(item({ kind: 'game', releaseYear: 2021, platforms: ['PC', 'Switch'], creators: [{ name: 'Lantern Ridge', role: 'developer' }, { name: 'Northgate', role: 'publisher' }], externalIds: { steam: '12345', imdb: 'not-an-id' } }), {
    '@type': 'VideoGame',
    name: 'A Subject',
    datePublished: '2021',
    author: [{ '@type': 'Organization', name: 'Lantern Ridge' }],
    publisher: [{ '@type': 'Organization', name: 'Northgate' }],
    gamePlatform: ['PC', 'Switch'],
    sameAs: ['https://store.steampowered.com/app/12345/']
  })
  t.same(item({ kind: 'tv', creators: [{ name: 'Imogen Clarke', role: 'creator' }, { name: 'Halyard', role: 'studio' }], externalIds: { tmdb: '42', steam: '1' } }), {
    '@type': 'TVSeries',
    name: 'A Subject',
    creator: [{ '@type': 'Person', name: 'Imogen Clarke' }],
    productionCompany: [{ '@type': 'Organization', name: 'Halyard' }],
    sameAs: ['https://www.themoviedb.org/tv/42']
  })
  t.same(item({ kind: 'book', creators: [{ name: 'Keiko Arden', role: 'author' }], externalIds: { isbn: '9780000000000', gtin: '1' } }), {
    '@type': 'Book', name: 'A Subject', author: [{ '@type': 'Person', name: 'Keiko Arden' }], isbn: '9780000000000'
  })
  t.same(item({ kind: 'music', creators: [{ name: '8-Bit Choir', role: 'artist' }] }), {
    '@type': 'MusicAlbum', name: 'A Subject', byArtist: [{ '@type': 'MusicGroup', name: '8-Bit Choir' }]
  })
  t.same(item({ kind: 'hardware', releaseDate: '2023-01-26', creators: [{ name: 'Sony', role: 'brand' }], platforms: ['PS5'], externalIds: { gtin: '0711719000000', tmdb: '1' } }), {
    '@type': 'Product', name: 'A Subject', releaseDate: '2023-01-26', brand: { '@type': 'Brand', name: 'Sony' }, gtin: '0711719000000'
  })
  t.same(item({ kind: 'other', creators: [{ name: 'Retro Arcade Expo', role: 'organiser' }] }), { '@type': 'Product', name: 'A Subject' }, 'other is a Product: Google takes neither Thing nor CreativeWork')
  t.same(item({ kind: 'other', creators: [{ name: ' ', role: 'brand' }] }), { '@type': 'Product', name: 'A Subject' }, 'a blank brand is left out')
  t.equal(item({ title: '  ' }).name, 'Untitled', 'never an empty name')
  t.notOk('gamePlatform' in item({ kind: 'game' }), 'no empty platform list')
  t.same(item({ kind: 'film', creators: [{ name: ' ', role: 'director' }] }), { '@type': 'Movie', name: 'A Subject' }, 'blank credits are dropped')
})
