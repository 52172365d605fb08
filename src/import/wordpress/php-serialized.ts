/**
 * PHP-serialized postmeta (`a:2:{i:0;s:5:"Price";…}`). The `s:N:` counts are UTF-8 byte
 * counts, and exports break them: XML parsing turns \r\n into \n, and a site moved between
 * encodings re-encodes the text under an unchanged count. A scanner walks the grammar,
 * puts back the count of every string whose declared end does not land on a plausible
 * `";`, and php-serialize decodes the repaired text.
 */
import { unserialize } from 'php-serialize'

class Unrepairable extends Error {}

// Objects (O:, C:), references (r:, R:), enums (E:) and escaped strings (S:) are refused:
// postmeta a verdict reads never holds them, and decoding one would instantiate classes.
const VALUE_START = /^(?:[ibdsa]:|N;)/
const INT = /^-?\d+$/
const FLOAT = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/
const MAX_DEPTH = 256

/** What must follow a string's closing `";` for that `";` to be its end. */
type After = 'end' | 'value' | 'key' | 'close'

class Scanner {
  private readonly out: string[] = []
  private copied = 0

  constructor (private readonly s: string) {}

  repaired (): string {
    const pos = this.value(0, 'end', 0)
    if (pos !== this.s.length) throw new Unrepairable('trailing text')
    this.out.push(this.s.slice(this.copied))
    return this.out.join('')
  }

  private value (pos: number, after: After, depth: number): number {
    const s = this.s
    const type = s[pos]
    if (s.startsWith('N;', pos)) return pos + 2
    if (s[pos + 1] !== ':') throw new Unrepairable(`unexpected ${type ?? 'end'} at ${pos}`)
    switch (type) {
      case 'b': {
        if (!/^[01];/.test(s.slice(pos + 2, pos + 4))) throw new Unrepairable(`bad boolean at ${pos}`)
        return pos + 4
      }
      case 'i':
      case 'd': {
        const end = s.indexOf(';', pos + 2)
        if (end === -1) throw new Unrepairable(`unterminated number at ${pos}`)
        const text = s.slice(pos + 2, end)
        if (type === 'i' && !INT.test(text)) throw new Unrepairable(`bad integer at ${pos}`)
        if (type === 'd' && !FLOAT.test(text)) throw new Unrepairable(`float ${text} at ${pos}`)
        // php-serialize reads an exponent without a decimal point as a BigInt, which throws.
        if (type === 'd' && /[eE]/.test(text) && !text.includes('.')) this.rewrite(pos + 2, end, text.replace(/[eE]/, '.0E'))
        return end + 1
      }
      case 's': return this.string(pos, after)
      case 'a': return this.array(pos, depth)
      default: throw new Unrepairable(`type ${type ?? 'end'} at ${pos}`)
    }
  }

  private string (pos: number, after: After): number {
    const s = this.s
    const colon = s.indexOf(':', pos + 2)
    const digits = s.slice(pos + 2, colon)
    if (colon === -1 || !/^\d+$/.test(digits) || s[colon + 1] !== '"') throw new Unrepairable(`bad string header at ${pos}`)
    const declared = Number(digits)
    const start = colon + 2
    // One walk forward: the `";` at the declared byte count wins; otherwise the plausible
    // `";` whose byte count is nearest the declared one (lost \r shorten, re-encoding lengthens).
    let best = -1
    let bestBytes = 0
    let bestDistance = Infinity
    let bytes = 0
    for (let j = start; j < s.length;) {
      if (s.startsWith('";', j) && this.plausible(j + 2, after)) {
        const distance = Math.abs(bytes - declared)
        if (distance < bestDistance) {
          best = j
          bestBytes = bytes
          bestDistance = distance
        }
        if (distance === 0) break
      }
      if (bytes - declared > bestDistance) break
      const code = s.charCodeAt(j)
      if (code >= 0xd800 && code <= 0xdbff && j + 1 < s.length && (s.charCodeAt(j + 1) & 0xfc00) === 0xdc00) {
        bytes += 4
        j += 2
      } else {
        bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3
        j += 1
      }
    }
    if (best === -1) throw new Unrepairable(`unterminated string at ${pos}`)
    if (bestBytes !== declared) this.rewrite(pos + 2, colon, String(bestBytes))
    return best + 2
  }

  private array (pos: number, depth: number): number {
    const s = this.s
    if (depth >= MAX_DEPTH) throw new Unrepairable('nested too deep')
    const colon = s.indexOf(':', pos + 2)
    const digits = s.slice(pos + 2, colon)
    if (colon === -1 || !/^\d+$/.test(digits) || s[colon + 1] !== '{') throw new Unrepairable(`bad array header at ${pos}`)
    const count = Number(digits)
    let p = colon + 2
    for (let i = 0; i < count; i++) {
      if (s[p] !== 'i' && s[p] !== 's') throw new Unrepairable(`bad array key at ${p}`)
      p = this.value(p, 'key', depth + 1)
      p = this.value(p, i === count - 1 ? 'close' : 'value', depth + 1)
    }
    if (s[p] !== '}') throw new Unrepairable(`array at ${pos} does not close after ${count} items`)
    return p + 1
  }

  /** Whether the text at `pos` can follow a string that ends just before it. */
  private plausible (pos: number, after: After): boolean {
    const s = this.s
    switch (after) {
      case 'end': return pos === s.length
      case 'close': return s[pos] === '}'
      case 'value': return s.startsWith('i:', pos) || s.startsWith('s:', pos)
      case 'key': return VALUE_START.test(s.slice(pos, pos + 2))
    }
  }

  private rewrite (from: number, to: number, text: string): void {
    this.out.push(this.s.slice(this.copied, from), text)
    this.copied = to
  }
}

/** php-serialize gives BigInt for integers past 2^53 (and for `-0`); JSON cannot hold those. */
function plain (value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value)
    return Number.isSafeInteger(n) ? n : value.toString()
  }
  if (Array.isArray(value)) return value.map(plain)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = plain(item)
    return out
  }
  return value
}

/** Unserializes a PHP-serialized postmeta value; first repairs `s:N:"…"` byte counts broken by XML's line-end normalization (\r\n → \n) or by re-encoding. Returns undefined for a value that is not serialized or cannot be repaired. */
export function unserializePhp (value: string): unknown {
  const text = value.trim()
  if (!VALUE_START.test(text)) return undefined
  let repaired: string
  try {
    repaired = new Scanner(text).repaired()
  } catch (error) {
    if (error instanceof Unrepairable || error instanceof RangeError) return undefined
    throw error
  }
  try {
    return plain(unserialize(repaired, {}, { strict: true }))
  } catch {
    return undefined
  }
}
