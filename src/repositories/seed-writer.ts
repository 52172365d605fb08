/**
 * Loads a dataset (src/demo/types.ts) idempotently: every entity gets a stable id
 * derived from its slug and is inserted only when absent, so a second run changes
 * nothing. One transaction: a broken dataset writes nothing.
 */
import { legacyPathKey } from '../content/legacy-path.js'
import type { StoryInput } from './story-input.js'
import { scoringOf } from '../content/score-history.js'
import { mergeVerdict } from '../content/verdict-merge.js'
import { recordLegacyPaths } from './legacy-paths.js'
import type { Db } from '../db/client.js'
import type { Engine } from '../db/engine.js'
import { tablesOf } from '../db/tables.js'
import { stableId } from '../content/ids.js'
import type { SeedDataset, SeedSubject } from '../demo/types.js'
import { normalizeOffers, offerProblems } from '../content/offers.js'
import { publicAtOf, visibilityChanges } from '../content/workflow.js'
import { isCatalogPublic, type CatalogResource } from './catalog-specs.js'
import { recordChange } from './change-log.js'
import { markContentChanged } from './freshness.js'
import { saveStory } from './story-writer.js'

export interface SeedResult { inserted: Record<string, number> }

export const seedIds = {
  section: (slug: string) => stableId('sec', slug),
  tag: (slug: string) => stableId('tag', slug),
  author: (slug: string) => stableId('aut', slug),
  subject: (slug: string) => stableId('sub', slug),
  story: (slug: string) => stableId('sto', slug)
}

const ms = (iso: string) => {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new Error(`invalid date "${iso}" in dataset`)
  return t
}

function need<T> (value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`dataset refers to unknown ${what}`)
  return value
}

/** Whether there is no story at all: one row looked at, not a count of a million at every boot. */
export async function isEmpty (db: Db): Promise<boolean> {
  const { stories } = tablesOf(db)
  return (await db.select({ id: stories.id }).from(stories).limit(1)).length === 0
}

