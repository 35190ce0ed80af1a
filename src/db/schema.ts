// The database: its vocabulary and its tables, one module per part (drizzle-kit reads them from here).
export * from './vocabulary.ts';
export * from './tables/sources.ts';
export * from './tables/reporting.ts';
export * from './tables/claims.ts';
export * from './tables/figures.ts';
