import t from 'tap'
import { cursorCodec } from '../../src/content/cursor.js'

const codec = cursorCodec('a-test-secret-of-some-length')

t.test('a cursor round-trips its key', async (t) => {
  const c = codec.encode('stories', [1700000000000, 'sto_abc'])
  t.match(c, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  t.same(codec.decode('stories', c, ['number', 'string']), [1700000000000, 'sto_abc'])
})

t.test('tampered, foreign and malformed cursors are refused', async (t) => {
  const c = codec.encode('stories', [1, 'x'])
  const [payload, mac] = c.split('.') as [string, string]
  const forgedPayload = Buffer.from(JSON.stringify(['stories', 2, 'x'])).toString('base64url')
  t.throws(() => codec.decode('stories', `${forgedPayload}.${mac}`, ['number', 'string']), { name: 'CursorError' }, 'payload changed')
  t.throws(() => codec.decode('stories', `${payload}.AAAA${mac.slice(4)}`, ['number', 'string']), { name: 'CursorError' }, 'signature changed')
  t.throws(() => codec.decode('stories', payload, ['number', 'string']), { name: 'CursorError' }, 'no signature')
  t.throws(() => cursorCodec('another-secret-entirely').decode('stories', c, ['number', 'string']), { name: 'CursorError' }, 'other secret')
  t.throws(() => codec.decode('reviews:score', c, ['number', 'number', 'string']), { name: 'CursorError' }, 'other list')
  t.throws(() => codec.decode('stories', c, ['string', 'string']), { name: 'CursorError' }, 'wrong shape')
  const notJson = Buffer.from('nope').toString('base64url')
  const signed = cursorCodec('a-test-secret-of-some-length')
  // a correctly signed payload that is not JSON is still refused
  const mac2 = (signed.encode('x', []).split('.')[1])
  t.throws(() => signed.decode('stories', `${notJson}.${mac2}`, ['number']), { name: 'CursorError' })
})
