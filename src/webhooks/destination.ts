/**
 * Where a delivery may go (SSRF). An endpoint's URL is checked when it is saved, and every
 * address its host resolves to is checked again when a delivery connects: only public
 * unicast addresses, unless WEBHOOK_ALLOWED_NETWORKS names the private network.
 */
import ipaddr from 'ipaddr.js'

export class DestinationRefused extends Error {
  override name = 'DestinationRefused'
}

/** The URL of an endpoint, or the reason it cannot be one. */
export function checkUrl (text: string): { ok: true, url: URL } | { ok: false, reason: string } {
  if (!URL.canParse(text)) return { ok: false, reason: 'is not a valid absolute URL' }
  const url = new URL(text)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'must be an http or https URL' }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'must not carry credentials: the signature authenticates Byline to the receiver' }
  if (url.hash !== '') return { ok: false, reason: 'must not have a fragment' }
  return { ok: true, url }
}

/** A host written as an IP address (brackets of an IPv6 literal removed), or null for a name. */
export function literalAddress (hostname: string): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
  return ipaddr.isValid(bare) ? bare : null
}

/** Whether `address` may be called: public unicast, or inside one of `allowed` (CIDR blocks). */
export function addressAllowed (address: string, allowed: readonly string[]): boolean {
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6
    // ::ffff:10.0.0.1 is 10.0.0.1; so is the deprecated IPv4-compatible ::10.0.0.1 (ipaddr.js calls it unicast).
    const compatible = v6.parts.slice(0, 6).every((p) => p === 0) && (v6.parts[6] !== 0 || v6.parts[7]! > 1)
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address()
    else if (compatible) parsed = ipaddr.fromByteArray(v6.toByteArray().slice(12))
  }
  for (const cidr of allowed) {
    const [network, bits] = ipaddr.parseCIDR(cidr)
    if (network.kind() === parsed.kind() && parsed.match([network, bits] as [ipaddr.IPv4 | ipaddr.IPv6, number])) return true
  }
  return parsed.range() === 'unicast'
}
