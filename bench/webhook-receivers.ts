/**
 * The receivers of `npm run bench:webhooks`: node:http servers on 127.0.0.1 in the bench
 * process, answering 204 as soon as a request's body has arrived, then recording what came:
 * the arrival time, the payload's `timestamp` (when the change reached the public), its type,
 * the story's id, the `webhook-id`. A sample of the signatures (each endpoint's first message,
 * then every 100th) is checked with the `standardwebhooks` package.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface Delivery {
  /** Wall-clock arrival (ms, fractional). */
  arrival: number
  /** The payload's `timestamp` (ms). */
  timestamp: number
  type: string
  webhookId: string
  /** `data.id`: the story's (or other resource's) id. */
  resourceId: string
  /** The bench's phase when it arrived. */
  phase: string
}

export interface Receiver {
  url: string
  deliveries: Delivery[]
  /** Requests that were not a parsable Standard Webhooks POST. */
  malformed: number
  signaturesChecked: number
  signaturesBad: number
  /** The endpoint's secret, once the endpoint exists (for the signature sample). */
  secret: string | null
  close (): Promise<void>
}

const wallNow = () => performance.timeOrigin + performance.now()

export interface Receivers {
  list: Receiver[]
  /** Labels the deliveries that arrive from now on. */
  phase (name: string): void
  /** Called after each delivery (the bench waits on counts). */
  onDelivery: (() => void) | null
  close (): Promise<void>
}

export async function startReceivers (count: number): Promise<Receivers> {
  let phase = 'setup'
  const receivers: Receivers = { list: [], phase: (name) => { phase = name }, onDelivery: null, close: async () => { await Promise.all(receivers.list.map((r) => r.close())) } }
  for (let i = 0; i < count; i++) {
    const receiver: Receiver = { url: '', deliveries: [], malformed: 0, signaturesChecked: 0, signaturesBad: 0, secret: null, close: async () => {} }
    let verifier: Webhook | null = null
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const arrival = wallNow()
        res.writeHead(204).end()
        const body = Buffer.concat(chunks).toString('utf8')
        try {
          const payload = JSON.parse(body) as { type: string, timestamp: string, data: { id?: string } }
          const webhookId = String(req.headers['webhook-id'])
          receiver.deliveries.push({ arrival, timestamp: Date.parse(payload.timestamp), type: payload.type, webhookId, resourceId: String(payload.data.id), phase })
          const n = receiver.deliveries.length
          if (receiver.secret !== null && (n === 1 || n % 100 === 0)) {
            verifier ??= new Webhook(receiver.secret)
            receiver.signaturesChecked++
            try {
              verifier.verify(body, { 'webhook-id': webhookId, 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) })
            } catch {
              receiver.signaturesBad++
            }
          }
        } catch {
          receiver.malformed++
        }
        receivers.onDelivery?.()
      })
    })
    server.keepAliveTimeout = 60_000
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/${i}`
    receiver.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
    receivers.list.push(receiver)
  }
  return receivers
}
