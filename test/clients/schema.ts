import { buildSchema } from 'graphql';
import { printClientSchema } from '../../src/federation/client-schema.ts';

/** The schema a frontend team works from: what `npm run schema:print` writes. */
export const clientSchema = buildSchema(printClientSchema());
