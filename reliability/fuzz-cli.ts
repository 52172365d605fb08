/**
 * npm run fuzz -- --requests 10000 [--seed N] [--spec app] [--json out.json] [--trace out.tsv] [--no-shrink] [--log]
 *
 * Fuzzes a fresh in-memory app with the demo data (rate limits off) from openapi.yaml
 * (or, with --spec app, from the document the running code generates), prints a
 * summary and a reproduction of each distinct failure, and exits 1 on any failure.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { buildApp } from '../src/app.js'
import { testConfig } from '../test/helper.js'
import { describeBody, formatFailure, formatSummary, randomSeed, runFuzz } from './fuzz.js'
import type { OpenApiDoc } from './fuzz/spec.js'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    spec: { type: 'string', default: 'file' },
    json: { type: 'string' },
    trace: { type: 'string' },
    'no-shrink': { type: 'boolean', default: false },
    log: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false }
  }
})
if (values.help) {
  console.log('usage: fuzz-cli [--requests N] [--seed N] [--spec file|app] [--json out.json] [--trace out.tsv] [--no-shrink] [--log]')
  process.exit(0)
}
const requests = Number(values.requests)
const seed = values.seed === undefined ? randomSeed() : Number(values.seed)
if (!Number.isSafeInteger(requests) || requests < 1 || !Number.isSafeInteger(seed)) {
  console.error('--requests and --seed must be integers')
  process.exit(2)
}

console.log(`fuzzing with seed ${seed} (repeat with --seed ${seed}), ${requests} requests`)
const quiet = { webhooks: { ...testConfig().webhooks, dispatch: false } }
const app = await buildApp(testConfig({ ...quiet, ...(values.log ? { logLevel: 'error' as const } : {}) }), { logger: values.log ? { level: 'error' } : false })
try {
  const doc = values.spec === 'app' ? app.swagger() as unknown as OpenApiDoc : undefined
  const trace = values.trace
  if (trace !== undefined) writeFileSync(trace, '')
  const result = await runFuzz({
    app,
    requests,
    seed,
    doc,
    shrink: !values['no-shrink'],
    onProgress: (n) => process.stderr.write(`  ${n}/${requests}\r`),
    onRequest: trace === undefined
      ? undefined
      : (i, req, url, res, violations) => appendFileSync(trace, `${i}\t${req.op.id}\t${res.statusCode}\t${req.auth}\t${req.method} ${describeBody(url).slice(0, 300)}\t${req.mutations.join('; ').slice(0, 200)}\t${violations.map((v) => v.check).join(',')}\t${res.statusCode >= 400 ? res.body.slice(0, 200) : ''}\n`)
  })
  for (const failure of result.failures) console.log(`\n${formatFailure(failure)}`)
  console.log(`\n${formatSummary(result)}`)
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(result, null, 2))
  process.exitCode = result.failures.length > 0 ? 1 : 0
} finally {
  await app.close()
}
