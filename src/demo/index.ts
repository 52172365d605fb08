/**
 * The demo dataset loaded by the seeder: the "Her (2013) Review" article the product was
 * specified from, the five "Latest Stories" from its rail, reviews in progress, per platform
 * and under embargo (review-features.ts), and generated sample content.
 * Scores, bylines, dates and invented titles are sample data (see README).
 */
import { generatedMedia, generatedStories, generatedSubjects } from './generated.js'
import { herMedia, herStory, herSubject } from './her-review.js'
import { latestMedia, latestStories, latestSubjects } from './latest-stories.js'
import { reviewFeatureStories, reviewFeatureSubjects } from './review-features.js'
import { authorMedia, authors, sections, tags } from './taxonomy.js'
import type { SeedDataset } from './types.js'

export type { SeedDataset } from './types.js'

/** A fresh copy of the demo dataset (callers may mutate it freely). */
export function demoDataset (): SeedDataset {
  const dataset: SeedDataset = {
    media: [...authorMedia, ...herMedia, ...latestMedia, ...generatedMedia],
    sections,
    tags,
    authors,
    subjects: [herSubject, ...latestSubjects, ...reviewFeatureSubjects, ...generatedSubjects],
    stories: [herStory, ...latestStories, ...reviewFeatureStories, ...generatedStories]
  }
  return structuredClone(dataset)
}
