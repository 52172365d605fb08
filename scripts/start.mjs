/**
 * `npm start`: compiles the TypeScript when the build is missing or older than the
 * sources, then runs the server in this process. With nothing changed it starts at once;
 * in a production tree (`npm ci --omit=dev`, no TypeScript) it runs the build it was
 * given, and says what to do if that build is missing or stale. Plain JavaScript, so it
 * needs nothing compiled to run. `--build` (npm run build) compiles and stops.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const server = join(root, 'dist/src/server.js')
// Written after every successful build: the build is current when nothing is newer.
const stamp = join(root, 'dist/.built')
const SOURCES = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json']

/** The latest modification of a file under `path` (files only: a copied tree's folders are new). */
function newestChange (path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), 0)
}

function typescriptCompiler () {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc')
  } catch {
    return null
  }
}

function build () {
  const tsc = typescriptCompiler()
  if (tsc === null) return false
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root })
  writeFileSync(stamp, `${new Date().toISOString()}\n`)
  return true
}

if (process.argv.includes('--build')) {
  if (!build()) {
    console.error('TypeScript is not installed: npm run build needs the dev dependencies (npm ci).')
    process.exit(1)
  }
  process.exit(0)
}

const sourcesChanged = SOURCES.filter((p) => existsSync(join(root, p))).reduce((newest, p) => Math.max(newest, newestChange(join(root, p))), 0)
const current = existsSync(server) && existsSync(stamp) && statSync(stamp).mtimeMs >= sourcesChanged
if (!current && !build()) {
  if (!existsSync(server)) {
    console.error('dist/ has no build and TypeScript is not installed (a production install: npm ci --omit=dev).\n' +
      'Build where the dev dependencies are installed (npm ci && npm run build) and ship dist/ with the production tree.')
    process.exit(1)
  }
  console.warn('dist/ may be older than src/, and TypeScript is not installed: starting the build in dist/ as it is.')
}
await import(pathToFileURL(server).href)
