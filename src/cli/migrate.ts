/** npm run db:migrate — apply migrations/ to DATABASE_PATH. */
import { loadConfig } from '../config.js'
import { migrateDatabase, openDatabase } from '../db/client.js'

const config = loadConfig()
const database = openDatabase(config.databasePath)
migrateDatabase(database)
database.close()
console.log(`migrated ${config.databasePath}`)
