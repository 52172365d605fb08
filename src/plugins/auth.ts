/**
 * Who is calling, and may they call this route. Every route declares `config.access`:
 * 'public', or the roles allowed. A route without one stops the app at ready, so a new
 * endpoint cannot ship open by omission. Routes that need a key are documented with the
 * bearer security scheme and their 401/403 answers.
 *
 * The key is identified in onRequest (so the rate limiter can count per key) and access
 * is enforced in preParsing, after the limiter: failed guesses are throttled per IP, and
 * an unauthenticated body is never read.
 */
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { Role } from '../content/api-key.js'
import { forbidden, unauthorized } from '../http/problem.js'
import { apiKeyRepository, type AuthResult } from '../repositories/api-keys.js'
import { problem } from '../http/responses.js'

export type Access = 'public' | readonly Role[]

/** Access rules routes use: spelled once so the roles of a kind of route stay in step. */
export const ACCESS = {
  public: 'public',
  editors: ['admin', 'editor'],
  /** Full-text feeds and delta sync: partners, and the editors who check them. */
  partners: ['admin', 'editor', 'partner'],
  /** Upcoming embargo lifts: for partners (and admins); issue 19 keeps them from editor keys. */
  embargoes: ['admin', 'partner'],
  admins: ['admin']
} as const satisfies Record<string, Access>

export interface Principal { id: string, name: string, role: Role }

declare module 'fastify' {
  interface FastifyContextConfig { access?: Access }
  interface FastifyRequest {
    principal: Principal | null
    authFailure: string | null
    /** A valid feed token in a token feed's path (src/routes/feeds.ts): a partner, for feeds only. */
    feedToken: { id: string, partner: string } | null
  }
}

const FAILURES: Record<Exclude<AuthResult, { ok: true }>['reason'], string> = {
  malformed: 'The API key is malformed: send `Authorization: Bearer byl_…`',
  unknown: 'The API key is not recognised',
  revoked: 'The API key has been revoked',
  expired: 'The API key has expired'
}

async function identify (request: FastifyRequest, authenticate: (token: string, now: number) => Promise<AuthResult>): Promise<void> {
  const header = request.headers.authorization
  if (header === undefined) return
  const match = /^Bearer +(\S+) *$/i.exec(header)
  const result: AuthResult = match === null ? { ok: false, reason: 'malformed' } : await authenticate(match[1]!, Date.now())
  if (result.ok) request.principal = result.key
  else request.authFailure = FAILURES[result.reason]
}

function challenge (reply: FastifyReply, invalidToken: boolean): void {
  reply.header('WWW-Authenticate', invalidToken ? 'Bearer realm="byline", error="invalid_token"' : 'Bearer realm="byline"')
}

function describe (access: readonly Role[]): string {
  return `Requires an API key with role ${access.join(' or ')}.`
}

export default fp(async (app) => {
  const keys = apiKeyRepository(app.database.db)
  app.decorateRequest('principal', null)
  app.decorateRequest('authFailure', null)
  app.decorateRequest('feedToken', null)

  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => {
    routes.push(route)
    const access = route.config?.access
    if (access === undefined || route.schema === undefined) return
    const schema = route.schema as Record<string, unknown> & { response?: Record<string, unknown> }
    // Public routes refuse a bad key too (see onRequest): document it.
    if (access === 'public') {
      // Stated, not implied: an operation without `security` would inherit any global requirement.
      schema.security = []
      if (schema.response !== undefined) schema.response = { ...schema.response, 401: problem(401) }
      return
    }
    schema.security = [{ bearerAuth: [] }]
    schema.description = [schema.description, describe(access)].filter(Boolean).join('\n\n')
    schema.response = { ...schema.response, 401: problem(401), 403: problem(403) }
  })
  app.addHook('onReady', async () => {
    const open = routes.filter((r) => r.config?.access === undefined).map((r) => `${String(r.method)} ${r.url}`)
    if (open.length > 0) throw new Error(`Routes without an access rule (config.access): ${open.join(', ')}`)
  })

  // An invalid key is refused even on public routes: a client sending a bad key wants to know.
  // A URL no route serves answers 404 whatever the key: it must not become a free oracle for key guesses.
  app.addHook('onRequest', async (request) => { if (!request.is404) await identify(request, keys.authenticate) })
  app.addHook('preParsing', async (request, reply) => {
    // Fail closed: only the 404 handler has no rule (the ready check covers every route).
    const access = request.is404 ? 'public' : request.routeOptions.config.access ?? ACCESS.admins
    if (request.authFailure !== null) {
      challenge(reply, true)
      throw unauthorized(request.authFailure)
    }
    if (access === 'public') return
    if (request.principal === null) {
      challenge(reply, false)
      throw unauthorized(`${describe(access)} Send it as \`Authorization: Bearer <key>\`.`)
    }
    if (!access.includes(request.principal.role)) {
      throw forbidden(`A ${request.principal.role} key may not call this route. ${describe(access)}`)
    }
  })
}, { name: 'auth', dependencies: ['database'] })
