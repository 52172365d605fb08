/** The OpenAPI document as committed in openapi.yaml: built by the real app, on no data. */
import { stringify } from 'yaml'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'

export async function generateOpenApiYaml (): Promise<string> {
  const app = await buildApp(loadConfig({}, { databasePath: ':memory:', seedDemo: false }), { logger: false })
  try {
    return stringify(app.swagger(), { lineWidth: 0 })
  } finally {
    await app.close()
  }
}
