/**
 * Apple Podcasts categories (podcasters.apple.com, "Apple Podcasts categories"): the
 * names directories accept in `itunes:category`, spelled and capitalised exactly as
 * Apple lists them. A show may give several; Apple files it under the first.
 */
export const APPLE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Arts: ['Books', 'Design', 'Fashion & Beauty', 'Food', 'Performing Arts', 'Visual Arts'],
  Business: ['Careers', 'Entrepreneurship', 'Investing', 'Management', 'Marketing', 'Non-Profit'],
  Comedy: ['Comedy Interviews', 'Improv', 'Stand-Up'],
  Education: ['Courses', 'How To', 'Language Learning', 'Self-Improvement'],
  Fiction: ['Comedy Fiction', 'Drama', 'Science Fiction'],
  Government: [],
  History: [],
  'Health & Fitness': ['Alternative Health', 'Fitness', 'Medicine', 'Mental Health', 'Nutrition', 'Sexuality'],
  'Kids & Family': ['Education for Kids', 'Parenting', 'Pets & Animals', 'Stories for Kids'],
  Leisure: ['Animation & Manga', 'Automotive', 'Aviation', 'Crafts', 'Games', 'Hobbies', 'Home & Garden', 'Video Games'],
  Music: ['Music Commentary', 'Music History', 'Music Interviews'],
  News: ['Business News', 'Daily News', 'Entertainment News', 'News Commentary', 'Politics', 'Sports News', 'Tech News'],
  'Religion & Spirituality': ['Buddhism', 'Christianity', 'Hinduism', 'Islam', 'Judaism', 'Religion', 'Spirituality'],
  Science: ['Astronomy', 'Chemistry', 'Earth Sciences', 'Life Sciences', 'Mathematics', 'Natural Sciences', 'Nature', 'Physics', 'Social Sciences'],
  'Society & Culture': ['Documentary', 'Personal Journals', 'Philosophy', 'Places & Travel', 'Relationships'],
  Sports: ['Baseball', 'Basketball', 'Cricket', 'Fantasy Sports', 'Football', 'Golf', 'Hockey', 'Rugby', 'Running', 'Soccer', 'Swimming', 'Tennis', 'Volleyball', 'Wilderness', 'Wrestling'],
  Technology: [],
  'True Crime': [],
  'TV & Film': ['After Shows', 'Film History', 'Film Interviews', 'Film Reviews', 'TV Reviews']
}

export interface PodcastCategory { text: string, sub: string | null }

/** True when Apple lists the category, and the subcategory under it (when one is given). */
export function isAppleCategory ({ text, sub }: PodcastCategory): boolean {
  const subs = Object.hasOwn(APPLE_CATEGORIES, text) ? APPLE_CATEGORIES[text] : undefined
  return subs !== undefined && (sub === null || subs.includes(sub))
}

/**
 * "Leisure > Video Games, TV & Film" → categories in order. Apple's names hold no comma
 * and no ">", so those separate them. The error says what is wrong and what would do.
 */
export function parseCategories (raw: string): PodcastCategory[] | string {
  const categories: PodcastCategory[] = []
  for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [text, sub, extra] = part.split('>').map((p) => p.trim()) as [string, string | undefined, string | undefined]
    if (extra !== undefined) return `"${part}" has more than one ">": write "Category" or "Category > Subcategory"`
    const category = { text, sub: sub ?? null }
    if (!Object.hasOwn(APPLE_CATEGORIES, text)) return `"${text}" is not an Apple Podcasts category; the categories are: ${Object.keys(APPLE_CATEGORIES).join(', ')}`
    if (!isAppleCategory(category)) {
      const subs = APPLE_CATEGORIES[text]!
      return `"${sub}" is not a subcategory of ${text}; ${subs.length === 0 ? `${text} has none` : `its subcategories are: ${subs.join(', ')}`}`
    }
    categories.push(category)
  }
  if (categories.length === 0) return 'give at least one category, e.g. "Leisure > Video Games"'
  return categories
}
