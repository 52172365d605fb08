/**
 * Old permalinks as lookup keys. The same page was linked many ways — with or without
 * its host, trailing slash, percent-encoding, capitals (WordPress matches slugs without
 * regard to case) — so each is reduced to one key: the decoded, lower-cased path with no
 * trailing slash, plus `?p=` or `?page_id=` for WordPress's plain links (the one query
 * that names a page; every other query is dropped).
 */
const PLAIN_LINK_PARAMS = ['p', 'page_id'] as const
const MAX_KEY_LENGTH = 2000

function decoded (text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The key of a path or URL (`https://old.example/2013/12/her-review/?utm=x` → `/2013/12/her-review`), or null when it names no page. */
export function legacyPathKey (input: string): string | null {
  let url: URL
  try {
    url = new URL(input, 'http://legacy.invalid')
  } catch {
    return null
  }
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    path = url.pathname
  }
  path = path.toLowerCase().replace(/\/{2,}/g, '/')
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  if (path === '/' || path === '/index.php') {
    for (const param of PLAIN_LINK_PARAMS) {
      const id = url.searchParams.get(param)
      if (id !== null && /^[1-9][0-9]{0,18}$/.test(id)) return `/?${param}=${id}`
    }
    return null
  }
  return path.length > MAX_KEY_LENGTH ? null : path
}

export interface PermalinkFacts {
  postId: number
  postType: string
  /** The post's `link`. */
  link: string
  /** The slug WordPress had. */
  slug: string
  /** Publication time (ms), for the date-based forms. */
  date: number | null
  /** Slug of the primary category, for `/%category%/%postname%/`. */
  category: string | null
}

/**
 * The keys an imported post answers on, each with its rank: 0 for what the export names
 * (its `link`, its plain `?p=` link), 1 for the common permalink structures guessed from
 * its slug, date and category — a site that changed structure over the years still has
 * links of the old form out there.
 */
export function permalinkKeys (facts: PermalinkFacts): Array<{ path: string, rank: 0 | 1 }> {
  const keys = new Map<string, 0 | 1>()
  const add = (input: string, rank: 0 | 1) => {
    const key = legacyPathKey(input)
    if (key !== null && (keys.get(key) ?? 2) > rank) keys.set(key, rank)
  }
  if (facts.link !== '') add(facts.link, 0)
  add(facts.postType === 'page' ? `/?page_id=${facts.postId}` : `/?p=${facts.postId}`, 0)
  if (facts.slug !== '') {
    // WordPress keeps a non-ASCII slug percent-encoded: encoded again, its key would be the escapes, not the letters a browser sends.
    const slug = encodeURIComponent(decoded(facts.slug))
    add(`/${slug}/`, 1)
    if (facts.postType === 'post') {
      if (facts.date !== null) {
        const d = new Date(facts.date)
        const [y, m, day] = [String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')]
        add(`/${y}/${m}/${day}/${slug}/`, 1)
        add(`/${y}/${m}/${slug}/`, 1)
      }
      if (facts.category !== null) add(`/${encodeURIComponent(facts.category)}/${slug}/`, 1)
    }
  }
  if (facts.postType === 'post') add(`/archives/${facts.postId}`, 1)
  return [...keys].map(([path, rank]) => ({ path, rank }))
}
