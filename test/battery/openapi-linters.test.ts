/**
 * openapi.yaml as Redocly's and Spectral's linters read it: they find nothing
 * (scripts/lint-openapi.sh, with redocly.yaml and .spectral.yaml), and they do fail on
 * what they were brought in for. In the battery: a linter run takes seconds.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { stringify } from 'yaml'
import { projectRoot } from '../../src/paths.js'
import { doc } from '../openapi-validator.js'

const run = promisify(execFile)
const root = projectRoot()
const bin = (name: string) => join(root, 'node_modules', '.bin', name)
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }

/** Exit code and output of a command that may fail. */
async function outcome (file: string, args: string[]): Promise<{ code: number, output: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const e = error as { code?: number, stdout?: string, stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

const redocly = (file: string) => outcome(bin('redocly'), ['lint', file, '--config', 'redocly.yaml', '--format', 'stylish'])
const spectral = (file: string) => outcome(bin('spectral'), ['lint', file, '--ruleset', '.spectral.yaml', '--fail-severity', 'warn'])

t.test('Redocly and Spectral find nothing in openapi.yaml (scripts/lint-openapi.sh)', async (t) => {
  const { code, output } = await outcome(join(root, 'scripts', 'lint-openapi.sh'), [])
  t.equal(code, 0, output)
  t.match(output, /Your API description is valid/)
  t.match(output, /No results with a severity of 'warn' or higher found/)
})

t.test('the linters fail on what they were brought in for', async (t) => {
  // The document as it was: no servers, public operations without `security: []`, a bare enum.
  const bad = structuredClone(doc) as typeof doc & { servers?: unknown }
  delete bad.servers
  delete bad.paths['/v1/stories']!.get!.security
  bad.components.schemas.Untyped = { enum: ['a', 'b'] }
  const dir = mkdtempSync(join(tmpdir(), 'byline-lint-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'openapi.yaml')
  writeFileSync(file, stringify(bad, { lineWidth: 0 }))
  const [r, s] = await Promise.all([redocly(file), spectral(file)])
  t.not(r.code, 0, 'Redocly fails')
  for (const rule of ['no-empty-servers', 'security-defined']) t.match(r.output, rule)
  t.not(s.code, 0, 'Spectral fails')
  t.match(s.output, 'enum-has-type')
})
