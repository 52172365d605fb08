/**
 * The HTTP request that delivers a message, by the kind of endpoint (pure):
 * - `webhook`: a POST of the payload signed per Standard Webhooks;
 * - `fastly`: Fastly's purge by surrogate key, `POST {url}` with `Surrogate-Key` and `Fastly-Key`;
 * - `varnish`: `PURGE {url}` with the keys in `xkey` (vmod xkey, scripts/varnish/byline.vcl);
 * - `websub`: the hub's publish notification, `hub.mode=publish` and one `hub.url` per topic.
 */
import type { Destination } from '../repositories/webhooks.js'
import type { OutgoingRequest } from './http-delivery.js'
import { signatureHeader } from './signature.js'

const USER_AGENT = 'Byline-Webhooks/1.0 (+https://www.standardwebhooks.com)'

interface Message { id: string, body: string }

interface PurgeData { surrogateKeys: string[] }
interface HubData { topics: string[] }

export function requestFor (destination: Destination, message: Message, now: number): OutgoingRequest {
  switch (destination.kind) {
    case 'webhook': {
      const timestamp = Math.floor(now / 1000)
      return {
        method: 'POST',
        url: destination.url,
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': message.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(destination.secrets, message.id, timestamp, message.body)
        },
        body: message.body
      }
    }
    case 'fastly': {
      const { surrogateKeys } = (JSON.parse(message.body) as { data: PurgeData }).data
      return { method: 'POST', url: destination.url, headers: { 'user-agent': USER_AGENT, accept: 'application/json', 'fastly-key': destination.purgeToken ?? '', 'surrogate-key': surrogateKeys.join(' ') }, body: null }
    }
    case 'varnish': {
      const { surrogateKeys } = (JSON.parse(message.body) as { data: PurgeData }).data
      return { method: 'PURGE', url: destination.url, headers: { 'user-agent': USER_AGENT, xkey: surrogateKeys.join(' ') }, body: null }
    }
    case 'websub': {
      const { topics } = (JSON.parse(message.body) as { data: HubData }).data
      const form = new URLSearchParams([['hub.mode', 'publish'], ...topics.map((t) => ['hub.url', t] as [string, string])])
      return { method: 'POST', url: destination.url, headers: { 'user-agent': USER_AGENT, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }
    }
  }
}
