/** npm run import:wordpress, driven in process against a real database file and real files. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import Sqlite from 'better-sqlite3'
import { runImportCli } from '../../src/cli/import-wordpress.js'
import { fixture, SITE_MAPPING } from '../import/import-helper.js'

interface Run { code: number, out: string, err: string }

function workspace (t: { teardown (fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'byline-import-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const database = join(dir, 'byline.db')
  const report = join(dir, 'report.json')
  const mapping = join(dir, 'mapping.json')
  writeFileSync(mapping, JSON.stringify(SITE_MAPPING))
  const run = async (argv: string[], env: Record<string, string> = {}): Promise<Run> => {
    const out: string[] = []
    const err: string[] = []
    const code = await runImportCli(argv, { env: { DATABASE_PATH: database, ...env }, out: (l) => out.push(l), err: (l) => err.push(l) })
    return { code, out: out.join('\n'), err: err.join('\n') }
  }
  const count = (table: string) => {
    const db = new Sqlite(database, { readonly: true })
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
    } finally {
      db.close()
    }
  }
  return { dir, database, report, mapping, run, count }
}

t.test('usage: help, and bad arguments exit 2 with a reason', async (t) => {
  const w = workspace(t)
  const help = await w.run(['--help'])
  t.equal(help.code, 0)
  t.match(help.out, /Usage: npm run import:wordpress/)
  for (const [argv, reason] of [
    [[], /name one export file/],
    [['a.xml', 'b.xml'], /name one export file/],
    [[fixture('site.xml'), '--media', 'copy'], /--media is record or fetch/],
    [[fixture('site.xml'), '--media', 'fetch'], /--media-from/],
    [[fixture('site.xml'), '--concurrency', '0'], /--concurrency must be a whole number/],
    [[fixture('site.xml'), '--bogus'], /Unknown option/],
    [[join(w.dir, 'missing.xml')], /no such file/],
    [[fixture('site.xml'), '--mapping', join(w.dir, 'missing.yaml')], /ENOENT|no such file/]
  ] as const) {
    const run = await w.run([...argv])
    t.equal(run.code, 2, argv.join(' '))
    t.match(run.err, reason, argv.join(' '))
  }
  t.notOk(existsSync(w.database), 'no database was made for a refused command')
})

t.test('a mapping file that is not one is refused, naming the problem', async (t) => {
  const w = workspace(t)
  const bad = join(w.dir, 'bad.yaml')
  writeFileSync(bad, 'verdictBox:\n  selector: ".x"\n  scale: { kind: numeric }\nunknownKey: 1\n')
  const run = await w.run([fixture('site.xml'), '--mapping', bad])
  t.equal(run.code, 2)
  t.match(run.err, /not a valid mapping file/)
  t.match(run.err, /verdictBox\/scale/)
})

t.test('import, report, re-run, dry run', async (t) => {
  const w = workspace(t)
  const dry = await w.run([fixture('site.xml'), '--mapping', w.mapping, '--dry-run', '--report', w.report])
  t.equal(dry.code, 0)
  t.match(dry.out, /Dry run of .*site\.xml/)
  t.match(dry.out, /15 stories would be written/)
  t.notOk(existsSync(w.database), 'a dry run opens no database')
  t.equal(JSON.parse(readFileSync(w.report, 'utf8')).stories.planned, 15)

  const first = await w.run([fixture('site.xml'), '--mapping', w.mapping, '--report', w.report])
  t.equal(first.code, 0, first.err)
  t.match(first.out, /15 created, 0 updated, 0 unchanged/)
  t.match(first.out, /WP Review 2, review blocks 1, ACF 1, theme box 1/)
  const report = JSON.parse(readFileSync(w.report, 'utf8'))
  t.equal(report.stories.created, 15)
  t.same(report.reviews, { 'wp-review': 2, block: 1, acf: 1, selector: 1 })
  const stories = w.count('stories')
  const changes = w.count('changes')

  const second = await w.run([fixture('site.xml'), '--mapping', w.mapping, '--report', w.report])
  t.equal(second.code, 0)
  t.match(second.out, /0 created, 0 updated, 15 unchanged/)
  t.equal(w.count('stories'), stories)
  t.equal(w.count('changes'), changes, 'a re-run logs nothing')
  t.equal(w.count('legacy_paths') > 15, true, 'old permalinks recorded')
})

t.test('a broken file: exit 1, the line, nothing written; --partial writes what came before', async (t) => {
  const w = workspace(t)
  const broken = await w.run([fixture('truncated.xml'), '--report', w.report])
  t.equal(broken.code, 1)
  t.match(broken.err, /truncated\.xml: line 113: /)
  t.match(broken.err, /Nothing was imported/)
  const seeded = w.count('stories')
  t.equal(w.count('import_items'), 0)
  const partial = await w.run([fixture('truncated.xml'), '--partial', '--report', w.report])
  t.equal(partial.code, 1, 'a partial import still exits 1: the file was broken')
  t.match(partial.out, /stopped at line 113 \(--partial\)/)
  t.equal(w.count('stories'), seeded + 1)
})
