/** Offers on subjects: written and checked through the write API, narrowed by `?region=` on reads, in JSON-LD where Google reads them. */
import t from 'tap'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { build, rows } from '../helper.js'
import { editorClient, reviewBody, tableCounts } from '../editorial-helper.js'
import { responseMismatch } from '../openapi-validator.js'
import { isCurrency, isRegion, regionProblem } from '../../src/content/offers.js'

const STREAM_US = { provider: 'Reelhouse+', kind: 'subscription', url: 'https://reelhouse.example/us/past-lives', region: 'US' }
const BUY_GB = { provider: 'Frameshop', kind: 'buy', url: 'https://frameshop.example/gb/past-lives', price: 7.99, currency: 'GBP', region: 'GB', affiliate: true, checkedAt: '2025-02-01T10:00:00.000Z' }
const RENT_GB = { provider: 'Frameshop', kind: 'rent', url: 'https://frameshop.example/gb/past-lives?rent', price: 3.49, currency: 'GBP', region: 'GB' }

/** An offer as stored and shown: what was left out filled in. */
const shown = (o: Record<string, unknown>) => ({ price: null, currency: null, affiliate: false, checkedAt: null, ...o })

async function offersInDb (app: FastifyInstance, slug: string): Promise<unknown> {
  const [row] = await rows<{ offers: string }>(app, sql`SELECT offers_json AS offers FROM subjects WHERE slug = ${slug}`)
  return row === undefined ? undefined : JSON.parse(row.offers)
}

t.test('region and currency codes', async (t) => {
  for (const code of ['GB', 'US', 'DE', 'FR', 'JP', 'BR', 'AQ', 'PR']) t.ok(isRegion(code), `${code} is a region`)
  for (const code of ['XX', 'ZZ', 'AA', 'QO', 'XK', 'XA', 'EU', 'EZ', 'UN', 'AC', 'IC', 'TA', 'UK', 'FX', 'ZR', 'gb', 'G', 'GBR', '']) t.notOk(isRegion(code), `${JSON.stringify(code)} is not`)
  t.match(regionProblem('UK'), /use "GB"/, 'a deprecated code names the one to use')
  for (const code of ['USD', 'GBP', 'EUR', 'JPY', 'CHF']) t.ok(isCurrency(code), `${code} is a currency`)
  for (const code of ['XYZ', 'XAU', 'XTS', 'XXX', 'usd', 'US']) t.notOk(isCurrency(code), `${code} is not`)
})

t.test('offers are written complete, kept by other patches and replaced by an offers patch', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const created = await editor.post('/v1/subjects', { kind: 'film', title: 'Past Lives', releaseDate: '2023-06-02', offers: [STREAM_US, BUY_GB] })
  t.equal(created.statusCode, 201, created.body)
  t.same(created.json().offers, [shown(STREAM_US), shown(BUY_GB)], 'in the order given, every field present')
  t.same(await offersInDb(app, 'past-lives'), [shown(STREAM_US), shown(BUY_GB)], 'stored as shown')
  const preview = await editor.get('/v1/preview/subjects/past-lives')
  t.same(preview.json().offers, created.json().offers)

  const renamed = await editor.patch('/v1/subjects/past-lives', { title: 'Past Lives (2023)' }, { 'if-match': String(preview.headers.etag) })
  t.equal(renamed.statusCode, 200)
  t.same(renamed.json().offers, [shown(STREAM_US), shown(BUY_GB)], 'a patch without offers keeps them')

  const replaced = await editor.patch('/v1/subjects/past-lives', { offers: [RENT_GB] }, { 'if-match': String(renamed.headers.etag) })
  t.equal(replaced.statusCode, 200)
  t.same(replaced.json().offers, [shown(RENT_GB)], 'an offers patch replaces the list')
  t.not(replaced.headers.etag, renamed.headers.etag, 'and moves the ETag')
  t.same((await editor.patch('/v1/subjects/past-lives', { offers: [] })).json().offers, [], 'an empty list clears them')
  t.same(await offersInDb(app, 'past-lives'), [])

  const plain = await editor.post('/v1/subjects', { kind: 'game', title: 'No Offers Yet' })
  t.same(plain.json().offers, [], 'a subject without offers has an empty list')
  const sameProviderElsewhere = await editor.post('/v1/subjects', { kind: 'film', title: 'Two Countries', offers: [BUY_GB, { ...BUY_GB, region: 'IE', currency: 'EUR' }, { ...BUY_GB, kind: 'rent' }] })
  t.equal(sameProviderElsewhere.statusCode, 201, 'one provider may sell in several countries, and sell and rent in one')
})

