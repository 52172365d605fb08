/**
 * The framework's own limit: a bare Fastify process answering each benchmarked path
 * with the exact bytes the real server sent (status, headers, body), from memory.
 * Same headers, so the ratio measures the server's work, not the size of its headers.
 */
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

export interface BaselineRoute { path: string, status: number, headers: Record<string, string>, body: string }

const [routesFile, port] = process.argv.slice(2)
const routes = JSON.parse(readFileSync(routesFile!, 'utf8')) as BaselineRoute[]
const app = Fastify({ logger: false })
routes.forEach((route, i) => {
  const bytes = Buffer.from(route.body)
  app.get(`/baseline/${i}`, async (_request, reply) => {
    reply.code(route.status).headers(route.headers)
    if (route.status === 304) return reply.send()
    return reply.send(bytes)
  })
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
console.log('baseline ready')
