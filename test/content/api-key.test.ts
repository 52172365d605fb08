import { createHash } from 'node:crypto'
import t from 'tap'
import { generateApiKey, hashSecret, parseApiKey, ROLES, secretMatches } from '../../src/content/api-key.js'

t.test('a generated key is byl_<16 hex>_<43 base64url>', async (t) => {
  const key = generateApiKey()
  t.match(key.id, /^[0-9a-f]{16}$/)
  t.match(key.secret, /^[A-Za-z0-9_-]{43}$/)
  t.equal(Buffer.from(key.secret, 'base64url').length, 32, '256 bits of secret')
  t.equal(key.token, `byl_${key.id}_${key.secret}`)
  const other = generateApiKey()
  t.not(other.id, key.id)
  t.not(other.secret, key.secret)
})

t.test('parse accepts every generated token and gives back its parts', async (t) => {
  for (let i = 0; i < 200; i++) {
    const { id, secret, token } = generateApiKey()
    t.same(parseApiKey(token), { id, secret }, token)
  }
})

t.test('parse refuses anything that is not exactly a token', async (t) => {
  const { id, secret, token } = generateApiKey()
  const refused = [
    '',
    `byk_${id}_${secret}`, // wrong prefix
    `BYL_${id}_${secret}`,
    `${id}_${secret}`, // no prefix
    `byl_${id}_${secret.slice(1)}`, // secret one character short
    `byl_${id}_${secret}A`, // secret one character long
    `byl_${id.slice(1)}_${secret}`, // id one character short
    `byl_${id.toUpperCase().replace(/^[0-9]/, 'A')}_${secret}`, // uppercase hex id
    `byl_${id.slice(0, 15)}g_${secret}`, // not hex
    `byl_${id}-${secret}`, // wrong separator
    ` ${token}`, // surrounding characters
    `${token} `,
    `${token}\n`,
    `Bearer ${token}`,
    `byl_${id}_${secret.slice(0, 42)}=`, // padding is not base64url
    `byl_${id}_${secret.slice(0, 42)}+`
  ]
  for (const candidate of refused) t.equal(parseApiKey(candidate), null, JSON.stringify(candidate))
})

t.test('hashSecret is hex SHA-256 of the secret', async (t) => {
  const { secret } = generateApiKey()
  t.equal(hashSecret(secret), createHash('sha256').update(secret).digest('hex'))
  t.match(hashSecret(secret), /^[0-9a-f]{64}$/)
  t.equal(hashSecret('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'known SHA-256 vector')
  t.not(hashSecret(secret), hashSecret(generateApiKey().secret))
})

t.test('secretMatches compares the secret with a stored hash', async (t) => {
  const { secret } = generateApiKey()
  const stored = hashSecret(secret)
  t.equal(secretMatches(secret, stored), true)
  t.equal(secretMatches(generateApiKey().secret, stored), false, 'another secret')
  t.equal(secretMatches(`${secret}x`, stored), false, 'secret with a character added')
  t.equal(secretMatches(secret, stored.toUpperCase()), false, 'the hash is compared exactly')
  t.equal(secretMatches(secret, stored.slice(0, -1)), false, 'stored hash one character short')
  t.equal(secretMatches(secret, `${stored}0`), false, 'stored hash one character long')
  t.equal(secretMatches(secret, ''), false, 'empty stored hash')
  t.equal(secretMatches(secret, secret), false, 'the secret itself is not its hash')
})

t.test('the roles are the ones the api_keys table allows', async (t) => {
  t.same([...ROLES], ['admin', 'editor', 'partner'])
})
