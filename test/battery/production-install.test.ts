/**
 * The production path the README gives: build once, then run on production dependencies
 * only. A copy of the project gets a node_modules holding just what `npm ls --omit=dev`
 * lists (linked from this checkout) and the build made here; `npm start` must serve from
 * it without TypeScript, and `npm start` with nothing changed must not compile again.
 */
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import semver from 'semver'
import t from 'tap'
import { freePort } from '../../reliability/process.js'

const root = process.cwd()
const databaseDir = mkdtempSync(join(tmpdir(), 'byline-start-'))
t.teardown(() => rmSync(databaseDir, { recursive: true, force: true }))

/** Runs `npm start` in `dir` until /readyz answers 200; returns what it printed. */
async function startAndProbe (dir: string): Promise<{ ready: boolean, output: string, code: number | null }> {
  const port = await freePort()
  const child = spawn('npm', ['start', '--silent'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(databaseDir, 'data.db'), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: npm runs the server in a child of its own, and both must go.
    detached: true
  })
  let output = ''
  child.stdout.on('data', (chunk) => { output += String(chunk) })
  child.stderr.on('data', (chunk) => { output += String(chunk) })
  let exited: number | null | undefined
  child.on('exit', (code) => { exited = code })
  let ready = false
  const deadline = Date.now() + 60_000
  while (!ready && exited === undefined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false)
  }
  if (exited === undefined) {
    const gone = new Promise((resolve) => child.once('exit', resolve))
    process.kill(-child.pid!, 'SIGTERM')
    await gone
  }
  return { ready, output, code: exited ?? null }
}

t.test('npm start on a production install (no dev dependencies) serves the build', async (t) => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  const dir = mkdtempSync(join(tmpdir(), 'byline-prod-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // Sources first and the build after, timestamps kept: the build is as current as here.
  for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'migrations', 'scripts', 'dist']) {
    cpSync(join(root, path), join(dir, path), { recursive: true, preserveTimestamps: true })
  }
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' }).trim().split('\n')
  const topLevel = listed.map((p) => relative(join(root, 'node_modules'), p)).filter((p) => p !== '' && !p.startsWith('..') && !p.includes('node_modules'))
  for (const name of topLevel) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true })
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
  }
  t.notOk(existsSync(join(dir, 'node_modules/typescript')), 'no TypeScript in the production tree')
  t.ok(existsSync(join(dir, 'node_modules/fastify')), 'production dependencies are there')
  // esbuild is a dev dependency: the bundle is made by the build and shipped in dist/.
  t.ok(existsSync(join(dir, 'dist/server/server.js')), 'the build holds the bundled server (scripts/bundle.mjs)')

  const started = await startAndProbe(dir)
  t.ok(started.ready, `the API answers /readyz (output: ${started.output.slice(0, 2000)})`)
  t.notMatch(started.output, /not found|ERR_MODULE_NOT_FOUND|older than/, 'nothing missing, and the build is taken as current')

  rmSync(join(dir, 'dist'), { recursive: true })
  const unbuilt = await startAndProbe(dir)
  t.notOk(unbuilt.ready, 'without a build it cannot start')
  t.equal(unbuilt.code, 1, 'and exits 1')
  t.match(unbuilt.output, /npm run build/, 'saying how to build')
})

t.test('npm start does not compile again when nothing changed', async (t) => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  const built = ['dist/src/server.js', 'dist/server/server.js'].map((path) => join(root, path))
  const before = built.map((path) => statSync(path).mtimeMs)
  const started = await startAndProbe(root)
  t.ok(started.ready, `the API answers /readyz (output: ${started.output.slice(0, 2000)})`)
  t.same(built.map((path) => statSync(path).mtimeMs), before, 'dist/ was not written again')
})

t.test('every installed package supports the Node we run on (no EBADENGINE)', async (t) => {
  const listed = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: root, encoding: 'utf8' }).trim().split('\n').slice(1)
  const unsupported: string[] = []
  for (const path of listed) {
    const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { name: string, version: string, engines?: { node?: string } }
    const range = manifest.engines?.node
    if (range !== undefined && !semver.satisfies(process.version, range, { includePrerelease: true })) unsupported.push(`${manifest.name}@${manifest.version} wants node ${range}`)
  }
  t.ok(listed.length > 100, `${listed.length} packages checked`)
  t.same(unsupported, [], `every package supports ${process.version}`)
})
