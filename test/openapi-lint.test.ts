/**
 * openapi.yaml as other people's tools read it: Redocly's and Spectral's linters find
 * nothing (scripts/lint-openapi.sh, with redocly.yaml and .spectral.yaml), every enum
 * says it holds strings, and a YAML 1.1 loader reads the same document as a 1.2 one.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { parse, stringify } from 'yaml'
import { YAML_1_1 } from '../src/openapi-document.js'
import { projectRoot } from '../src/paths.js'
import { committed, doc } from './openapi-validator.js'

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

t.test('every enum says it holds strings: generators type an untyped one `unknown`', async (t) => {
  const untyped: string[] = []
  const walk = (node: unknown, path: string) => {
    if (node === null || typeof node !== 'object') return
    const o = node as Record<string, unknown>
    if (Array.isArray(o.enum) && o.type === undefined) untyped.push(path)
    for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`)
  }
  walk(doc, '#')
  t.same(untyped, [])
})

t.test('a YAML 1.1 loader reads the document a 1.2 loader reads (no dates, no booleans from strings)', async (t) => {
  t.type(parse('2023-06-02', YAML_1_1), Date, 'YAML_1_1 reads a plain date as a date, as PyYAML does')
  t.equal(parse('on', YAML_1_1), true, 'and `on` as true')
  t.same(parse(committed, YAML_1_1), doc)
  t.match(committed, /releaseDate: "2023-06-02"/, 'an example date is quoted')
})
