/** npm run db:migrate — apply the engine's migrations (migrations/ or migrations-postgres/) to the configured database. */
import { databaseEngine, loadConfig } from '../config.js'
import { openEngine } from '../db/engine.js'

const database = await openEngine(databaseEngine(loadConfig()))
await database.migrate()
await database.close()
console.log(`migrated ${database.description}`)