t.test('bad offers: 4xx problem+json naming the field, nothing written', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const existing = await editor.post('/v1/subjects', { kind: 'hardware', title: 'Steam Deck OLED', offers: [BUY_GB] })
  t.equal(existing.statusCode, 201)
  const cases: Array<[string, unknown[], number, string]> = [
    ['a javascript: URL', [{ ...BUY_GB, url: 'javascript:alert(1)' }], 400, '/offers/0/url'],
    ['an ftp: URL', [{ ...BUY_GB, url: 'ftp://frameshop.example/her' }], 400, '/offers/0/url'],
    ['a URL with credentials', [{ ...BUY_GB, url: 'https://user:secret@frameshop.example/her' }], 422, '/offers/0/url'],
    ['a negative price', [{ ...BUY_GB, price: -1 }], 400, '/offers/0/price'],
    ['a price without a currency', [{ ...BUY_GB, currency: undefined }], 422, '/offers/0/currency'],
    ['a price with a null currency', [STREAM_US, { ...BUY_GB, currency: null }], 422, '/offers/1/currency'],
    ['an unknown currency', [{ ...BUY_GB, currency: 'XYZ' }], 422, '/offers/0/currency'],
    ['a lower-case currency', [{ ...BUY_GB, currency: 'gbp' }], 400, '/offers/0/currency'],
    ['an unknown region', [{ ...BUY_GB, region: 'XX' }], 422, '/offers/0/region'],
    ['the unknown-region code', [{ ...BUY_GB, region: 'ZZ' }], 422, '/offers/0/region'],
    ['a grouping', [{ ...BUY_GB, region: 'EU' }], 422, '/offers/0/region'],
    ['a deprecated code', [{ ...BUY_GB, region: 'UK' }], 422, '/offers/0/region'],
    ['a lower-case region', [{ ...BUY_GB, region: 'gb' }], 400, '/offers/0/region'],
    ['a duplicate', [BUY_GB, STREAM_US, { ...BUY_GB, provider: ' frameshop', price: 6.99 }], 422, '/offers/2'],
    ['an unknown kind', [{ ...BUY_GB, kind: 'lend' }], 400, '/offers/0/kind'],
    ['an unknown field', [{ ...BUY_GB, coupon: 'X' }], 400, '/offers/0/coupon']
  ]
  const before = await tableCounts(app)
  for (const [what, offers, status, field] of cases) {
    const attempts = [
      ['create', await editor.post('/v1/subjects', { kind: 'hardware', title: `Bad ${what}`, offers }), `/body${field}`],
      ['patch', await editor.patch('/v1/subjects/steam-deck-oled', { offers }), `/body${field}`],
      ['a story creating its subject', await editor.post('/v1/stories', reviewBody({ status: 'published', subject: { kind: 'film', title: `Bad ${what}`, offers } })), `/body/subject${field}`]
    ] as const
    for (const [how, res, path] of attempts) {
      t.equal(res.statusCode, status, `${what} (${how})`)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      const paths = (res.json().errors ?? []).map((e: any) => e.path)
      t.ok(paths.includes(path), `${what} (${how}): ${path} in ${JSON.stringify(paths)}`)
    }
  }
  t.same(await tableCounts(app), before, 'nothing written: no subject, story, change or redirect')
  t.same(await offersInDb(app, 'steam-deck-oled'), [shown(BUY_GB)], 'the patched subject kept its offers')
  const several = await editor.post('/v1/subjects', { kind: 'game', title: 'Several', offers: [{ ...BUY_GB, currency: 'XYZ', region: 'XX' }] })
  t.same(several.json().errors.map((e: any) => e.path).sort(), ['/body/offers/0/currency', '/body/offers/0/region'], 'every bad field at once')
})

