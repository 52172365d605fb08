/** Load shedding: while the event loop lags past the limit, new requests get a quick 503. */
import t from 'tap'
import { build } from '../helper.js'

const busy = (ms: number) => { const end = Date.now() + ms; while (Date.now() < end) { /* block the loop, as a slow synchronous query would */ } }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('a blocked event loop sheds load with 503 problem+json and Retry-After, then recovers', async (t) => {
  const app = await build(t, { pressure: { maxEventLoopDelayMs: 50 }, responseCacheMb: 0 })
  await sleep(1200)
  t.equal((await app.inject('/v1/sections')).statusCode, 200, 'calm: served')
  let shed = null
  for (let i = 0; i < 20 && shed === null; i++) {
    busy(400)
    await sleep(20)
    const res = await app.inject('/v1/sections')
    if (res.statusCode === 503) shed = res
  }
  t.ok(shed !== null, 'a request arriving under pressure is refused')
  t.match(shed?.headers['content-type'], /^application\/problem\+json/)
  t.equal(shed?.headers['retry-after'], '5')
  t.equal(shed?.json().code, 'overloaded')
  let recovered = false
  for (let i = 0; i < 30 && !recovered; i++) {
    await sleep(200)
    recovered = (await app.inject('/v1/sections')).statusCode === 200
  }
  t.ok(recovered, 'served again once the loop is calm')
})

t.test('off by configuration', async (t) => {
  const app = await build(t)
  busy(300)
  t.equal((await app.inject('/v1/sections')).statusCode, 200)
})
