/**
 * `npm start`: compiles the TypeScript when the build is missing or older than the
 * sources, then runs the server in this process. With nothing changed it starts at once;
 * in a production tree (`npm ci --omit=dev`, no TypeScript) it runs the build it was
 * given, and says what to do if that build is missing or stale. Plain JavaScript, so it
 * needs nothing compiled to run. `--build` (npm run build) compiles and stops.
 *
 * The build is tsc's dist/src, then the server bundled into one file (scripts/bundle.mjs,
 * with esbuild from the dev dependencies): the bundle starts in about half the CPU time,
 * so it is what runs. A build made without esbuild has no bundle and runs dist/src.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BUNDLE_DIR, bundle, newestChange } from './bundle.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const server = join(root, 'dist/src/server.js')
const bundled = join(root, BUNDLE_DIR, 'server.js')
// Written after every successful build: the build is current when nothing is newer.
const stamp = join(root, 'dist/.built')
// package-lock.json: the bundle holds the dependencies' code, so a new version needs a build.
const SOURCES = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'scripts/bundle.mjs']

function typescriptCompiler () {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc')
  } catch {
    return null
  }
}

async function build () {
  const tsc = typescriptCompiler()
  if (tsc === null) return false
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root })
  await bundle(root)
  writeFileSync(stamp, `${new Date().toISOString()}\n`)
  return true
}

if (process.argv.includes('--build')) {
  if (!await build()) {
    console.error('TypeScript is not installed: npm run build needs the dev dependencies (npm ci).')
    process.exit(1)
  }
  process.exit(0)
}

const sourcesChanged = SOURCES.filter((p) => existsSync(join(root, p))).reduce((newest, p) => Math.max(newest, newestChange(join(root, p))), 0)
const current = existsSync(server) && existsSync(stamp) && statSync(stamp).mtimeMs >= sourcesChanged
if (!current && !await build()) {
  if (!existsSync(server)) {
    console.error('dist/ has no build and TypeScript is not installed (a production install: npm ci --omit=dev).\n' +
      'Build where the dev dependencies are installed (npm ci && npm run build) and ship dist/ with the production tree.')
    process.exit(1)
  }
  console.warn('dist/ may be older than src/, and TypeScript is not installed: starting the build in dist/ as it is.')
}
await import(pathToFileURL(existsSync(bundled) ? bundled : server).href)
