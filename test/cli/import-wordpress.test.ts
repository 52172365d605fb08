/** npm run import:wordpress, driven in process against a real database file and real files. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import Sqlite from 'better-sqlite3'
import { runImportCli } from '../../src/cli/import-wordpress.js'
import { fixture, SITE_MAPPING } from '../import/import-helper.js'

// Each run builds the app on a database file of its own, its writes on the writer thread, each commit synced: on a busy machine that is seconds a run.
t.setTimeout(300_000)

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
    [[fixture('site.xml'), '--mapping', join(w.dir, 'missing.yaml')], /cannot read the mapping file .*ENOENT/],
    [[fixture('site.xml'), '--mapping', w.dir], /cannot read the mapping file .*EISDIR/],
    [[fixture('site.xml'), '--report', join(w.dir, 'no', 'such', 'dir', 'r.json')], /--report .*cannot be written/]
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

t.test('--media fetch copies files from a mirror and points the media at their new home', async (t) => {
  const w = workspace(t)
  const mirror = join(w.dir, 'mirror')
  const target = join(w.dir, 'media')
  const uploads = join(mirror, 'wp-content', 'uploads', '2013', '12')
  mkdirSync(uploads, { recursive: true })
  writeFileSync(join(uploads, 'her-review-4.jpg'), Buffer.alloc(2048, 7))
  const run = await w.run([fixture('site.xml'), '--mapping', w.mapping, '--report', w.report, '--media', 'fetch', '--media-from', mirror, '--media-to', target, '--media-url', 'https://cdn.example/wp'])
  t.equal(run.code, 0, run.err)
  t.match(run.out, /1 files copied/)
  t.same(readFileSync(join(target, 'wp-content', 'uploads', '2013', '12', 'her-review-4.jpg')), Buffer.alloc(2048, 7))
  const db = new Sqlite(w.database, { readonly: true })
  const urls = db.prepare("SELECT url FROM media WHERE url LIKE '%her-review-4.jpg'").all() as Array<{ url: string }>
  db.close()
  t.same(urls.map((u) => u.url), ['https://cdn.example/wp/wp-content/uploads/2013/12/her-review-4.jpg'])
  const report = JSON.parse(readFileSync(w.report, 'utf8'))
  t.ok(report.unresolved.media.some((m: { message: string }) => /not copied/.test(m.message)), 'files the mirror lacks are reported, and keep their URLs')

  writeFileSync(join(uploads, 'her-review-4.jpg'), Buffer.alloc(1_500_000, 7))
  const small = await w.run([fixture('site.xml'), '--mapping', w.mapping, '--report', w.report, '--force', '--media', 'fetch', '--media-from', mirror, '--media-to', join(w.dir, 'small'), '--media-max-mb', '1'])
  t.equal(small.code, 0)
  const refused = JSON.parse(readFileSync(w.report, 'utf8')).unresolved.media.filter((m: { message: string }) => /her-review-4\.jpg not copied: larger than 1048576 bytes/.test(m.message))
  t.equal(refused.length, 1, 'a file over --media-max-mb is refused and reported')
  for (const name of ['her-review-4.jpg', 'her-review-4.jpg.part']) t.notOk(existsSync(join(w.dir, 'small', 'wp-content', 'uploads', '2013', '12', name)), `no ${name} left`)
})

t.test('--media fetch from a live site over http', async (t) => {
  const w = workspace(t)
  const served: string[] = []
  const server = createServer((request, response) => {
    served.push(request.url ?? '')
    if (request.url === '/wp-content/uploads/2013/12/her-review-4.jpg') response.end(Buffer.alloc(4096, 1))
    else response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const { port } = server.address() as AddressInfo
  const run = await w.run([fixture('site.xml'), '--mapping', w.mapping, '--report', w.report, '--media', 'fetch', '--media-from', `http://127.0.0.1:${port}`, '--media-to', join(w.dir, 'media')])
  t.equal(run.code, 0, run.err)
  t.equal(readFileSync(join(w.dir, 'media', 'wp-content', 'uploads', '2013', '12', 'her-review-4.jpg')).length, 4096)
  t.equal(served.filter((u) => u === '/wp-content/uploads/2013/12/her-review-4.jpg').length, 1, 'each file fetched once, however many posts show it')
  const report = JSON.parse(readFileSync(w.report, 'utf8'))
  t.ok(report.unresolved.media.some((m: { message: string }) => /answered 404/.test(m.message)))
})
