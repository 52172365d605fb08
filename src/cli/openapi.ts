/** npm run openapi — regenerate openapi.yaml from the route schemas. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateOpenApiYaml } from '../openapi-document.js'
import { projectRoot } from '../paths.js'

const path = join(projectRoot(), 'openapi.yaml')
writeFileSync(path, await generateOpenApiYaml())
console.log(`wrote ${path}`)
