/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so a fuzz run is a pure
 * function of its seed: the same seed sends the same requests to the same data.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor (readonly seed: number) {
    let s = seed >>> 0
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next(); this.b = next(); this.c = next(); this.d = next()
    for (let i = 0; i < 12; i++) this.u32()
  }

  /** Uniform 32-bit unsigned integer. */
  u32 (): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** Uniform in [0, 1). */
  float (): number { return this.u32() / 4294967296 }

  /** Uniform integer in [min, max] (inclusive); bounds are clamped to safe integers. */
  int (min: number, max: number): number {
    const lo = Math.ceil(Math.max(min, -Number.MAX_SAFE_INTEGER))
    const hi = Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER))
    if (hi <= lo) return lo
    return lo + Math.floor(this.float() * (hi - lo + 1))
  }

  chance (p: number): boolean { return this.float() < p }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.float() * items.length)]!
  }

  /** Picks by weight: [[weight, value], ...]. */
  weighted<T> (choices: ReadonlyArray<readonly [number, T]>): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0)
    let r = this.float() * total
    for (const [w, value] of choices) {
      if (r < w) return value
      r -= w
    }
    return choices[choices.length - 1]![1]
  }

  shuffle<T> (items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }

  /** A random string of `length` characters from `alphabet`. */
  string (length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let s = ''
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.float() * alphabet.length)]
    return s
  }
}

/** A seed for a run that was not given one. */
export function randomSeed (): number {
  return Math.floor(Math.random() * 2 ** 31)
}