t.test('?region= keeps one country\'s offers on subject, review and story reads', async (t) => {
  const app = await build(t)
  const reads = [
    { url: '/v1/subjects/her-2013', offersOf: (j: any) => j.offers },
    { url: '/v1/reviews/her-2013-review', offersOf: (j: any) => j.subject.offers },
    { url: '/v1/stories/her-2013-review', offersOf: (j: any) => j.subject.offers }
  ]
  for (const { url, offersOf } of reads) {
    const all = await app.inject(url)
    t.equal(all.statusCode, 200)
    const every = offersOf(all.json())
    t.ok(every.length >= 4 && new Set(every.map((o: any) => o.region)).size >= 2, `${url}: the demo's offers in several countries`)
    const etags = new Set([all.headers.etag])
    for (const region of ['GB', 'US', 'DE']) {
      const one = await app.inject(`${url}?region=${region}`)
      t.equal(one.statusCode, 200, `${url}?region=${region}`)
      const mismatch = responseMismatch('GET', `${url}?region=${region}`, one)
      if (mismatch !== null) t.fail(mismatch)
      const kept = offersOf(one.json())
      t.same(kept, every.filter((o: any) => o.region === region), `${url}?region=${region}: that country's offers, in order`)
      t.same({ ...one.json(), ...(url.startsWith('/v1/subjects') ? { offers: every } : { subject: { ...one.json().subject, offers: every } }) }, all.json(), 'the rest unchanged')
      t.notOk(etags.has(one.headers.etag), `${url}?region=${region}: an ETag of its own`)
      etags.add(one.headers.etag)
      t.equal(one.headers['last-modified'], all.headers['last-modified'])
      t.equal(one.headers['surrogate-key'], all.headers['surrogate-key'], 'purged with the unfiltered answer')
      const again = await app.inject({ url: `${url}?region=${region}`, headers: { 'if-none-match': String(one.headers.etag) } })
      t.equal(again.statusCode, 304, 'its own ETag revalidates')
      const crossed = await app.inject({ url: `${url}?region=${region}`, headers: { 'if-none-match': String(all.headers.etag) } })
      t.equal(crossed.statusCode, 200, 'the unfiltered ETag does not')
      t.same(offersOf(crossed.json()), kept, 'and the body is the narrowed one, from memory too')
    }
    t.same(offersOf((await app.inject(`${url}?region=GB&utm_source=feed`)).json()).map((o: any) => o.region), every.filter((o: any) => o.region === 'GB').map(() => 'GB'), 'other parameters still pass')
    for (const bad of ['XX', 'ZZ', 'AA', 'UK', 'EU', 'gb', 'G', 'GBR', '', '%20GB']) {
      const res = await app.inject(`${url}?region=${bad}`)
      t.equal(res.statusCode, 400, `${url}?region=${bad}`)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.ok(res.json().errors.some((e: any) => e.path === '/querystring/region'), `${url}?region=${bad}: names the parameter`)
    }
    const twice = await app.inject(`${url}?region=GB&region=US`)
    t.equal(twice.statusCode, 400, 'one region at a time')
  }
  t.equal((await app.inject('/v1/reviews/no-such-review?region=GB')).statusCode, 404)

  // An article has no offers to narrow: the stored bytes and ETag as they are.
  const article = (await app.inject('/v1/stories?type=news&limit=1')).json().data[0]
  const plain = await app.inject(`/v1/stories/${article.slug}`)
  const narrowed = await app.inject(`/v1/stories/${article.slug}?region=GB`)
  t.equal(narrowed.statusCode, 200)
  t.equal(narrowed.body, plain.body)
  t.equal(narrowed.headers.etag, plain.headers.etag)
})

