/**
 * What the WordPress importer's parts hand each other: the export as read (WxrItem,
 * WxrChannel), a body converted to Byline's Markdown (ConvertedBody) and a verdict found
 * in a post (FoundVerdict). The parts are pure apart from the reader's file: the
 * importer (importer.ts) turns these into writes.
 */
import type { AwardType, ScoreFormatType } from '../../schemas/verdict.js'

export interface WxrAuthor {
  id: number | null
  login: string
  email: string
  displayName: string
  firstName: string
  lastName: string
}

export interface WxrTerm {
  termId: number | null
  /** `category`, `post_tag`, or a custom taxonomy (`wp:term`). */
  taxonomy: string
  slug: string
  /** The parent's slug, '' at the top. */
  parent: string
  name: string
  description: string
}

export interface WxrChannel {
  title: string
  link: string
  description: string
  language: string
  /** "1.0", "1.1" or "1.2". */
  wxrVersion: string
  /** The namespace URI the file used for `wp:` (http or https). */
  namespace: string
  baseSiteUrl: string
  baseBlogUrl: string
  authors: WxrAuthor[]
  /** `wp:category`, `wp:tag` and `wp:term`, in file order. */
  terms: WxrTerm[]
}

export interface WxrItemTerm {
  /** category | post_tag | post_format | author (Co-Authors Plus) | a custom taxonomy */
  domain: string
  nicename: string
  name: string
}

export interface WxrMeta { key: string, value: string }

export interface WxrItem {
  /** Line of the `<item>` start tag in the file. */
  line: number
  title: string
  link: string
  pubDate: string
  /** `dc:creator`: the author's login. */
  creator: string
  guid: string
  /** `content:encoded`. */
  content: string
  /** `excerpt:encoded`. */
  excerpt: string
  postId: number
  postDate: string
  postDateGmt: string
  postModified: string
  postModifiedGmt: string
  /** The slug; may be empty (drafts) or percent-encoded. */
  postName: string
  /** publish | draft | future | pending | private | inherit | trash | … */
  status: string
  /** post | page | attachment | nav_menu_item | a custom type */
  postType: string
  postParent: number
  postPassword: string
  isSticky: boolean
  attachmentUrl: string
  terms: WxrItemTerm[]
  /** Postmeta in file order; a key may repeat. Values are as in the file (serialized PHP stays serialized). */
  meta: WxrMeta[]
}

/** An image the converted body places, as `![alt](media:id)`. */
export interface BodyImage {
  id: string
  url: string
  alt: string
  caption: string
  width: number | null
  height: number | null
}

export interface ConvertedBody {
  markdown: string
  /** Every image the Markdown places, in order, once each. */
  images: BodyImage[]
  /** What did not convert as it was: each a sentence naming the block or shortcode and what became of it. */
  degraded: string[]
}

export type VerdictSource = 'wp-review' | 'block' | 'acf' | 'selector'

export interface SubScore { label: string, value: number }

export interface FoundVerdict {
  source: VerdictSource
  scoreFormat: ScoreFormatType
  /** On scoreFormat; null when the source has no score or its score contradicts the scale (see conflicts). */
  score: number | string | null
  summary: string
  pros: string[]
  cons: string[]
  awards: AwardType[]
  /** The reviewed item's name when the source gives one (WP Review heading, a block's rTitle, an ACF field). */
  subjectTitle: string | null
  subScores: SubScore[]
}

export interface VerdictDetection {
  verdict: FoundVerdict | null
  /** Scores left out because they contradict their scale, and verdicts from other sources not used; each a sentence. */
  conflicts: string[]
  /** The body HTML with the verdict's own markup (a review block, a theme box) taken out. */
  html: string
}
