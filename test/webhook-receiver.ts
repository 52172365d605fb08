/**
 * A real HTTP receiver on 127.0.0.1 for the webhook tests: it records every request and
 * answers as the test says (a status, headers, a delay, or never).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received { method: string, url: string, headers: IncomingHttpHeaders, body: string, at: number }

export type Answer = (request: Received, response: ServerResponse) => void

export const answerWith = (status: number, headers: Record<string, string> = {}, body = ''): Answer => (_request, response) => {
  response.writeHead(status, headers).end(body)
}

export async function startReceiver (t: { teardown (fn: () => unknown): void }, answer: Answer = answerWith(204)) {
  const received: Received[] = []
  let current = answer
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() }
      received.push(request)
      current(request, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  let closed = false
  const close = () => closed ? Promise.resolve() : new Promise<void>((resolve) => { closed = true; server.closeAllConnections(); server.close(() => resolve()) })
  t.teardown(close)
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    /** Stops listening: the port then refuses connections. */
    close,
    /** What later requests get. */
    answer (next: Answer) { current = next },
    /** Webhook payloads received, parsed. */
    events: () => received.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as { type: string, timestamp: string, data: any })
  }
}