t.test('a change of offers re-renders the reviews that show the subject', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const [{ seq: last }] = await rows<{ seq: number }>(app, sql`SELECT MAX(seq) AS seq FROM changes`) as [{ seq: number }]
  const before = await app.inject('/v1/reviews/her-2013-review')
  const offers = [{ provider: 'Cinemazing', kind: 'stream', url: 'https://cinemazing.example/her', region: 'DE' }]
  t.equal((await editor.patch('/v1/subjects/her-2013', { offers })).statusCode, 200)
  const after = await app.inject('/v1/reviews/her-2013-review')
  t.same(after.json().subject.offers, [shown(offers[0]!)], 'the review shows the new offers')
  t.not(after.headers.etag, before.headers.etag)
  t.same((await app.inject('/v1/stories/her-2013-review')).json().subject.offers, [shown(offers[0]!)])
  t.same((await app.inject('/v1/subjects/her-2013')).json().offers, [shown(offers[0]!)], 'and the subject page')
  t.same((await app.inject('/v1/reviews/her-2013-review?region=GB')).json().subject.offers, [], 'no British offer left')
  const card = (await app.inject('/v1/stories?limit=100')).json().data.find((c: any) => c.slug === 'her-2013-review')
  if (card !== undefined) t.notOk('offers' in card.subject, 'cards name the subject without offers')
  const verdict = (await app.inject('/v1/reviews/her-2013-review/verdict')).json()
  t.notOk('offers' in verdict.subject, 'as the verdict does')
  const logged = await rows<{ resource: string, kind: string, slug: string | null }>(app, sql`SELECT resource, kind, slug FROM changes WHERE seq > ${last} ORDER BY seq`)
  t.ok(logged.some((c) => c.resource === 'story' && c.kind === 'updated' && c.slug === 'her-2013-review'), 'the review is logged as updated, for sync mirrors')
})

t.test('JSON-LD: offers to buy with a price, on products and games only', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const buyUs = { provider: 'Gadgetry', kind: 'buy', url: 'https://gadgetry.example/deck', price: 549, currency: 'USD', region: 'US' }
  const forSale = [
    buyUs,
    { provider: 'Gadgetry', kind: 'buy', url: 'https://gadgetry.example/uk/deck', price: 479, currency: 'GBP', region: 'GB', affiliate: true },
    { provider: 'Gadgetry', kind: 'rent', url: 'https://gadgetry.example/deck?rent', price: 30, currency: 'USD', region: 'US' },
    { provider: 'Pricewatch', kind: 'buy', url: 'https://pricewatch.example/deck', region: 'US' },
    { provider: 'Playpass', kind: 'subscription', url: 'https://playpass.example/deck', price: 9.99, currency: 'USD', region: 'US' }
  ]
  const sold = [
    { '@type': 'Offer', price: 549, priceCurrency: 'USD', url: 'https://gadgetry.example/deck', eligibleRegion: 'US' },
    { '@type': 'Offer', price: 479, priceCurrency: 'GBP', url: 'https://gadgetry.example/uk/deck', eligibleRegion: 'GB' }
  ]
  const cases = [
    { kind: 'hardware', title: 'Deck Handheld', type: 'Product', expected: sold },
    { kind: 'game', title: 'Deck Quest', type: 'VideoGame', expected: sold },
    { kind: 'other', title: 'Deck Stand', type: 'Product', expected: sold },
    { kind: 'film', title: 'Deck: The Movie', type: 'Movie', expected: undefined },
    { kind: 'tv', title: 'Deck: The Series', type: 'TVSeries', expected: undefined },
    { kind: 'book', title: 'Deck: The Book', type: 'Book', expected: undefined }
  ]
  for (const c of cases) {
    const res = await editor.post('/v1/stories', reviewBody({ status: 'published', title: `${c.title} review`, subject: { kind: c.kind, title: c.title, offers: forSale } }))
    t.equal(res.statusCode, 201, res.body)
    const slug = res.json().story.slug
    const url = `/v1/reviews/${slug}/jsonld`
    const ld = await app.inject(url)
    t.equal(ld.statusCode, 200)
    const mismatch = responseMismatch('GET', url, ld)
    if (mismatch !== null) t.fail(mismatch)
    const item = ld.json().itemReviewed
    t.equal(item['@type'], c.type)
    t.same(item.offers, c.expected, `${c.kind}: ${c.expected === undefined ? 'no offers' : 'the purchases with a price'}`)
    t.equal((await app.inject(`/v1/reviews/${slug}`)).json().subject.offers.length, forSale.length, 'the review itself shows every offer')
  }
  const onlyUnpriced = await editor.post('/v1/stories', reviewBody({ status: 'published', title: 'Unpriced review', subject: { kind: 'hardware', title: 'Unpriced', offers: [{ ...buyUs, price: null, currency: null }] } }))
  t.notOk('offers' in (await app.inject(`/v1/reviews/${onlyUnpriced.json().story.slug}/jsonld`)).json().itemReviewed, 'no priced purchase, no offers')
  t.notOk('offers' in (await app.inject('/v1/reviews/her-2013-review/jsonld')).json().itemReviewed, 'the Her film has offers, but a Movie carries none')
})
