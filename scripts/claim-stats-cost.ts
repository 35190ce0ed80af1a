/** The price of claimStats.byClaimant with nested claim pages, with lists priced as ten and as measured:
 *   node --import tsx scripts/claim-stats-cost.ts ./data/bench/claims-100000-seed-1.db */
import { parse } from 'graphql';
import { openDatabase } from '../src/db/client.ts';
import { operationCost } from '../src/graphql/cost.ts';
import { listSizesOf } from '../src/graphql/list-sizes.ts';
import { schema } from '../src/graphql/schema.ts';
const db = openDatabase(process.argv[2]!);
const q = parse('{ claimStats { byClaimant { claimant { claims(first: 100) { edges { node { statement } } } } } } }');
const started = performance.now();
const sizes = listSizesOf(db);
console.log('list sizes measured in', (performance.now() - started).toFixed(0), 'ms', JSON.stringify([...sizes]));
console.log(
  'cost with constant 10:',
  operationCost(schema, q, null, {})!.cost,
  ' with list sizes:',
  operationCost(schema, q, null, {}, sizes)!.cost,
);
