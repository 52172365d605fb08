/**
 * Prints the README's table of environment variables from the table config.ts reads them
 * by (src/config-variables.ts), so the two cannot say different things:
 *   npx tsx scripts/config-table.ts
 * test/config.test.ts fails when the README's copy differs from this output.
 */
import { pathToFileURL } from 'node:url'
import { variableList } from '../src/config-variables.js'

// A "|" inside a cell would end it.
const cell = (text: string): string => text.replaceAll('|', '\\|')

export function configTable (): string {
  const rows = variableList().map(({ variable }) => {
    const fallback = typeof variable.default === 'string' ? `\`${variable.default}\`` : variable.default.doc
    return `| \`${variable.name}\` | ${cell(fallback)} | ${cell(variable.doc)} |`
  })
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n'
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(configTable())
