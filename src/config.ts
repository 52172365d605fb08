/**
 * The only reader of process.env. The variables, their schemas, defaults and parsers are
 * declared once, in config-variables.ts; the schema, the Config type and the loader here are
 * derived from that table. Values are validated once at boot; a bad value stops the process
 * with a message naming the variable.
 */
import { Type, type Static, type TObject, type TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { InvalidValue, isVariable, variableList, variables, type Setting, type Table, type Variable } from './config-variables.js'

type SchemaOf<T extends Table> = TObject<{
  -readonly [K in keyof T]: T[K] extends Variable<infer S> ? S : T[K] extends Table ? SchemaOf<T[K]> : never
}>

function schemaOf<T extends Table> (table: T): SchemaOf<T> {
  const properties: Record<string, TSchema> = {}
  for (const [key, entry] of Object.entries(table)) properties[key] = isVariable(entry) ? entry.schema : schemaOf(entry)
  // Type.Object cannot see that the keys it was given are the table's; SchemaOf says so.
  return Type.Object(properties) as SchemaOf<T>
}

export const ConfigSchema = schemaOf(variables)
export type Config = Static<typeof ConfigSchema>

/** Whether editorial writes run on the writer thread: an in-memory database cannot be opened from another thread. */
export const writesOnThread = (config: Pick<Config, 'writerThread' | 'databasePath' | 'databaseUrl'>): boolean =>
  databaseEngine(config).kind === 'sqlite' && config.writerThread && sqlitePath(config) !== ':memory:'

/** Which engine the configuration asks for, and where it is. */
export type EngineChoice =
  | { kind: 'sqlite', path: string }
  | { kind: 'postgres', url: string, replicaUrls: string[] }

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url)

/** DATABASE_URL wins over DATABASE_PATH; a DATABASE_URL that is a file path is SQLite's file. */
const sqlitePath = (config: Pick<Config, 'databasePath' | 'databaseUrl'>): string =>
  config.databaseUrl !== null && !isPostgresUrl(config.databaseUrl) ? config.databaseUrl : config.databasePath

export function databaseEngine (config: Pick<Config, 'databasePath' | 'databaseUrl'> & Partial<Pick<Config, 'databaseReplicaUrls'>>): EngineChoice {
  if (config.databaseUrl !== null && isPostgresUrl(config.databaseUrl)) return { kind: 'postgres', url: config.databaseUrl, replicaUrls: config.databaseReplicaUrls ?? [] }
  return { kind: 'sqlite', path: sqlitePath(config) }
}

export class ConfigError extends Error { override name = 'ConfigError' }

type Env = Record<string, string | undefined>

const ENTRIES = variableList()
const BY_NAME = new Map(ENTRIES.map(({ variable }) => [variable.name, variable]))
const NAME_AT = new Map(ENTRIES.map(({ pointer, variable }) => [pointer, variable.name]))

/** The nearest variable above an error's path: /podcast/categories/0/text is PODCAST_CATEGORY. */
function nameAt (path: string): string {
  for (let p = path; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const name = NAME_AT.get(p)
    if (name !== undefined) return name
  }
  return path
}

function textSet (variable: Variable, env: Env): string | undefined {
  const text = env[variable.name]
  if (text === undefined || text === '' || (variable.blankIsUnset === true && text.trim() === '')) return undefined
  return text
}

/** Derived defaults read the other variables as text, as set or defaulted, never overridden. */
function settingsIn (env: Env): Setting {
  const setting: Setting = (name) => {
    const variable = BY_NAME.get(name)
    const text = variable === undefined ? null : textSet(variable, env) ?? defaultText(variable, setting)
    if (text === null) throw new Error(`A default reads ${name}, which has no text to read`)
    return text
  }
  return setting
}

const defaultText = (variable: Variable, setting: Setting): string | null =>
  typeof variable.default === 'string' ? variable.default : variable.default.value(setting)

function build (table: Table, read: (variable: Variable) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table).map(([key, entry]) => [key, isVariable(entry) ? read(entry) : build(entry, read)]))
}

function valueAt (config: Record<string, unknown>, pointer: string): unknown {
  let value: unknown = config
  for (const key of pointer.split('/').slice(1)) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  return value
}

export function loadConfig (env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const setting = settingsIn(env)
  const problems = new Map<string, string[]>()
  const report = (name: string, message: string): void => { problems.set(name, [...(problems.get(name) ?? []), message]) }
  const parsed = build(variables, (variable) => {
    const text = textSet(variable, env) ?? defaultText(variable, setting)
    if (text === null) return null
    try {
      return variable.parse(text)
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error
      report(variable.name, error.message)
      // Left out, the schema would report it again; every bad variable is still listed at once.
      return undefined
    }
  })
  const config = { ...parsed, ...overrides }
  const unreadable = new Set(problems.keys())
  for (const error of Value.Errors(ConfigSchema, config)) {
    const name = nameAt(error.instancePath)
    if (!unreadable.has(name)) report(name, error.message)
  }
  for (const { pointer, variable } of ENTRIES) {
    const message = problems.has(variable.name) ? undefined : variable.check?.(valueAt(config, pointer))
    if (message !== undefined) report(variable.name, message)
  }
  if (!problems.has('DATABASE_REPLICA_URLS') && (config as Config).databaseReplicaUrls?.length > 0 && databaseEngine(config as Config).kind !== 'postgres') {
    report('DATABASE_REPLICA_URLS', 'replicas need DATABASE_URL to be the postgres:// URL of their primary')
  }
  if (problems.size > 0) {
    const lines = [...problems].flatMap(([name, messages]) => [...new Set(messages)].map((message) => `${name}: ${message}`))
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return config as Config
}
