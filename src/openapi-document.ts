/** The OpenAPI document as committed in openapi.yaml: built by the real app, on no data. */
import { Document, isScalar, parse, visit } from 'yaml'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'

const readPlain = (value: string, version: '1.1' | '1.2'): unknown => {
  try {
    return parse(value, { version, logLevel: 'silent' })
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
