/**
 * What passes between the main thread and the writer thread (src/writes/writer-thread.ts).
 * Messages are structured clones: plain data, so errors travel as their kind and text
 * and are rebuilt as the classes the error handler knows (editorial refusals, SQLite
 * errors with their code); anything else arrives as a plain Error, answered as a 500.
 */
import type { MessagePort } from 'node:worker_threads'
import Sqlite from 'better-sqlite3'
import { EditorialError, type EditorialErrorKind, type EditorialField } from '../content/editorial-errors.js'
import type { Invalidation } from '../content/invalidation.js'
import type { WriteRequest } from './editorial-writes.js'
import type { Outcome } from './group-commit.js'

export interface WriterOptions { databasePath: string, siteUrl: string }

/** What the thread starts with: its options, and the port its answers (`FromWriter`) go out on. */
export interface WriterData extends WriterOptions { replies: MessagePort }

export type ToWriter =
  | { type: 'writes', writes: Array<{ id: number, write: WriteRequest }> }
  /** Every write is answered and the main thread took data_version as seen: look once more. */
  | { type: 'absorbed' }
  | { type: 'close' }

export type SentError =
  | { type: 'editorial', kind: EditorialErrorKind, message: string, fields: EditorialField[] }
  | { type: 'sqlite', code: string, message: string }
  | { type: 'other', name: string, message: string, stack: string | undefined }

/** One committed (or failed) batch: what each write did, and what they changed together. */
export interface BatchDone<E = SentError> {
  type: 'batch'
  results: Array<{ id: number, outcome: Outcome<E> }>
  invalidation: Invalidation
}

export type FromWriter =
  /** `nice`: the thread's own (Linux; null elsewhere), for the event loop to yield to. */
  | { type: 'ready', nice: number | null }
  | BatchDone
  /** Another process committed. */
  | { type: 'external' }

export function sendableError (error: unknown): SentError {
  if (error instanceof EditorialError) return { type: 'editorial', kind: error.kind, message: error.message, fields: error.fields }
  if (error instanceof Sqlite.SqliteError) return { type: 'sqlite', code: error.code, message: error.message }
  const e = error instanceof Error ? error : new Error(String(error))
  return { type: 'other', name: e.name, message: e.message, stack: e.stack }
}

export function receivedError (sent: SentError): Error {
  switch (sent.type) {
    case 'editorial': return new EditorialError(sent.kind, sent.message, sent.fields)
    case 'sqlite': return new Sqlite.SqliteError(sent.message, sent.code)
    case 'other': return Object.assign(new Error(sent.message), { name: sent.name, stack: sent.stack })
  }
}

export const sendableOutcome = (o: Outcome): Outcome<SentError> => o.ok ? o : { ok: false, error: sendableError(o.error) }
export const receivedOutcome = (o: Outcome<SentError>): Outcome => o.ok ? o : { ok: false, error: receivedError(o.error) }
