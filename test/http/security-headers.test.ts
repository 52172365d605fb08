/**
 * The security headers are helmet's, worked out once (src/http/security-headers.ts):
 * helmet run with the same options must send exactly these, in this order, and the app
 * must send them on every kind of answer.
 */
import helmet from '@fastify/helmet'
import Fastify from 'fastify'
import t from 'tap'
import { HELMET_OPTIONS, SECURITY_HEADERS, securityHeadersFor } from '../../src/http/security-headers.js'
import { build } from '../helper.js'

const NOT_HELMET = /^(content-(type|length)|date|connection|keep-alive)$/

async function helmetHeaders (routeOptions?: { contentSecurityPolicy: false }): Promise<Array<[string, string]>> {
  const app = Fastify()
  await app.register(helmet, HELMET_OPTIONS)
  app.get('/', routeOptions === undefined ? {} : { helmet: routeOptions }, async () => ({}))
  const answer = await app.inject('/')
  await app.close()
  return Object.entries(answer.headers).filter(([name]) => !NOT_HELMET.test(name)).map(([name, value]) => [name, String(value)])
}

const lowered = (headers: ReadonlyArray<[string, string]>) => headers.map(([name, value]) => [name.toLowerCase(), value])

t.test('SECURITY_HEADERS are what helmet sends with HELMET_OPTIONS, in its order', async (t) => {
  t.same(await helmetHeaders(), lowered(securityHeadersFor(undefined)))
  t.same(lowered(securityHeadersFor(undefined)), lowered(Object.entries(SECURITY_HEADERS)))
  t.same(await helmetHeaders({ contentSecurityPolicy: false }), lowered(securityHeadersFor({ contentSecurityPolicy: false })), 'a route that turns the CSP off')
})

t.test('every answer carries them: a read, a 304, a 404, a 400, the docs page without the CSP', async (t) => {
  const app = await build(t)
  const expect = (headers: Record<string, unknown>, what: string, except: string[] = []) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (except.includes(name)) continue
      t.equal(headers[name.toLowerCase()], value, `${what}: ${name}`)
    }
  }
  const read = await app.inject('/v1/stories?limit=1')
  t.equal(read.statusCode, 200)
  expect(read.headers, 'a list page')
  const again = await app.inject({ url: '/v1/stories?limit=1', headers: { 'if-none-match': String(read.headers.etag) } })
  t.equal(again.statusCode, 304)
  expect(again.headers, 'a 304')
  expect((await app.inject('/v1/stories/no-such-story')).headers, 'a 404')
  expect((await app.inject('/v1/stories?limit=0')).headers, 'a 400')
  const docs = await app.inject('/docs/')
  t.equal(docs.statusCode, 200)
  // Over plain http the docs page also drops COOP (src/plugins/docs-ui.ts).
  expect(docs.headers, 'the docs page', ['Content-Security-Policy', 'Cross-Origin-Opener-Policy'])
  t.not(docs.headers['content-security-policy'], SECURITY_HEADERS['Content-Security-Policy'], 'the docs page has its own CSP')
})
