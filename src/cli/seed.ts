/** npm run seed — load the demo publication into the configured database; safe to run again. */
import { databaseEngine, loadConfig } from '../config.js'
import { openEngine } from '../db/engine.js'
import { demoDataset } from '../demo/index.js'
import { refreshRenderings } from '../repositories/renderings.js'
import { seedDataset } from '../repositories/seed-writer.js'

const config = loadConfig()
const database = await openEngine(databaseEngine(config))
await database.migrate()
await refreshRenderings(database, config.siteUrl)
const { inserted } = await seedDataset(database, demoDataset(), config.siteUrl)
await database.close()
console.log(`seeded ${database.description}: ${Object.entries(inserted).map(([k, n]) => `${n} ${k}`).join(', ')} inserted`)
