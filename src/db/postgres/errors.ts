/**
 * Postgres errors by what they mean: the server going or gone (a read is run again
 * elsewhere, a write is a 503), a race lost (the transaction is run again), a recovery
 * conflict on a replica (that query's, not the replica's), or the caller's own. drizzle
 * wraps a driver's error in DrizzleQueryError with the original as `cause`; Node's
 * happy-eyeballs connect reports an AggregateError.
 */
/** What a failed query means for its server: going or gone, one query lost a recovery conflict, or neither (the error is the caller's). */
export type ReplicaErrorKind = 'down' | 'conflict' | undefined

// Node's network errors: the server is not there, or went away mid-query.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN'])
// SQLSTATE: class 08 connection exception; 57P01 admin shutdown (also pg_terminate_backend),
// 57P02 crash shutdown, 57P03 cannot connect now (starting or stopping), 57P04 database dropped;
// 53300 too many connections (the replica turns new connections away).
const DOWN_SQLSTATE = /^(08...|57P0[1-4]|53300)$/
// node-postgres's own words for a connection that broke or never came (these carry no code).
const DOWN_MESSAGE = /Connection terminated|connection timeout|timeout expired|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended|not queryable/i
const CONFLICT_SQLSTATE = new Set(['40001', '57014', '40P01'])
const CONFLICT_MESSAGE = /conflict with recovery/i

/** The errors in `error`: itself, its causes, and an AggregateError's members (Node's happy-eyeballs connect). */
function errorsIn (error: unknown, depth = 0): Array<{ code?: unknown, message?: unknown }> {
  if (typeof error !== 'object' || error === null || depth > 4) return []
  const found = [error as { code?: unknown, message?: unknown }]
  const { cause, errors } = error as { cause?: unknown, errors?: unknown }
  found.push(...errorsIn(cause, depth + 1))
  if (Array.isArray(errors)) for (const e of errors) found.push(...errorsIn(e, depth + 1))
  return found
}

export function classifyReplicaError (error: unknown): ReplicaErrorKind {
  const all = errorsIn(error)
  // A recovery conflict first: its FATAL form ("terminating connection due to conflict with
  // recovery") ends the connection too, and still says nothing about the replica's health.
  if (all.some((e) => typeof e.code === 'string' && CONFLICT_SQLSTATE.has(e.code) && CONFLICT_MESSAGE.test(String(e.message)))) return 'conflict'
  if (all.some((e) => CONFLICT_MESSAGE.test(String(e.message)))) return 'conflict'
  for (const e of all) {
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || DOWN_SQLSTATE.test(e.code))) return 'down'
    if (typeof e.message === 'string' && DOWN_MESSAGE.test(e.message)) return 'down'
  }
  return undefined
}

/** `url` without its password (a URL that does not parse loses anything that looks like one). */
export function redactUrl (url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = ''
    parsed.searchParams.forEach((_value, key) => { if (/pass/i.test(key)) parsed.searchParams.set(key, '***') })
    return parsed.toString()
  } catch {
    return redactText(url)
  }
}

/** `text` with the password of any URL in it, and any `password=…`, removed. */
export function redactText (text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1@')
    .replace(/(password\s*=\s*)\S+/gi, '$1***')
}

/** What went wrong, in a line, with no password in it. */
export function describeError (error: unknown): string {
  const parts = errorsIn(error)
  const first = parts[0]
  if (first === undefined) return redactText(String(error))
  // An AggregateError's message is often empty: say what its members said.
  const messages = parts.map((e) => (typeof e.code === 'string' ? `${e.code}: ` : '') + String(e.message ?? '')).filter((m) => m.trim() !== '' && !/^[A-Z0-9]+: $/.test(m))
  return redactText([...new Set(messages)].slice(0, 2).join('; ') || String(first.code ?? 'unknown error'))
}

// Beyond the connection: 53 insufficient resources, 58 system error (I/O).
const RESOURCE_SQLSTATE = /^(53|58)/
// Serialization failure and deadlock: run again first, then a 503.
const RETRYABLE = new Set(['40001', '40P01'])

const codesOf = (error: unknown): string[] => errorsIn(error).flatMap((e) => typeof e.code === 'string' ? [e.code] : [])

/** The storage refused or went away: the request was fine and may succeed when retried (a 503). */
export function isPostgresStorageFailure (error: unknown): boolean {
  return classifyReplicaError(error) === 'down' || codesOf(error).some((code) => RESOURCE_SQLSTATE.test(code) || RETRYABLE.has(code))
}

/** A transaction that lost a race (serialization failure, deadlock, a unique key taken meanwhile): run again, it will see the winner. */
export function isRetryableConflict (error: unknown): boolean {
  return codesOf(error).some((code) => RETRYABLE.has(code) || code === '23505')
}
