/**
 * The server as one file: `npm run build` bundles what tsc wrote to dist/src into
 * dist/server/server.js (and the writer thread beside it), which `npm start` and
 * `npm run start:prod` run. Node spends most of a cold start loading modules (about a
 * thousand files, two thirds of them TypeBox's): from one file the server starts in about
 * half the CPU time. dist/src stays whole for the command-line tools and the tests.
 *
 * Left out of the bundle, loaded from node_modules as usual: native modules
 * (better-sqlite3; pg-native, which pg only tries), and the Swagger packages, which read
 * their static assets and templates relative to their own files.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Where the bundle goes, under the project root. */
export const BUNDLE_DIR = 'dist/server'

export const EXTERNAL = ['better-sqlite3', 'pg-native', '@fastify/swagger-ui', '@fastify/swagger']

// Bundled CommonJS modules call require() for Node's built-ins; in an ES module there is
// none, so the bundle makes one (named apart from anything the bundle itself declares).
const BANNER = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);"

/** esbuild from the dev dependencies, or null in a production tree without them. */
async function loadEsbuild (root) {
  let path
  try {
    path = createRequire(join(root, 'package.json')).resolve('esbuild')
  } catch {
    return null
  }
  const loaded = await import(pathToFileURL(path).href)
  return loaded.default ?? loaded
}

const ENTRIES = {
  server: 'dist/src/server.js',
  // src/writes/writer-client.ts starts it as ./writer-thread.js next to itself: here, the bundle.
  'writer-thread': 'dist/src/writes/writer-thread.js'
}
// What a bundle is made of besides dist/src: these options, and the dependencies' versions.
const INPUTS = ['dist/src', 'scripts/bundle.mjs', 'package.json', 'package-lock.json']

/** The latest modification of a file under `path` (files only: a copied tree's folders are new). */
export function newestChange (path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), 0)
}

/** Whether every output is newer than everything it was made from (tsc leaves unchanged files alone). */
function bundleCurrent (root, outdir) {
  const outputs = Object.keys(ENTRIES).map((name) => join(outdir, `${name}.js`))
  if (!outputs.every((file) => existsSync(file))) return false
  const inputs = INPUTS.map((p) => join(root, p)).filter((p) => existsSync(p))
  const newestInput = inputs.reduce((newest, p) => Math.max(newest, newestChange(p)), 0)
  return Math.min(...outputs.map((file) => statSync(file).mtimeMs)) >= newestInput
}

/**
 * Bundles dist/src/server.js and dist/src/writes/writer-thread.js (tsc's output) into
 * BUNDLE_DIR, unless the bundle there is newer than all it is made from. Returns false,
 * with no bundle left behind, when esbuild is not installed.
 */
export async function bundle (root) {
  const outdir = join(root, BUNDLE_DIR)
  if (bundleCurrent(root, outdir)) return true
  // A bundle from an earlier build must not outlive the sources it was made from.
  rmSync(outdir, { recursive: true, force: true })
  const esbuild = await loadEsbuild(root)
  if (esbuild === null) return false
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: BANNER },
    logLevel: 'warning'
  })
  return true
}
