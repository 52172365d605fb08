/**
 * Requests Node's HTTP parser refuses never reach Fastify's error handler: they are
 * answered from the 'clientError' event (src/http/client-errors.ts). They must look
 * like every other error: problem+json, no-store, the security headers, and then the
 * connection closes.
 */
import { createServer } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { answerClientError, rawProblem, watchAnswers } from '../../src/http/client-errors.js'
import { SECURITY_HEADERS } from '../../src/http/security-headers.js'
import { build } from '../helper.js'
import { parseAnswer, rawRequest, type RawAnswer } from '../raw-http.js'

const long = 'a'.repeat(20_000)

// [what, bytes sent, status]
const cases: Array<[string, string, number]> = [
  ['headers over the limit (a 20,000-character query)', `GET /v1/search?q=${long} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
  ['one header over the limit', `GET /v1/stories HTTP/1.1\r\nHost: x\r\nX-Big: ${long}\r\n\r\n`, 431],
  ['an unknown method', 'BREW /v1/stories HTTP/1.1\r\nHost: x\r\n\r\n', 400],
  ['a malformed request line', 'GET /v1/stories HTTP/1.1 extra\r\nHost: x\r\n\r\n', 400],
  ['no request line at all', '\u0001\u0002\u0003\r\n\r\n', 400],
  ['HTTP/9.9', 'GET /v1/stories HTTP/9.9\r\nHost: x\r\n\r\n', 400],
  ['a space in a header name', 'GET /v1/stories HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n', 400],
  ['a control character in a header value', 'GET /v1/stories HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n', 400],
  ['a header line without a colon', 'GET /v1/stories HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n', 400],
  ['Content-Length and Transfer-Encoding together', 'POST /v1/tags HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ['a Content-Length that is not a number', 'POST /v1/tags HTTP/1.1\r\nHost: x\r\nContent-Length: ab\r\n\r\n', 400],
  ['two different Content-Lengths', 'POST /v1/tags HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400],
  ['a chunk size that is not hex', 'POST /v1/tags HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400],
  ['an unknown transfer coding', 'POST /v1/tags HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, foo\r\n\r\n', 400]
]

function checkAnswer (t: Test, what: string, answer: RawAnswer | ReturnType<typeof parseAnswer>, status: number, security: Record<string, string>) {
  t.equal(answer.status, status, `${what} → ${status}`)
  t.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8', `${what}: problem+json`)
  t.equal(answer.headers['cache-control'], 'no-store')
  t.equal(answer.headers.connection, 'close')
  t.same(Object.fromEntries(Object.keys(security).map((name) => [name, answer.headers[name]])), security, `${what}: the security headers of every other response`)
  const body = JSON.parse(answer.body)
  t.match(body, { type: 'about:blank', title: String, status, detail: String, code: String }, `${what}: ${answer.body}`)
  t.notOk('error' in body || 'statusCode' in body, 'not Fastify\'s own error shape')
}

t.test('requests the HTTP parser refuses are problem+json with the security headers, and the connection closes', async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  // What helmet puts on a normal answer is what the raw answers must carry.
  const normal = await fetch(`http://127.0.0.1:${port}/v1/nothing-here`)
  const security = Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name.toLowerCase(), normal.headers.get(name) ?? '(missing)']))
  const helmetNames = [...normal.headers.keys()].filter((name) => !/^(access-control-|x-ratelimit-|content-(type|length)$|cache-control$|date$|connection$|keep-alive$)/.test(name))
  t.same(helmetNames.sort(), Object.keys(security).sort(), 'SECURITY_HEADERS lists every header helmet sends')

  for (const [what, request, status] of cases) {
    const answer = await rawRequest(port, [request])
    checkAnswer(t, what, answer, status, security)
    t.equal(answer.text.match(/HTTP\/1\.1 /g)?.length, 1, `${what}: one answer, then the connection closed`)
  }
  t.match(JSON.parse((await rawRequest(port, [cases[0]![1]])).body).code, 'request_header_fields_too_large')

  // After a good answer on a kept-alive connection, a broken request still gets its own.
  const both = await rawRequest(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 300, 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n'])
  const second = both.text.slice(both.text.indexOf('HTTP/1.1 ', 10))
  t.equal(both.status, 200, 'the first request is answered')
  checkAnswer(t, 'a broken request after a good one', parseAnswer(second), 400, security)

  // The server is unharmed.
  t.equal((await fetch(`http://127.0.0.1:${port}/v1/stories?limit=1`)).status, 200)
})

t.test('the raw answer is a well-formed HTTP/1.1 response', async (t) => {
  const text = rawProblem(408, 'Too slow', '/v1/tags?x=1')
  const answer = parseAnswer(text)
  t.equal(answer.status, 408)
  t.equal(Number(answer.headers['content-length']), Buffer.byteLength(answer.body))
  t.same(JSON.parse(answer.body), { type: 'about:blank', title: 'Request Timeout', status: 408, detail: 'Too slow', instance: '/v1/tags', code: 'request_timeout' })
  t.notOk('instance' in JSON.parse(parseAnswer(rawProblem(400, 'Bad')).body), 'no instance when the URL is unknown')
})

t.test('a broken request pipelined behind unfinished answers closes the connection, never cuts into them', async (t) => {
  // A bare server with the same handler: the answer to /slow is being written, /fast waits its turn.
  const server = createServer((req, res) => {
    if (req.url === '/slow') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '10' })
      res.write('hello')
      setTimeout(() => res.end('world'), 800)
    } else {
      setTimeout(() => res.end('fast'), 300)
    }
  })
  watchAnswers(server)
  const instance = { server, log: { debug () {} } } as unknown as FastifyInstance
  server.on('clientError', (err, socket) => answerClientError.call(instance, err, socket as Socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const { port } = server.address() as { port: number }
  const answer = await rawRequest(port, ['GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n', 100, 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n'])
  t.equal(answer.status, 200, 'the first answer starts as it should')
  t.notMatch(answer.text, /HTTP\/1\.1 400/, `no 400 written inside or before another answer: ${JSON.stringify(answer.text)}`)
})
