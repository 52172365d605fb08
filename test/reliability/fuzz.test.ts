/**
 * The OpenAPI fuzzer (reliability/fuzz.ts) against the real app: 1,000 generated
 * requests, valid and invalid, anonymous and with every role, over every operation in
 * openapi.yaml. Every answer must be a declared status with the declared media type and
 * schema, problem+json for 4xx, no 5xx and nothing internal. FUZZ_SEED=n replays
 * another run; `npm run fuzz -- --requests 10000` runs a longer one.
 */
import t from 'tap'
import { formatFailure, formatSummary, runFuzz } from '../../reliability/fuzz.js'
import { Rng } from '../../reliability/fuzz/prng.js'
import { stringMatching } from '../../reliability/fuzz/regex-gen.js'
import { RequestBuilder, urlOf } from '../../reliability/fuzz/requests.js'
import { buildSpec, loadSpecFile } from '../../reliability/fuzz/spec.js'
import { FuzzState } from '../../reliability/fuzz/state.js'
import { Validator } from '../../reliability/fuzz/validate.js'
import { build } from '../helper.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_501)
const spec = buildSpec(loadSpecFile())

t.test('the fuzzer generates what the document allows', async (t) => {
  const app = await build(t)
  const rng = new Rng(7)
  const validator = new Validator(spec.doc)
  const builder = new RequestBuilder(rng, spec, validator, new FuzzState(app, rng))
  t.ok(spec.operations.length >= 40, `${spec.operations.length} operations in openapi.yaml`)

  // Every pattern in the document has strings that match it.
  const patterns = new Set<string>()
  JSON.stringify(spec.doc, (key, value) => { if (key === 'pattern' && typeof value === 'string') patterns.add(value); return value })
  for (const pattern of patterns) {
    const s = stringMatching(pattern, rng, 1)
    t.ok(s !== null && new RegExp(pattern, 'u').test(s), `generates a match for ${pattern}: ${JSON.stringify(s)}`)
  }

  // Valid requests meet every parameter and body schema.
  const invalid: string[] = []
  for (const op of spec.operations) {
    for (let i = 0; i < 15; i++) {
      const req = builder.build(op, i % 3 === 0 ? 'strict-valid' : 'valid')
      const why = builder.rejection(req, true)
      if (why !== null) invalid.push(`${op.id} ${urlOf(req)}: ${why}`)
    }
  }
  t.same(invalid, [], 'no valid request breaks the document')

  // And each invalid one says what was broken.
  for (const op of spec.operations) t.ok(builder.build(op, 'invalid').mutations.length > 0, `${op.id}: an invalid request breaks something`)
})

t.test(`1,000 fuzzed requests, seed ${SEED}: no failures, every operation answered 2xx and 4xx`, async (t) => {
  const app = await build(t)
  const result = await runFuzz({ app, requests: 1000, seed: SEED })
  t.comment(formatSummary(result))
  for (const failure of result.failures) t.fail(formatFailure(failure))
  t.equal(result.failures.length, 0, `no failures (replay: npm run fuzz -- --requests 1000 --seed ${SEED})`)
  t.equal(result.operations.total, spec.operations.length, 'fuzzed the operations of openapi.yaml')
  t.equal(result.operations.covered, result.operations.total, 'every operation was exercised')
  for (const [id, stats] of Object.entries(result.perOperation)) {
    t.ok(stats.success > 0 && stats.clientError > 0, `${id}: ${stats.success} × 2xx, ${stats.clientError} × 4xx of ${stats.requests}`)
  }
  t.ok((result.byStatus['401'] ?? 0) > 0 && (result.byStatus['403'] ?? 0) > 0, 'refused keys and roles were tried')
  t.same(result.tainted, [], 'no request sent the text the leak checks look for')
})

t.test('a seed replays the same requests', async (t) => {
  // Cursors are signed with a per-database secret and some ids are random: mask them.
  const mask = (url: string) => url.replace(/cursor=[^&]*/g, 'cursor=…').replace(/\b(med|sto|aut|sec|tag|sub)_[a-z0-9]{16}\b/g, '$1_…')
  const runs: string[][] = []
  for (let i = 0; i < 2; i++) {
    const app = await build(t)
    const sent: string[] = []
    await runFuzz({ app, requests: 150, seed: SEED, shrink: false, onRequest: (_, req, url) => sent.push(`${req.method} ${mask(url)} ${req.auth}`) })
    runs.push(sent)
  }
  t.equal(runs[0]!.length, 150)
  t.same(runs[1], runs[0])
})
