/**
 * Strings that match a JSON Schema `pattern`: a small generator for the regular
 * expressions such patterns use (anchors, literals, escapes, classes, groups,
 * alternation, quantifiers). Lookarounds and backreferences are not supported; the
 * caller checks the result with RegExp and falls back when it does not match.
 */
import type { Rng } from './prng.js'

type Node =
  | { kind: 'seq', items: Node[] }
  | { kind: 'alt', options: Node[] }
  | { kind: 'chars', chars: string[] }
  | { kind: 'repeat', node: Node, min: number, max: number }
  | { kind: 'empty' }

const range = (from: string, to: string) => {
  const out: string[] = []
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out.push(String.fromCharCode(c))
  return out
}
const DIGITS = range('0', '9')
const WORD = [...range('a', 'z'), ...range('A', 'Z'), ...DIGITS, '_']
const PRINTABLE = range(' ', '~')
const ANY = [...range('a', 'z'), ...DIGITS]

class Parser {
  private i = 0
  constructor (private readonly src: string) {}

  parse (): Node {
    const node = this.alternation()
    if (this.i < this.src.length) throw new Error(`unexpected "${this.src[this.i]}" at ${this.i}`)
    return node
  }

  private alternation (): Node {
    const options = [this.sequence()]
    while (this.src[this.i] === '|') { this.i++; options.push(this.sequence()) }
    return options.length === 1 ? options[0]! : { kind: 'alt', options }
  }

  private sequence (): Node {
    const items: Node[] = []
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      let atom = this.atom()
      atom = this.quantified(atom)
      items.push(atom)
    }
    return { kind: 'seq', items }
  }

  private quantified (atom: Node): Node {
    const c = this.src[this.i]
    let min: number, max: number
    if (c === '*') { min = 0; max = 3; this.i++ } else if (c === '+') { min = 1; max = 4; this.i++ } else if (c === '?') { min = 0; max = 1; this.i++ } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i))
      if (m === null) return atom
      this.i += m[0].length
      min = Number(m[1])
      max = m[2] === undefined ? min : m[3] === '' ? min + 3 : Number(m[3])
    } else return atom
    if (this.src[this.i] === '?') this.i++ // lazy: same strings
    return { kind: 'repeat', node: atom, min, max }
  }

  private atom (): Node {
    const c = this.src[this.i]!
    if (c === '^' || c === '$') { this.i++; return { kind: 'empty' } }
    if (c === '(') {
      this.i++
      if (this.src.startsWith('?:', this.i)) this.i += 2
      else if (this.src[this.i] === '?') throw new Error('lookaround is not supported')
      const inner = this.alternation()
      if (this.src[this.i] !== ')') throw new Error('unclosed group')
      this.i++
      return inner
    }
    if (c === '[') return this.charClass()
    if (c === '.') { this.i++; return { kind: 'chars', chars: ANY } }
    if (c === '\\') { this.i++; return { kind: 'chars', chars: this.escape() } }
    this.i++
    return { kind: 'chars', chars: [c] }
  }

  private escape (): string[] {
    const c = this.src[this.i++]!
    switch (c) {
      case 'd': return DIGITS
      case 'w': return WORD
      case 's': return [' ']
      case 'D': return PRINTABLE.filter((x) => !DIGITS.includes(x))
      case 'W': return PRINTABLE.filter((x) => !WORD.includes(x))
      case 'n': return ['\n']
      case 't': return ['\t']
      default:
        if (/[0-9bBkpPux]/.test(c)) throw new Error(`escape \\${c} is not supported`)
        return [c]
    }
  }

  private charClass (): Node {
    this.i++ // [
    let negated = false
    if (this.src[this.i] === '^') { negated = true; this.i++ }
    const chars: string[] = []
    let first = true
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false
      let from: string[]
      if (this.src[this.i] === '\\') { this.i++; from = this.escape() } else from = [this.src[this.i++]!]
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && from.length === 1) {
        this.i++
        let to: string
        if (this.src[this.i] === '\\') { this.i++; to = this.escape()[0]! } else to = this.src[this.i++]!
        chars.push(...range(from[0]!, to))
      } else chars.push(...from)
    }
    if (this.src[this.i] !== ']') throw new Error('unclosed class')
    this.i++
    return { kind: 'chars', chars: negated ? PRINTABLE.filter((x) => !chars.includes(x)) : chars }
  }
}

function generate (node: Node, rng: Rng): string {
  switch (node.kind) {
    case 'empty': return ''
    case 'chars': return rng.pick(node.chars)
    case 'seq': return node.items.map((n) => generate(n, rng)).join('')
    case 'alt': return generate(rng.pick(node.options), rng)
    case 'repeat': {
      const n = rng.int(node.min, node.max)
      let s = ''
      for (let k = 0; k < n; k++) s += generate(node.node, rng)
      return s
    }
  }
}

const parsed = new Map<string, Node | null>()

/**
 * A string matching `pattern` whose length is within [minLength, maxLength], or null
 * when none was found. An end without `$` may be followed by anything: `suffix` is
 * appended there (a URL host and path, for `^https?://`).
 */
export function stringMatching (pattern: string, rng: Rng, minLength = 0, maxLength = Infinity, suffix?: () => string): string | null {
  let node = parsed.get(pattern)
  if (node === undefined) {
    try { node = new Parser(pattern).parse() } catch { node = null }
    parsed.set(pattern, node)
  }
  if (node === null) return null
  const re = new RegExp(pattern, 'u')
  const open = !pattern.endsWith('$')
  for (let attempt = 0; attempt < 40; attempt++) {
    let s = generate(node, rng)
    if (open) s += suffix?.() ?? ''
    while (s.length < minLength && open) s += rng.string(1)
    const length = [...s].length
    if (length >= minLength && length <= maxLength && re.test(s)) return s
  }
  return null
}
