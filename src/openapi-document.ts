/** The OpenAPI document as committed in openapi.yaml: built by the real app, on no data. */
import { Document, parse, Schema, visit, type ParseOptions, type DocumentOptions, type SchemaOptions } from 'yaml'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'

const TIMESTAMP = 'tag:yaml.org,2002:timestamp'
const knownTimestamp = new Schema({ resolveKnownTags: true }).knownTags[TIMESTAMP]!

/**
 * How a YAML 1.1 loader reads: `yaml`'s 1.1 schema, with its timestamps resolved. Another
 * library in the process may have set that shared tag's `default` off (tap's own YAML
 * does, so dates stay strings in its reports): this copy keeps it on.
 */
export const YAML_1_1: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) => [{ ...knownTimestamp, default: true }, ...tags.filter((tag) => typeof tag === 'string' || tag.tag !== TIMESTAMP)]
}

const readPlain = (value: string, version: '1.1' | '1.2'): unknown => {
  try {
    return parse(value, { ...(version === '1.1' ? YAML_1_1 : { version }), logLevel: 'silent' })
  } catch {
    return undefined
  }
}

/**
 * Whether `value` is a string `yaml` writes plain (YAML 1.2 reads it back as is) that a
 * YAML 1.1 loader (PyYAML, js-yaml's default schema, SnakeYAML…) would read as
 * something else: a date, a boolean (`yes`, `on`), a sexagesimal number (`1:20`).
 */
function misreadByYaml11 (value: string): boolean {
  return !value.includes('\n') && readPlain(value, '1.2') === value && readPlain(value, '1.1') !== value
}

/** The document as YAML that loaders of either version read the same: such strings are quoted. */
export function toYaml (document: unknown): string {
  const yaml = new Document(document)
  visit(yaml, {
    Scalar (_key, node) {
      if (typeof node.value === 'string' && misreadByYaml11(node.value)) node.type = 'QUOTE_DOUBLE'
    }
  })
  return yaml.toString({ lineWidth: 0 })
}

export async function generateOpenApiYaml (): Promise<string> {
  const app = await buildApp(loadConfig({}, { databasePath: ':memory:', seedDemo: false }), { logger: false })
  try {
    return toYaml(app.swagger())
  } finally {
    await app.close()
  }
}
