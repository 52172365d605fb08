/**
 * Node's 'clientError': a request the HTTP parser refused (a malformed request line,
 * header or framing), headers over the size limit, or a client too slow to send its
 * request. Fastify never sees these as requests, so they get neither the error handler
 * nor helmet: this writes the problem+json answer straight to the socket, with the
 * security headers every other response has, and closes the connection.
 */
import { maxHeaderSize, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { codeFor, problemBody } from './problem-reply.js'
import { SECURITY_HEADERS } from './security-headers.js'

interface ConnectionError extends Error {
  code?: string
  /** llhttp's fixed description of what it refused ("Invalid header value char"). */
  reason?: string
}

/** A connection that does not close by itself this long after the answer is cut. */
const LINGER_MS = 1_000

interface Answers {
  /** The answer to the latest request the connection carried. */
  latest: ServerResponse
  /** Answers not yet finished: more than one when requests were pipelined. */
  unfinished: Set<ServerResponse>
}

const answers = new WeakMap<Socket, Answers>()

/** Lets answerClientError know what was answered, or is being answered, on a connection. */
export function watchAnswers (server: Server): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const known = answers.get(req.socket)
    const unfinished = known?.unfinished ?? new Set<ServerResponse>()
    unfinished.add(res)
    const done = () => { unfinished.delete(res) }
    res.once('finish', done).once('close', done)
    answers.set(req.socket, { latest: res, unfinished })
  })
}

/**
 * Whether a problem may be written on the connection now: not while an answer is being
 * written or waits its turn (pipelined requests: the bytes would land inside or before
 * another answer), nor after an answer sent before its request's body had all arrived
 * (a 401 to a slow upload: another answer would answer nothing). The one request that
 * may still be pending is the latest, whose body is late: the problem is its answer.
 */
function mayAnswer (known: Answers | undefined): boolean {
  if (known === undefined) return true
  const { latest, unfinished } = known
  if (latest.writableFinished && !latest.req.complete) return false
  for (const res of unfinished) if (res !== latest || res.headersSent) return false
  return true
}

function problemFor (err: ConnectionError, server: FastifyInstance['server']): { status: number, detail: string } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, detail: `The request did not arrive in time: headers must arrive within ${server.headersTimeout / 1000} s and the whole request within ${server.requestTimeout / 1000} s` }
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, detail: `The request line and headers are larger than the ${maxHeaderSize / 1024} KB the server accepts` }
  }
  const why = typeof err.reason === 'string' && err.reason !== '' ? err.reason : err.code ?? 'unreadable'
  return { status: 400, detail: `The request is not valid HTTP/1.1: ${why}` }
}

/** The raw HTTP/1.1 answer: status line, headers and body. */
export function rawProblem (status: number, detail: string, url?: string): string {
  const body = JSON.stringify(problemBody({ status, code: codeFor(status), detail }, url))
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
    Date: new Date().toUTCString(),
    ...SECURITY_HEADERS
  }
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`
}

/** Fastify's `clientErrorHandler` (called with the instance as `this`). */
export function answerClientError (this: FastifyInstance, err: ConnectionError, socket: Socket): void {
  // A reset connection has no one to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) {
    socket.destroy()
    return
  }
  const { status, detail } = problemFor(err, this.server)
  // The error's rawPacket holds the request's bytes, Authorization included: log the code only.
  this.log.debug({ code: err.code, status }, 'client error')
  const known = answers.get(socket)
  if (!socket.writable || !mayAnswer(known)) {
    socket.destroy()
    return
  }
  // A request that was read and routed, but whose body is late, is named.
  const pending = known !== undefined && known.unfinished.has(known.latest) ? known.latest.req.url : undefined
  socket.end(rawProblem(status, detail, pending), () => socket.destroy())
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
}
