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

/** The answer to the latest request each connection carried. */
const answers = new WeakMap<Socket, ServerResponse>()

/** Lets answerClientError know what was already answered on a connection. */
export function watchAnswers (server: Server): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => { answers.set(req.socket, res) })
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
  // An answer begun, or sent before its request's body had all arrived (a 401 to a slow
  // upload): another answer now would corrupt it or answer nothing. Only close.
  const res = answers.get(socket)
  const answered = res !== undefined && res.headersSent && !(res.writableFinished && res.req.complete)
  if (!socket.writable || answered) {
    socket.destroy()
    return
  }
  // A request that was read and routed, but whose body is late, is named.
  socket.end(rawProblem(status, detail, res !== undefined && !res.headersSent ? res.req.url : undefined), () => socket.destroy())
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
}
