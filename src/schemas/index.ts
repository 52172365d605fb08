import { ListMeta, Media, Problem } from './common.js'
import { ApiIndex, Health } from './meta.js'
import { Author, AuthorDetail, AuthorList, Section, SectionList, SubjectDetail, Tag, TagList } from './people.js'
import { Article, AuthorRef, Review, ReviewVerdict, SectionRef, Story, StoryCard, StoryKind, StoryList, TagRef } from './story.js'
import { Credit, ExternalIds, Subject, SubjectKind, SubjectRef } from './subject.js'
import { Award, ScoreFormat, Verdict, VerdictSummary } from './verdict.js'

/** Every schema with an `$id`: registered with Fastify once and emitted as OpenAPI components. */
export const namedSchemas = [
  ApiIndex, Health, ListMeta, Problem, Media,
  Award, ScoreFormat, VerdictSummary, Verdict,
  SubjectKind, Credit, ExternalIds, SubjectRef, Subject,
  StoryKind, AuthorRef, SectionRef, TagRef, StoryCard, Review, Article, Story, StoryList, ReviewVerdict,
  Author, AuthorDetail, AuthorList, Section, SectionList, Tag, TagList, SubjectDetail
]
