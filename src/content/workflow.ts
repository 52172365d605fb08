/**
 * The editorial workflow: draft → scheduled → published → archived, set through a
 * story's `status`. Visibility is derived, never stored as a flag: a scheduled story is
 * public once its time passes (see `publicAtOf`), so no job has to flip it.
 */
export type StoryStatus = 'draft' | 'scheduled' | 'published' | 'archived'

export class WorkflowError extends Error {
  override name = 'WorkflowError'
  constructor (readonly field: 'status' | 'publishedAt', message: string) { super(message) }
}

/** Published and scheduled stories are public from their publication time; others never. */
export function publicAtOf (status: StoryStatus, publishedAt: number | null): number | null {
  return status === 'published' || status === 'scheduled' ? publishedAt : null
}

/** The status as a reader would see it now: a scheduled story whose time has come is published. */
export function effectiveStatus (status: StoryStatus, publishedAt: number | null, now: number): StoryStatus {
  return status === 'scheduled' && publishedAt !== null && publishedAt <= now ? 'published' : status
}

/**
 * Checks a requested status and publication time, and fills the publication time of a
 * story published now. Throws WorkflowError naming the field at fault.
 */
export function schedule (status: StoryStatus, publishedAt: number | null, now: number): { status: StoryStatus, publishedAt: number | null } {
  switch (status) {
    case 'scheduled':
      if (publishedAt === null) throw new WorkflowError('publishedAt', 'a scheduled story needs publishedAt, the time it goes public')
      if (publishedAt <= now) throw new WorkflowError('publishedAt', 'a scheduled story needs a publishedAt in the future; use status "published" for a past time')
      return { status, publishedAt }
    case 'published':
      if (publishedAt !== null && publishedAt > now) throw new WorkflowError('status', 'publishedAt is in the future: use status "scheduled"')
      return { status, publishedAt: publishedAt ?? now }
    default:
      return { status, publishedAt }
  }
}

export type VisibilityChange = { kind: 'published' | 'scheduled' | 'unpublished', effectiveAt: number }

/**
 * What a write did to the public: `before` is the old public time (null when hidden or
 * new), `after` the new one. Moving a live story into the future unpublishes it now and
 * schedules it for later.
 */
export function visibilityChanges (before: number | null, after: number | null, now: number): VisibilityChange[] {
  const wasLive = before !== null && before <= now
  const wasScheduled = before !== null && before > now
  const out: VisibilityChange[] = []
  if (wasLive && (after === null || after > now)) out.push({ kind: 'unpublished', effectiveAt: now })
  if (after !== null && after > now && (after !== before)) out.push({ kind: 'scheduled', effectiveAt: after })
  if (after !== null && after <= now && !wasLive) out.push({ kind: 'published', effectiveAt: now })
  if (wasScheduled && after === null) out.push({ kind: 'unpublished', effectiveAt: now })
  return out
}
