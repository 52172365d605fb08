import { createHmac } from 'node:crypto'
import t from 'tap'
import { cursorCodec } from '../../src/content/cursor.js'

const SECRET = 'a-test-secret-of-some-length'
const codec = cursorCodec(SECRET)
const signed = (kind: string, payload: string) =>
  `${payload}.${createHmac('sha256', SECRET).update(`${kind}\n${payload}`).digest().subarray(0, 12).toString('base64url')}`

t.test('a cursor round-trips its key', async (t) => {
  const c = codec.encode('stories', [1700000000000, 'sto_abc'])
  t.match(c, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  t.same(codec.decode('stories', c, ['number', 'string']), [1700000000000, 'sto_abc'])
  t.equal(signed('stories', c.split('.')[0]!), c, 'the signature covers the list name and the payload')
})

t.test('tampered, foreign and malformed cursors are refused', async (t) => {
  const c = codec.encode('stories', [1, 'x'])
  const [payload, mac] = c.split('.') as [string, string]
  const refuse = (cursor: string, kind = 'stories', shape: Array<'string' | 'number'> = ['number', 'string']) =>
    t.throws(() => codec.decode(kind, cursor, shape), { name: 'CursorError' }, cursor)
  refuse(`${Buffer.from(JSON.stringify([2, 'x'])).toString('base64url')}.${mac}`) // payload changed
  refuse(`${payload}.AAAA${mac.slice(4)}`) // signature changed
  refuse(`${payload}.${mac}x`) // signature extended: base64url would ignore the extra bits
  refuse(`${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`) // last character changed
  refuse(payload) // no signature
  refuse(`${c}.extra`)
  t.throws(() => cursorCodec('another-secret-entirely').decode('stories', c, ['number', 'string']), { name: 'CursorError' }, 'other secret')
  refuse(c, 'stories?type=podcast') // same list, other filters
  refuse(c, 'reviews?sort=score', ['number', 'number', 'string']) // other list
  // Correctly signed, but not what this list's cursors hold:
  refuse(signed('stories', Buffer.from('not json').toString('base64url')))
  refuse(signed('stories', Buffer.from('{"a":1}').toString('base64url')))
  refuse(signed('stories', Buffer.from('["x","y"]').toString('base64url')))
  refuse(signed('stories', Buffer.from('[1]').toString('base64url')))
})

t.test('a sealed cursor round-trips, hides its key and refuses tampering', async (t) => {
  const c = codec.seal('sync?types=story', [306, 1700000000000, 12])
  t.match(c, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'fits the Cursor pattern')
  t.same(codec.open('sync?types=story', c, ['number', 'number', 'number']), [306, 1700000000000, 12])
  t.notOk(Buffer.from(c.split('.')[0]!, 'base64url').toString('latin1').includes('306'), 'the numbers cannot be read')
  t.not(codec.seal('sync?types=story', [306, 1700000000000, 12]), c, 'a fresh IV each time')
  const [payload, tag] = c.split('.') as [string, string]
  const refuse = (cursor: string, kind = 'sync?types=story') =>
    t.throws(() => codec.open(kind, cursor, ['number', 'number', 'number']), { name: 'CursorError' }, cursor)
  refuse(c, 'sync?types=author') // another filter
  refuse(`${payload.slice(0, -2)}${payload.endsWith('AA') ? 'BB' : 'AA'}.${tag}`) // ciphertext changed
  refuse(`${payload}.${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`) // tag changed
  refuse(`${payload}.${tag}x`) // tag extended
  refuse(`${payload}.${tag}.x`)
  refuse('AAAA.AAAA')
  t.throws(() => cursorCodec('another-secret-entirely').open('sync?types=story', c, ['number', 'number', 'number']), { name: 'CursorError' }, 'other secret')
  t.throws(() => codec.decode('sync?types=story', c, ['number', 'number', 'number']), { name: 'CursorError' }, 'a sealed cursor is not a signed one')
})
