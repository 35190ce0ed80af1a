import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations, beside SQLite's (drizzle.config.ts): `npx drizzle-kit generate --config=drizzle.postgres.config.ts`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres/schema.ts',
  out: './migrations-postgres',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54329/claimgraph' },
});
