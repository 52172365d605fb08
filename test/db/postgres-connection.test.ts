/**
 * The PostgreSQL cluster of the test suite (BYLINE_TEST_POSTGRES_URL, started by .ci/run with
 * scripts/pg-test-cluster.sh) answers, is PostgreSQL 15, and freshPostgresDatabase(t) gives a
 * test a database of its own and drops it afterwards. In CI a missing cluster fails the run;
 * elsewhere (a developer without PostgreSQL) the file is skipped with the reason.
 */
import t from 'tap'
import { connectPostgres, freshPostgresDatabase, postgresTestUrl, postgresUnavailableReason } from '../postgres-helper.js'

const url = postgresTestUrl()
const unavailable = postgresUnavailableReason()

if (unavailable !== false && process.env.CI !== undefined) {
  t.fail(`CI must provide a PostgreSQL cluster, and it is missing: ${unavailable}`)
} else {
  const skip = unavailable === false ? false : `skipped: ${unavailable}`

  t.test('the test cluster answers and is PostgreSQL 15', { skip }, async (t) => {
    const client = await connectPostgres(url as string)
    t.teardown(() => client.end())
    const { rows: [version] } = await client.query<{ version: string }>('select version()')
    t.match(version?.version, /^PostgreSQL 15\.\d+/, `select version(): ${version?.version}`)
    const { rows: [num] } = await client.query<{ server_version_num: string }>('show server_version_num')
    const n = Number(num?.server_version_num)
    t.ok(n >= 150000 && n < 160000, `server_version_num ${n} is 15.x`)
    const { rows: [role] } = await client.query<{ rolcreatedb: boolean }>('select rolcreatedb from pg_roles where rolname = current_user')
    t.equal(role?.rolcreatedb, true, 'the role may create databases (freshPostgresDatabase needs it)')
  })

  t.test('freshPostgresDatabase(t) creates a database of its own and drops it in teardown', { skip }, async (t) => {
    let name = ''
    await t.test('a test with its database', async (t) => {
      const dbUrl = await freshPostgresDatabase(t)
      name = decodeURIComponent(new URL(dbUrl).pathname.slice(1))
      t.match(name, /^byline_test_\d+_[0-9a-f]{8}$/, `database ${name}`)

      const client = await connectPostgres(dbUrl)
      const { rows: [current] } = await client.query<{ db: string }>('select current_database() as db')
      t.equal(current?.db, name, 'the URL leads to the new database')
      await client.query('create table probe (id integer primary key, body text not null)')
      await client.query('insert into probe values (1, $1)', ['written'])
      const { rows } = await client.query<{ body: string }>('select body from probe')
      t.same(rows, [{ body: 'written' }], 'it takes DDL and writes')
      // Left open on purpose: the teardown must terminate it before dropping the database.
      t.teardown(() => client.end().catch(() => {}))

      const other = await freshPostgresDatabase(t)
      t.not(other, dbUrl, 'a second call gives another database')
    })

    const admin = await connectPostgres(url as string)
    t.teardown(() => admin.end())
    const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'byline_test_' || $1 || '_%'", [String(process.pid)])
    t.same(rows, [], `${name} and its sibling were dropped when the test ended, an open connection notwithstanding`)
  })
}
