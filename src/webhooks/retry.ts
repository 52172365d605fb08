/**
 * When a failed delivery is tried again (pure). Standard Webhooks' example schedule: 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after each failure, about three days
 * and a half in all, each delay moved by up to a fifth either way so that receivers coming
 * back from an outage are not hit by every sender at once.
 */
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR] as const

/** Attempts in all before the endpoint is switched off. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

const RETRY_AFTER_MAX_MS = 24 * HOUR

/**
 * The delay after failed attempt number `attempt` (1-based), or null when that was the
 * last. A `Retry-After` the receiver sent is honoured (within a day) when it asks for
 * longer than the schedule: a shorter one would spend the attempts in seconds.
 */
export function retryDelay (attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number | null {
  if (attempt >= MAX_ATTEMPTS) return null
  const scheduled = Math.round(RETRY_DELAYS_MS[attempt - 1]! * (0.8 + 0.4 * random()))
  return retryAfterMs === null ? scheduled : Math.max(scheduled, Math.min(retryAfterMs, RETRY_AFTER_MAX_MS))
}

/** `Retry-After` (RFC 9110: seconds or an HTTP date) as milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter (value: string | undefined, now: number): number | null {
  if (value === undefined) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * SECOND
  const at = Date.parse(text)
  return Number.isFinite(at) ? Math.max(0, at - now) : null
}
