/** Every rule a verdict must meet to be saved, whoever writes it (editor, seed, import). */
import { EditorialError } from './editorial-errors.js'
import { checkVerdictParts, pullQuoteProblem } from './verdict-details.js'
import type { VerdictInput } from './verdict-merge.js'

/** `bodyText`: the body as rendered to plain text, which a pull-quote must quote. */
export function checkVerdict (v: VerdictInput, title: string, bodyText: string): void {
  checkVerdictParts(v)
  if (v.pullQuote === null) return
  const problem = pullQuoteProblem(v.pullQuote, title, [bodyText, v.summary])
  if (problem !== null) throw new EditorialError('invalid', `verdict.pullQuote ${problem}`, [{ path: '/body/verdict/pullQuote', message: problem }])
}
