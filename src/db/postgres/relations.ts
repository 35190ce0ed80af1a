import { defineRelations } from 'drizzle-orm';
import { relate } from '../relations.ts';
import * as schema from './schema.ts';

// The same relations over PostgreSQL's tables: the same table keys, column keys and aliases, so the
// GraphQL layer's relational queries (planned from SQLite's definitions) run unchanged here.
export const relations = defineRelations(schema, relate as never);
