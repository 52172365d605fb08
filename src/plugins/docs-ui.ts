/**
 * /docs: Swagger UI over the OpenAPI document. It is a page, not JSON: public, and with
 * its own Content-Security-Policy instead of the API's `default-src 'none'`. The page
 * must work wherever the API is reachable, plain http at a LAN address or a staging
 * host without TLS included, so nothing here assumes https.
 */
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { ACCESS } from './auth.js'

declare module 'fastify' {
  // src/plugins/protection.ts reads a route's own security-header settings from here (as @fastify/helmet did).
  interface FastifyContextConfig { helmet?: { contentSecurityPolicy?: false } }
}

/**
 * Swagger UI's only inline code is the <style> inside the Swagger logo that React draws
 * in the top bar (swagger-ui-standalone-preset.js) before @fastify/swagger-ui swaps in
 * its own logo. It is fixed text, so its hash admits exactly it and nothing else. A nonce cannot work (React creates the element, with no
 * way to give it one), and 'unsafe-inline' would admit any injected style. An upgrade of
 * @fastify/swagger-ui that changes the logo shows up in test/routes/docs-browser.test.ts
 * as a console error naming the new hash.
 */
const LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"

/**
 * @fastify/swagger-ui's `staticCSP: true` policy, less what breaks or widens it: no
 * `upgrade-insecure-requests` (over plain http at any host but localhost the browser
 * then fetches every asset over https and shows a blank page), and no `https:` sources
 * (every style and font is served from /docs/static).
 */
export const DOCS_CSP = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'frame-ancestors': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", LOGO_STYLE_HASH]
}

export default async function docsUi (app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: ACCESS.public, helmet: { contentSecurityPolicy: false } }
  })
  // Browsers honour Cross-Origin-Opener-Policy only on a secure origin and log a console
  // error for it on any other: keep it where it works, drop it over plain http.
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol !== 'https') reply.removeHeader('cross-origin-opener-policy')
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP, uiConfig: { deepLinking: true, docExpansion: 'list' } })
}
