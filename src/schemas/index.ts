import { editorialSchemas } from './editorial.js'
import { SearchHit, SearchResults } from './search.js'
import { ListMeta, Media, Problem } from './common.js'
import { JsonFeed, JsonFeedReview } from './feed.js'
import { SyncEvent, SyncPage, SyncResourceKind } from './sync.js'
import { Embargo, EmbargoList } from './embargo.js'
import { ApiIndex, Health, LegacyRedirect } from './meta.js'
import { Author, AuthorDetail, AuthorList, AuthorRef } from './author.js'
import { Article, ArticleCard, Review, ReviewCard, ReviewVerdict, Story, StoryCard, StoryKind, StoryList, SubjectDetail } from './story.js'
import { Offer, OfferInput } from './offer.js'
import { Credit, ExternalIds, Subject, SubjectKind, SubjectRef } from './subject.js'
import { Section, SectionList, SectionRef, Tag, TagList } from './taxonomy.js'
import { Award, PlatformVerdict, ScoreFormat, SubScore, Verdict, VerdictState, VerdictSummary } from './verdict.js'
import { ReviewJsonLd } from './jsonld.js'
import { HistoryEntry, ScoreHistory } from './history.js'
import { VerdictRecord, VerdictRecordList } from './verdict-export.js'
import { webhookSchemas } from './webhooks.js'

/** Every schema with an `$id`: registered with Fastify once and emitted as OpenAPI components. */
export const namedSchemas = [
  ApiIndex, Health, LegacyRedirect, ListMeta, Problem, Media,
  Award, ScoreFormat, VerdictState, SubScore, PlatformVerdict, VerdictSummary, Verdict,
  SubjectKind, Credit, ExternalIds, Offer, OfferInput, SubjectRef, Subject,
  Section, SectionRef, SectionList, Tag, TagList, Author, AuthorRef, AuthorDetail, AuthorList,
  StoryKind, ReviewCard, ArticleCard, StoryCard, Review, Article, Story, StoryList, ReviewVerdict, SubjectDetail,
  HistoryEntry, ScoreHistory,
  SearchHit, SearchResults,
  ReviewJsonLd,
  JsonFeedReview, JsonFeed,
  SyncResourceKind, SyncEvent, SyncPage,
  Embargo, EmbargoList,
  VerdictRecord, VerdictRecordList,
  ...editorialSchemas,
  ...webhookSchemas
]
