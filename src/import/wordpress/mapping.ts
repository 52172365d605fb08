/**
 * The mapping file (`--mapping file.yaml|json`): what a site's archive means in Byline's
 * terms where the export cannot say — which categories are which story types and
 * sections, what each section reviews, and where a theme or ACF keeps the verdict.
 * Every part is optional; an empty mapping imports with the defaults.
 */
import { readFile } from 'node:fs/promises'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { parse as parseYaml } from 'yaml'
import { Slug, StringEnum } from '../../schemas/common.js'
import { STORY_TYPES } from '../../schemas/story.js'
import { SUBJECT_KINDS } from '../../schemas/subject.js'
import { AWARDS, ScoreFormat } from '../../schemas/verdict.js'

const Selector = Type.String({ minLength: 1, maxLength: 500 })
const Name = Type.String({ minLength: 1, maxLength: 200 })

export const Mapping = Type.Object({
  /** Category or tag slug → story type; the first of a post's terms found wins. A post with a verdict is a review whatever this says. */
  storyTypes: Type.Optional(Type.Record(Type.String(), StringEnum(STORY_TYPES))),
  /** Category slug → section slug (created when missing). Unmapped categories become sections of their own slug. */
  sections: Type.Optional(Type.Record(Type.String(), Slug)),
  /** Section slug → the kind of subject its reviews are about. */
  subjects: Type.Optional(Type.Record(Type.String(), StringEnum(SUBJECT_KINDS))),
  /** The section for posts with no category. */
  defaultSection: Type.Optional(Slug),
  /** ACF fields (postmeta names) that hold a verdict. */
  acf: Type.Optional(Type.Object({
    score: Name,
    scale: ScoreFormat,
    summary: Type.Optional(Name),
    pros: Type.Optional(Name),
    cons: Type.Optional(Name),
    subject: Type.Optional(Name)
  }, { additionalProperties: false })),
  /** A theme's "Final Thoughts" / "Verdict" box in the post HTML, found by CSS selectors (inner ones relative to the box). */
  verdictBox: Type.Optional(Type.Object({
    selector: Selector,
    score: Type.Optional(Selector),
    scale: ScoreFormat,
    summary: Type.Optional(Selector),
    pros: Type.Optional(Selector),
    cons: Type.Optional(Selector),
    subject: Type.Optional(Selector),
    /** Selector → award: the box (or the post) carrying an element that matches has the award. */
    awards: Type.Optional(Type.Record(Selector, StringEnum(AWARDS))),
    /** Take the box out of the body once read (default true): the verdict shows it. */
    remove: Type.Optional(Type.Boolean())
  }, { additionalProperties: false }))
}, { additionalProperties: false })
export type MappingType = Static<typeof Mapping>

export class MappingError extends Error { override name = 'MappingError' }

/** Checks a parsed mapping, naming every problem with its path. */
export function checkMapping (value: unknown, source = 'mapping'): MappingType {
  const input = value ?? {}
  if (Value.Check(Mapping, input)) return input
  const problems = [...Value.Errors(Mapping, input)].slice(0, 10).map((e) => `${e.instancePath === '' ? '/' : e.instancePath}: ${e.message}`)
  throw new MappingError(`${source} is not a valid mapping file:\n  ${problems.join('\n  ')}`)
}

/** Reads a YAML or JSON mapping file. */
export async function loadMapping (path: string): Promise<MappingType> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new MappingError(`cannot read the mapping file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = parseYaml(text)
  } catch (error) {
    throw new MappingError(`${path} is neither YAML nor JSON: ${(error as Error).message}`)
  }
  return checkMapping(parsed, path)
}
