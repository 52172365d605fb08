/**
 * Postgres errors by what they mean for a request. drizzle wraps a driver's error in
 * DrizzleQueryError with the original as `cause`.
 */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'])
// Class 08: connection exception; 53: insufficient resources; 57P0x: the server is going away or starting;
// 58: system error (I/O); 40001/40P01: serialization failure and deadlock (retried first, then a 503).
const STORAGE_CLASSES = /^(08|53|57P0|58)/
const RETRYABLE = new Set(['40001', '40P01'])

function codesOf (error: unknown): string[] {
  const codes: string[] = []
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    if (e instanceof Error && /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(e.message)) codes.push('08000')
  }
  return codes
}

export function isPostgresStorageFailure (error: unknown): boolean {
  return codesOf(error).some((code) => CONNECTION_CODES.has(code) || STORAGE_CLASSES.test(code) || RETRYABLE.has(code))
}

/** A transaction that lost a race (serialization failure, deadlock, a unique key taken meanwhile): run again, it will see the winner. */
export function isRetryableConflict (error: unknown): boolean {
  return codesOf(error).some((code) => RETRYABLE.has(code) || code === '23505')
}
