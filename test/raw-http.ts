/** HTTP/1.1 over a bare socket, for what fetch and inject cannot send: broken framing, slow clients. */
import { connect } from 'node:net'

export interface RawAnswer {
  /** Every byte the server sent, as text. */
  text: string
  /** The first response in `text`. */
  status: number
  headers: Record<string, string>
  body: string
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number
}

/** Parses the first response of `text` (Content-Length framing). */
export function parseAnswer (text: string): Omit<RawAnswer, 'text' | 'closedAfterMs'> {
  const end = text.indexOf('\r\n\r\n')
  const [statusLine, ...lines] = text.slice(0, end === -1 ? text.length : end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? 0)
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0), headers, body: end === -1 ? '' : Buffer.from(text.slice(end + 4)).subarray(0, length).toString() }
}

/**
 * Connects, writes `chunks` (a number waits that many ms before the next chunk), and
 * reads until the server closes the connection or `giveUpMs` pass.
 */
export function rawRequest (port: number, chunks: Array<string | Buffer | number>, giveUpMs = 15_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const received: Buffer[] = []
    const socket = connect(port, '127.0.0.1')
    let closed = false
    const giveUp = setTimeout(() => { socket.destroy(); reject(new Error(`the server kept the connection open for ${giveUpMs} ms`)) }, giveUpMs)
    socket.on('data', (data) => received.push(data))
    socket.on('error', () => { /* a reset after the answer still ends the exchange */ })
    socket.on('close', () => {
      closed = true
      clearTimeout(giveUp)
      const text = Buffer.concat(received).toString('latin1')
      resolve({ text, ...parseAnswer(text), closedAfterMs: Date.now() - started })
    })
    socket.once('connect', async () => {
      for (const chunk of chunks) {
        if (closed) return
        if (typeof chunk === 'number') await new Promise((resolve) => setTimeout(resolve, chunk))
        else if (!socket.destroyed) socket.write(chunk)
      }
    })
  })
}

/** `text` as separate one-byte writes `everyMs` apart: a client that sends, but too slowly. */
export function trickle (text: string, everyMs: number): Array<string | number> {
  return [...text].flatMap((c) => [c, everyMs])
}
