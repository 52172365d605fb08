/**
 * /docs in a real browser (issue 14, item 11): Debian's Chromium opens Swagger UI over
 * plain http at a host name that is not localhost, as someone on a LAN address or a
 * staging host without TLS would. The page must render the operations with nothing in
 * the console: no CSP violation, no script error, no request that failed.
 */
import { existsSync } from 'node:fs'
import t from 'tap'
import { chromium } from 'playwright-core'
import { build } from '../helper.js'

const CHROMIUM = '/usr/bin/chromium'
// Not localhost, which browsers treat as a secure context; --host-resolver-rules sends it to the test server.
const HOST = 'docs.byline.test'

t.test('/docs renders in Chromium over plain http at a LAN host name, with a clean console', async (t) => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: this test needs Debian's chromium (apt-get install chromium), which CI installs`)
  }
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 10_000,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`
    ]
  })
  // Closed whatever happens after this, failures included.
  t.teardown(() => browser.close())
  const page = await browser.newPage()
  const consoleErrors: string[] = []
  const pageErrors: string[] = []
  const failedRequests: string[] = []
  const policies: string[] = []
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`) })
  page.on('pageerror', (error) => { pageErrors.push(String(error)) })
  page.on('requestfailed', (request) => { failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`) })
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.url()}: HTTP ${response.status()}`)
    const policy = response.headers()['content-security-policy']
    if (response.request().resourceType() === 'document' && policy !== undefined) policies.push(policy)
  })

  const url = `http://${HOST}:${port}/docs`
  const response = await page.goto(url, { waitUntil: 'load', timeout: 10_000 })
  t.equal(response?.status(), 200, `${url} answers 200`)
  t.equal(new URL(page.url()).protocol, 'http:', 'the page stays on http')
  // Swagger UI has fetched the document and drawn the operations; a blank page never gets here.
  const rendered = await page.waitForSelector('.opblock', { timeout: 8_000 }).then(() => true, () => false)
  t.ok(rendered, 'Swagger UI rendered the operations')
  if (rendered) t.match(await page.textContent('.information-container .title'), /Byline Content API/, 'the document title is shown')

  t.ok(policies.length > 0, 'the page is sent with a Content-Security-Policy')
  for (const policy of policies) t.notMatch(policy, /upgrade-insecure-requests/i, `no upgrade-insecure-requests: ${policy}`)
  t.same(consoleErrors, [], 'no console errors')
  t.same(pageErrors, [], 'no uncaught page errors')
  t.same(failedRequests, [], 'no failed requests')
})

t.test('/docs keeps Cross-Origin-Opener-Policy where browsers honour it: over https', async (t) => {
  const app = await build(t, { trustProxy: true })
  const overHttps = await app.inject({ url: '/docs/', headers: { 'x-forwarded-proto': 'https' } })
  t.equal(overHttps.statusCode, 200)
  t.equal(overHttps.headers['cross-origin-opener-policy'], 'same-origin', 'sent behind a TLS-terminating proxy')
  // Over plain http Chromium ignores it and logs a console error, so it is left off.
  const overHttp = await app.inject('/docs/')
  t.equal(overHttp.headers['cross-origin-opener-policy'], undefined, 'not sent over plain http')
  const api = await app.inject('/v1/stories?limit=1')
  t.equal(api.headers['cross-origin-opener-policy'], 'same-origin', 'the API keeps its own headers')
})
