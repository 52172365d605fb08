/**
 * The review features added fields and nothing else: every review, verdict and JSON-LD
 * document of the demo publication, with the new fields taken out, hashes to what the
 * code before them served (test/fixtures/reviews-before-review-features.json, made by
 * running the same requests against commit cd9f906).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { build } from '../helper.js'

const before = JSON.parse(readFileSync(new URL('../fixtures/reviews-before-review-features.json', import.meta.url), 'utf8')) as Record<string, string>
const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16)

const VERDICT_FIELDS = ['state', 'untested', 'platform', 'edition', 'subScores', 'pullQuote', 'platforms']

/** The document as the code before the review features would have written it. */
function withoutNewFields (url: string, body: any): unknown {
  if (url.endsWith('/jsonld')) {
    delete body.itemReviewed.offers
    return body
  }
  const verdict = url.endsWith('/verdict') ? body : body.verdict
  for (const field of VERDICT_FIELDS) delete verdict[field]
  if (!url.endsWith('/verdict')) delete body.subject.offers
  return body
}

t.test('every pre-existing review reads as before, plus the new fields', async (t) => {
  const app = await build(t)
  t.ok(Object.keys(before).length > 100, `${Object.keys(before).length} documents`)
  for (const [url, expected] of Object.entries(before)) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.equal(hash(withoutNewFields(url, res.json())), expected, `${url}: identical but for the new fields`)
  }
  const her = (await app.inject('/v1/reviews/her-2013-review')).json()
  t.match(her.verdict, { state: 'final', untested: [], platform: null, edition: null, subScores: [], pullQuote: null, platforms: [] }, 'the new fields at their defaults')
})
