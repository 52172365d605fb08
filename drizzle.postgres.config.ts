import { defineConfig } from 'drizzle-kit'

// The PostgreSQL schema and its own migrations; drizzle.config.ts is SQLite's.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres/schema.ts',
  out: './migrations-postgres'
})
