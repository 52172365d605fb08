/**
 * Node's 'clientError': a request the HTTP parser refused (a malformed request line,
 * header or framing), headers over the size limit, or a client too slow to send its
 * request. Fastify never sees these as requests, so they get neither the error handler
 * nor helmet: this writes the problem+json answer straight to the socket, with the
 * security headers every other response has, and closes the connection.
 */
import { maxHeaderSize, STATUS_CODES, type ServerResponse } from 'node:http'
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
  // The answer in progress on this socket (a slow body's request was already routed).
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined
  const { status, detail } = problemFor(err, this.server)
  // The error's rawPacket holds the request's bytes, Authorization included: log the code only.
  this.log.debug({ code: err.code, status }, 'client error')
  // Once part of an answer was written, anything more would corrupt it: only close.
  if (!socket.writable || inFlight?.headersSent === true) {
    socket.destroy()
    return
  }
  socket.end(rawProblem(status, detail, inFlight?.req?.url), () => socket.destroy())
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
}
