/**
 * openapi.yaml as other people's tools read it: every enum says it holds strings, and a
 * YAML 1.1 loader reads the same document as a 1.2 one. Redocly and Spectral run in
 * test/battery/openapi-linters.test.ts (and `npm run lint:openapi` in .ci/run).
 */
import t from 'tap'
import { parse } from 'yaml'
import { YAML_1_1 } from '../src/openapi-document.js'
import { committed, doc } from './openapi-validator.js'

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
