// The database on PostgreSQL: the same tables as src/db/schema.ts, column by column and constraint by
// constraint (test/postgres-schema.test.ts holds the two together); drizzle-kit reads them from here.
export * from '../vocabulary.ts';
export * from './tables/sources.ts';
export * from './tables/reporting.ts';
export * from './tables/claims.ts';
export * from './tables/figures.ts';
