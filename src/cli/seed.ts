/** npm run seed — load the demo publication into DATABASE_PATH; safe to run again. */
import { loadConfig } from '../config.js'
import { migrateDatabase, openDatabase } from '../db/client.js'
import { demoDataset } from '../demo/index.js'
import { refreshRenderings } from '../repositories/renderings.js'
import { seedDataset } from '../repositories/seed-writer.js'

const config = loadConfig()
const database = openDatabase(config.databasePath)
migrateDatabase(database)
refreshRenderings(database, config.siteUrl)
const { inserted } = seedDataset(database, demoDataset(), config.siteUrl)
database.close()
console.log(`seeded ${config.databasePath}: ${Object.entries(inserted).map(([k, n]) => `${n} ${k}`).join(', ')} inserted`)