/** A seed subject's offers as the API stores them; a demo with a bad one fails loudly, as a bad reference does. */
function offersJsonOf (s: SeedSubject): string {
  const offers = s.offers ?? []
  const problems = offerProblems(offers, `subject ${s.slug}: /offers`)
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.path} ${p.message}`).join('; '))
  return JSON.stringify(normalizeOffers(offers))
}

export async function seedDataset (engine: Pick<Engine, 'transaction'>, data: SeedDataset, siteUrl: string, now = Date.now()): Promise<SeedResult> {
  const inserted: Record<string, number> = { media: 0, sections: 0, tags: 0, authors: 0, subjects: 0, stories: 0 }
  const ctx = { now, actor: null }
  // Seeded content enters the change log like any other, so a sync from the start mirrors
  // it; catalogue entries are logged after the stories, which decide whether they are public.
  const created: Array<{ resource: CatalogResource, id: string, slug: string | null }> = []
  const add = (kind: string, changes: number, resource?: CatalogResource, slug?: string, id?: string) => {
    inserted[kind]! += changes
    if (changes > 0 && resource !== undefined) created.push({ resource, id: id!, slug: resource === 'media' ? null : slug! })
  }
  await engine.transaction(async (db) => {
    const { authors, media, sections, stories, subjects, tags } = tablesOf(db)
    for (const m of data.media) {
      add('media', (await db.insert(media).values({ ...m, updatedAt: now }).onConflictDoNothing().returning({ id: media.id })).length, 'media', m.id, m.id)
    }
    for (const s of data.sections) {
      add('sections', (await db.insert(sections).values({ id: seedIds.section(s.slug), ...s, updatedAt: now }).onConflictDoNothing().returning({ id: sections.id })).length, 'section', s.slug, seedIds.section(s.slug))
    }
    for (const t of data.tags) {
      add('tags', (await db.insert(tags).values({ id: seedIds.tag(t.slug), ...t, updatedAt: now }).onConflictDoNothing().returning({ id: tags.id })).length, 'tag', t.slug, seedIds.tag(t.slug))
    }
    for (const a of data.authors) {
      add('authors', (await db.insert(authors).values({
        id: seedIds.author(a.slug),
        slug: a.slug,
        name: a.name,
        jobTitle: a.jobTitle,
        bio: a.bio,
        avatarMediaId: a.avatar ?? null,
        socialJson: JSON.stringify(a.social ?? {}),
        updatedAt: now
      }).onConflictDoNothing().returning({ id: authors.id })).length, 'author', a.slug, seedIds.author(a.slug))
    }
    for (const s of data.subjects) {
      add('subjects', (await db.insert(subjects).values({
        id: seedIds.subject(s.slug),
        slug: s.slug,
        kind: s.kind,
        title: s.title,
        releaseDate: s.releaseDate ?? null,
        releaseYear: s.releaseYear ?? (s.releaseDate ? Number(s.releaseDate.slice(0, 4)) : null),
        description: s.description,
        creatorsJson: JSON.stringify(s.creators),
        castJson: JSON.stringify(s.cast),
        platformsJson: JSON.stringify(s.platforms),
        genresJson: JSON.stringify(s.genres),
        externalIdsJson: JSON.stringify(s.externalIds),
        offersJson: offersJsonOf(s),
        updatedAt: now
      }).onConflictDoNothing().returning({ id: subjects.id })).length, 'subject', s.slug, seedIds.subject(s.slug))
    }
    const known = {
      sections: new Set(data.sections.map((s) => s.slug)),
      tags: new Set(data.tags.map((t) => t.slug)),
      authors: new Set(data.authors.map((a) => a.slug)),
      subjects: new Set(data.subjects.map((s) => s.slug))
    }
    const existing = new Set((await db.select({ slug: stories.slug }).from(stories)).map((r) => r.slug))
    for (const s of data.stories) {
      if (existing.has(s.slug)) continue
      const publishedAt = s.publishedAt === null ? null : ms(s.publishedAt)
      const id = seedIds.story(s.slug)
      const input: StoryInput = {
        id,
        slug: s.slug,
        type: s.type,
        status: s.status,
        title: s.title,
        dek: s.dek,
        bodyMarkdown: s.bodyMarkdown,
        language: s.language ?? 'en',
        heroMediaId: s.heroImage ?? null,
        attachmentMediaId: s.attachment ?? null,
        sectionId: seedIds.section(need(known.sections.has(s.section) ? s.section : undefined, `section "${s.section}"`)),
        authorIds: s.authors.map((a) => seedIds.author(need(known.authors.has(a) ? a : undefined, `author "${a}"`))),
        tagIds: s.tags.map((t) => seedIds.tag(need(known.tags.has(t) ? t : undefined, `tag "${t}"`))),
        subjectId: s.subject === undefined ? null : seedIds.subject(need(known.subjects.has(s.subject) ? s.subject : undefined, `subject "${s.subject}"`)),
        verdict: s.verdict === undefined ? null : mergeVerdict(null, s.verdict),
        publishedAt,
        // A story scheduled for later was written before its publication time.
        createdAt: Math.min(publishedAt ?? now, now),
        updatedAt: s.updatedAt !== undefined ? ms(s.updatedAt) : Math.min(publishedAt ?? now, now)
      }
      await saveStory(db, input, siteUrl)
      add('stories', 1)
      const keys = (s.legacyPaths ?? []).map(legacyPathKey).filter((path): path is string => path !== null)
      await recordLegacyPaths(db, id, keys.map((path) => ({ path, rank: 0 })), now)
      const publicAt = publicAtOf(s.status, publishedAt)
      const entry = { resource: 'story' as const, resourceId: id, slug: s.slug, visible: publicAt !== null }
      // The score history starts from the scoring each entry carries (src/content/score-history.ts).
      const scoring = scoringOf(input.verdict)
      const detail = scoring === null ? {} : { scoring }
      await recordChange(db, { ...entry, kind: 'created', detail }, ctx)
      for (const { withdrawn: _, ...change } of visibilityChanges(null, publicAt, now)) await recordChange(db, { ...entry, ...change, detail }, ctx)
    }
    for (const c of created) {
      await recordChange(db, { resource: c.resource, resourceId: c.id, slug: c.slug, kind: 'created', visible: await isCatalogPublic(db, c.resource, c.id) }, ctx)
    }
    if (inserted.stories! > 0 || created.length > 0) await markContentChanged(db, now)
  })
  return { inserted }
}
