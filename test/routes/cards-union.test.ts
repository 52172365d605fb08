/**
 * Story cards are a union discriminated by `type`, like single stories: the document
 * says so in the form generators read (a `oneOf` of named members, each with its own
 * `type` values, and a `discriminator` mapping every value to one member), and every
 * card the API sends matches exactly the member its `type` names.
 */
import t, { type Test } from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import { STORY_TYPES } from '../../src/schemas/story.js'
import type { StoryCardType } from '../../src/schemas/story.js'
import { build, getJson, walk } from '../helper.js'
import { doc } from '../openapi-validator.js'

interface Schema { $ref?: string, oneOf?: Schema[], discriminator?: { propertyName: string, mapping?: Record<string, string> }, type?: string, enum?: unknown[], properties?: Record<string, Schema> }
const schemas = doc.components.schemas as Record<string, Schema>
const COMPONENT = '#/components/schemas/'

const ajv = new Ajv2020({ strict: false, allErrors: true })
// ajv-formats is CommonJS: its plugin is the module itself, typed as `.default`
const addFormats = ((formats as { default?: unknown }).default ?? formats) as (a: Ajv2020) => void
addFormats(ajv)
ajv.addSchema({ ...doc, $id: 'openapi' } as object)
const validatorOf = (ref: string) => ajv.getSchema(`openapi${ref}`)!

/** The union's members by component ref, with the `type` values each declares. */
function members (t: Test, union: string): Map<string, string[]> {
  const schema = schemas[union]!
  t.ok(Array.isArray(schema.oneOf), `${union} is a oneOf`)
  const out = new Map<string, string[]>()
  for (const member of schema.oneOf ?? []) {
    t.match(member.$ref, new RegExp(`^${COMPONENT}`), `${union} member is a named component`)
    const tag = schemas[member.$ref!.slice(COMPONENT.length)]!.properties?.type
    t.equal(tag?.type, 'string', `${member.$ref} type is a string`)
    t.ok(Array.isArray(tag?.enum) && tag.enum.length > 0, `${member.$ref} type lists its values`)
    out.set(member.$ref!, (tag?.enum ?? []) as string[])
  }
  return out
}

for (const union of ['StoryCard', 'Story']) {
  t.test(`${union} is a discriminated union on type`, async (t) => {
    const byMember = members(t, union)
    const { discriminator } = schemas[union]!
    t.equal(discriminator?.propertyName, 'type')
    const mapping = discriminator?.mapping ?? {}
    t.same(Object.keys(mapping).sort(), [...STORY_TYPES].sort(), 'every story type is mapped')
    for (const [value, target] of Object.entries(mapping)) {
      t.ok(byMember.get(target)?.includes(value), `${value} maps to the member whose type allows it (${target})`)
      const others = [...byMember].filter(([ref, values]) => ref !== target && values.includes(value))
      t.same(others, [], `no other member allows ${value}`)
    }
    t.equal(byMember.get(mapping.review!)?.length, 1, 'the review member is for reviews only')
  })
}

t.test('every card the API sends matches exactly the member its type maps to', async (t) => {
  const app = await build(t)
  const { items: stories } = await walk(app, '/v1/stories', 100)
  const { items: reviews } = await walk(app, '/v1/reviews', 100)
  const { body: search } = await getJson(app, '/v1/search?q=review&limit=100')
  const subjectSlug: string = reviews[0].subject.slug
  const { body: subject } = await getJson(app, `/v1/subjects/${subjectSlug}`)
  const cards: StoryCardType[] = [...stories, ...reviews, ...search.data.map((h: { story: StoryCardType }) => h.story), ...subject.reviews]
  t.ok(stories.length > 10 && search.data.length > 0 && subject.reviews.length > 0)
  const seen = new Set<string>()
  const mapping = schemas.StoryCard!.discriminator!.mapping!
  const refs = [...members(t, 'StoryCard').keys()]
  for (const card of cards) {
    const matching = refs.filter((ref) => validatorOf(ref)(card))
    if (matching.length !== 1 || matching[0] !== mapping[card.type]) {
      t.fail(`${card.slug} (${card.type}) matches ${JSON.stringify(matching)}, not only ${mapping[card.type]}`)
    }
    seen.add(card.type)
  }
  t.same([...seen].sort(), [...STORY_TYPES].sort(), 'cards of every type were checked')
})

t.test('the card type narrows on type, as a client generated from the document does', async (t) => {
  // Type-checked by `npm run typecheck`: once `type` is 'review', `verdict` is a VerdictSummary, not `| null`.
  const awards = (card: StoryCardType) => card.type === 'review' ? card.verdict.awards : null
  const app = await build(t)
  const { items } = await walk<StoryCardType>(app, '/v1/stories', 100)
  for (const card of items) {
    if (card.type === 'review') t.ok(Array.isArray(awards(card)), `${card.slug}: a review card has its verdict`)
    else t.equal(card.verdict, null, `${card.slug}: a ${card.type} card has none`)
  }
})
