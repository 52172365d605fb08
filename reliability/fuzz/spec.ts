/**
 * The OpenAPI document as the fuzzer sees it: its operations with their parameters,
 * request body, declared responses and the roles that may call them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { projectRoot } from '../../src/paths.js'

export type Schema = Record<string, any>
export type Role = 'admin' | 'editor' | 'partner'
export const ROLES: readonly Role[] = ['admin', 'editor', 'partner']

export interface OpenApiDoc {
  openapi: string
  components: { schemas: Record<string, Schema>, securitySchemes?: Record<string, unknown> }
  paths: Record<string, Record<string, any>>
}

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  schema: Schema
  /** `example` and the values of `examples` from the parameter object and its schema. */
  examples: unknown[]
}

export interface DeclaredResponse { content?: Record<string, { schema?: Schema }> }

export interface Operation {
  /** `operationId`, or `METHOD path` when it has none. */
  id: string
  method: string
  path: string
  parameters: Parameter[]
  body: { required: boolean, mediaTypes: string[], schema: Schema } | null
  responses: Record<string, DeclaredResponse>
  /** null: public. Otherwise the roles that may call it (from "Requires an API key with role …"). */
  roles: Role[] | null
}

export interface Spec {
  doc: OpenApiDoc
  operations: Operation[]
  /** Resolves a local `$ref` ("#/components/schemas/X"). */
  resolve: (ref: string) => Schema
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export function specPath (): string {
  return join(projectRoot(), 'openapi.yaml')
}

export function loadSpecFile (file = specPath()): OpenApiDoc {
  return parse(readFileSync(file, 'utf8')) as OpenApiDoc
}

function examplesOf (p: Record<string, any>): unknown[] {
  const out: unknown[] = []
  if ('example' in p) out.push(p.example)
  if (p.examples !== undefined) {
    if (Array.isArray(p.examples)) out.push(...p.examples)
    else for (const e of Object.values(p.examples as Record<string, { value?: unknown }>)) if (e && 'value' in e) out.push(e.value)
  }
  const schema = p.schema as Schema | undefined
  if (schema !== undefined) {
    if ('example' in schema) out.push(schema.example)
    if (Array.isArray(schema.examples)) out.push(...schema.examples)
  }
  return out
}

function rolesOf (op: Record<string, any>): Role[] | null {
  if (!Array.isArray(op.security) || op.security.length === 0) return null
  const match = /Requires an API key with role ([a-z ]+?)\./.exec(String(op.description ?? ''))
  if (match === null) return [...ROLES]
  return match[1]!.split(/\s+or\s+/).filter((r): r is Role => (ROLES as readonly string[]).includes(r))
}

export function buildSpec (doc: OpenApiDoc): Spec {
  const resolve = (ref: string): Schema => {
    const prefix = '#/components/schemas/'
    if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}`)
    const schema = doc.components.schemas[ref.slice(prefix.length)]
    if (schema === undefined) throw new Error(`unknown $ref ${ref}`)
    return schema
  }
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters ?? []) as Array<Record<string, any>>
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue
      const params = [...shared, ...((op.parameters ?? []) as Array<Record<string, any>>)]
      const parameters: Parameter[] = params
        .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
        .map((p) => ({ name: String(p.name), in: p.in, required: p.in === 'path' || p.required === true, schema: (p.schema ?? {}) as Schema, examples: examplesOf(p) }))
      const requestBody = op.requestBody as { required?: boolean, content?: Record<string, { schema?: Schema }> } | undefined
      const content = requestBody?.content ?? {}
      const mediaTypes = Object.keys(content)
      const body = requestBody === undefined || mediaTypes.length === 0
        ? null
        : { required: requestBody.required === true, mediaTypes, schema: content[mediaTypes.find((m) => m === 'application/json') ?? mediaTypes[0]!]?.schema ?? {} }
      operations.push({
        id: String(op.operationId ?? `${method.toUpperCase()} ${path}`),
        method: method.toUpperCase(),
        path,
        parameters,
        body,
        responses: op.responses as Record<string, DeclaredResponse>,
        roles: rolesOf(op)
      })
    }
  }
  return { doc, operations, resolve }
}

/** `METHOD /path` for messages. */
export const describeOp = (op: Operation) => `${op.method} ${op.path} (${op.id})`
