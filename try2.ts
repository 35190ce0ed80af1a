import { diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { schema } from './src/graphql/schema.ts';
const contract = buildSchema(readFileSync('../shared/contract/schema.graphql', 'utf8'));
const changes = await diff(contract, schema);
for (const c of changes) console.log(c.criticality.level, c.message);
