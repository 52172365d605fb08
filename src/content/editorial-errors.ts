/**
 * Why an editorial write was refused, in domain terms. The errors plugin maps each kind
 * to its HTTP status; repositories and domain rules stay free of HTTP.
 */
export type EditorialErrorKind =
  | 'not_found' // no such resource
  | 'unknown_reference' // the body names an author, media id… that does not exist
  | 'invalid' // a domain rule: a review without a verdict, a score off its scale
  | 'slug_taken' // another resource has the slug
  | 'id_taken' // another media item has the id
  | 'in_use' // still referenced by stories
  | 'stale' // If-Match does not match the current ETag

export interface EditorialField { path: string, message: string }

export class EditorialError extends Error {
  override name = 'EditorialError'
  constructor (readonly kind: EditorialErrorKind, message: string, readonly fields: EditorialField[] = []) { super(message) }
}

/** Collects problems with a body so one response names every bad field. */
export class FieldErrors {
  readonly fields: EditorialField[] = []
  add (path: string, message: string): void { this.fields.push({ path, message }) }
  throwIfAny (kind: EditorialErrorKind): void {
    if (this.fields.length > 0) throw new EditorialError(kind, this.fields.map((f) => `${f.path} ${f.message}`).join('; '), this.fields)
  }
}

/**
 * If-Match: `*` matches any current representation; otherwise one of the listed strong
 * ETags must equal the current one (RFC 9110 §13.1.1: weak tags never match).
 */
export function checkIfMatch (ifMatch: string | undefined, currentEtag: string): void {
  if (ifMatch === undefined) return
  const value = ifMatch.trim()
  if (value === '*') return
  const tags = value.split(',').map((t) => t.trim()).filter((t) => t !== '' && !t.startsWith('W/'))
  if (!tags.includes(currentEtag)) {
    throw new EditorialError('stale', `If-Match ${value} does not match the current ETag ${currentEtag}: fetch the resource again and reapply your change`)
  }
}
