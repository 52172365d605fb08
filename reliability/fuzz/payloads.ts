/**
 * Hostile values the fuzzer mixes into parameters and bodies, and a JSON writer that
 * can put what JSON.stringify cannot in a body: raw number tokens (2^53+1, 1e309, -0),
 * and `__proto__` / `constructor` as real keys.
 *
 * None of these contain the texts the leak check looks for (SQL keywords in capitals,
 * "sqlite", stack frames, file paths), so finding one in a response is a real leak
 * and not an echo of the request.
 */

/** A JSON token written as-is by `toJson` (a number JSON.stringify would round or refuse). */
export class RawJson {
  constructor (readonly text: string) {}
}

/** An object with `key` as an own, enumerable property, even `__proto__`. */
export function withKey (target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true })
  return target
}

/** JSON text of a value that may hold RawJson tokens and own `__proto__` keys. */
export function toJson (value: unknown): string {
  if (value instanceof RawJson) return value.text
  if (value === undefined) return 'null'
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  const parts: string[] = []
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined) continue
    parts.push(`${JSON.stringify(key)}:${toJson(v)}`)
  }
  return `{${parts.join(',')}}`
}

/** Deep copy that keeps RawJson tokens and own `__proto__` keys. */
export function clone<T> (value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof RawJson) return value
  if (Array.isArray(value)) return value.map(clone) as T
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) withKey(out, key, clone((value as Record<string, unknown>)[key]))
  return out as T
}

export const HUGE = 'a'.repeat(100_000)

export const SQL = [
  "' OR 1=1 --", '" OR ""="', '"; DROP TABLE stories; --', "'; DROP TABLE api_keys; --", "1' union all select null, null --",
  "x' AND 1=(select count(*) from stories) --", "') OR ('a'='a", '1; --', "admin'--", "' OR 'x'='x"
]
/** LIKE, GLOB and FTS5 metacharacters. */
export const META = [
  '%', '_', '*', '\\', '%%', '%_%', 'a%b_c', '\\%', '\\_', '[a-z]*', '?', '^', '"', "'", '`', '$', '~',
  '"unterminated', 'NEAR(a b)', 'a OR b', 'a AND NOT b', 'title:her', '-her', '+her', '(', ')', 'her*', '*her', 'a "b c', '{}', '[]', ':', '\\"', 'NOT', 'AND', 'OR'
]
export const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf']
export const UNICODE = [
  '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83dy', '\u202egnp.exe', 'abc\u202e', '\u200b', 'zero\u200bwidth', '\ufeff', '\u2028\u2029',
  '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', 'e\u0301\u0301\u0301', 'Z\u0351\u0352\u0353\u0354\u0355\u0356', '日本語のテキスト', 'مرحبا بالعالم', 'ǅ', 'ß', 'İ', 'ﬃ',
  '\u0001\u0002\u0008\u000b\u000c\u001f', '\u007f\u0085\u009f', '\uffff', '\ufffe', '\r\n\r\n', '\t', ' ', '  leading and trailing  ', '😀'.repeat(60)
]
export const MARKUP = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', ']]>', '<![CDATA[x]]>', '&amp;', '&#0;', '&lt;b&gt;', '&nbsp;', '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 'javascript:alert(1)', '[x](javascript:alert(1))', '![a](media:does-not-exist)', '```\ncode\n```'
]
export const MISC = [
  // eslint-disable-next-line no-template-curly-in-string -- a template-injection probe, sent as text
  '', ' ', '../../etc/passwd', '..\\..\\windows\\win.ini', '%2e%2e%2f', '%00', '%zz', '${7*7}', '{{7*7}}', '%s%s%s%n', 'null', 'undefined', 'true', 'false',
  'NaN', 'Infinity', '-Infinity', '-0', '1e308', '9007199254740993', '0x10', '1_000', ' 1', '1 ', '+1', '01', '1.0', '1e2', '-1', '0', '1.5', '[]', '{}'
]
export const NUMBERS_AS_STRINGS = ['NaN', 'Infinity', '-Infinity', '-0', '1e308', '1e309', '9007199254740993', '2.5', '-1', '0', '1e2', '0x1f', ' 7', '', 'abc', '١٢', '1,5']
/** Text JavaScript's Number() reads as a small number, that is not a plain decimal. */
export const LOOSE_NUMBERS = ['0x10', '0X1f', '0b11', '0o7', '1e1', '1E1', '.5e1', '5.', '5.0', ' 5', '5 ', '\t5', '\n5', '5\n', '+5', '05', '007', '-05', '\u00a05', '5\u2028']

/** Number tokens for JSON bodies, several of which JSON.stringify could not write. */
export const RAW_NUMBERS = [
  '9007199254740993', '-9007199254740993', '1e308', '-1e308', '1e309', '-1e309', '-0', '-0.0', '5e-324', '0.1e1', '1.0', '1E2', '123456789012345678901234567890', '-1', '0', '0.5', '2147483648', '4294967296'
]

export const NASTY_STRINGS = [...SQL, ...META, ...PROTO, ...UNICODE, ...MARKUP, ...MISC]

/** Values safe to send in an HTTP header (visible ASCII and spaces). */
export const HEADER_SAFE = NASTY_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s))

/**
 * encodeURIComponent that also writes lone surrogates (as their WTF-8 bytes, which no
 * UTF-8 decoder accepts) instead of throwing.
 */
export function encodeComponent (value: string): string {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) { out += encodeURIComponent(value.slice(i, i + 2)); i++; continue }
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
      continue
    }
    out += encodeURIComponent(value[i]!)
  }
  return out
}

/** Path segments: also escape "." and ".." so they are not dot segments. */
export function encodePathSegment (value: string): string {
  const encoded = encodeComponent(value)
  return encoded === '.' || encoded === '..' ? encoded.replace(/\./g, '%2E') : encoded
}
