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

export interface VisibilityChange {
  kind: 'published' | 'scheduled' | 'unscheduled' | 'unpublished'
  effectiveAt: number
  /** For `unscheduled`: the time of the `scheduled` entry it withdraws. */
  withdrawn?: number
}

/**
 * What a write did to the public: `before` is the old public time (null when hidden or
 * new), `after` the new one. A pending schedule that is moved or dropped is withdrawn
 * explicitly, so a reader of the log never publishes a story at a time that no longer
 * holds; moving a live story into the future unpublishes it now and schedules it.
 */
export function visibilityChanges (before: number | null, after: number | null, now: number): VisibilityChange[] {
  const wasLive = before !== null && before <= now
  const wasScheduled = before !== null && before > now
  const willBeLive = after !== null && after <= now
  const willBeScheduled = after !== null && after > now
  const out: VisibilityChange[] = []
  if (wasScheduled && after !== before) out.push({ kind: 'unscheduled', effectiveAt: now, withdrawn: before })
  if (wasLive && !willBeLive) out.push({ kind: 'unpublished', effectiveAt: now })
  if (willBeScheduled && after !== before) out.push({ kind: 'scheduled', effectiveAt: after })
  if (willBeLive && !wasLive) out.push({ kind: 'published', effectiveAt: now })
  return out
}

/** Whether a write concerns what the public sees or will see: the story is public or scheduled on either side of it. */
export function touchesPublic (before: number | null, after: number | null): boolean {
  return before !== null || after !== null
}
