import { openDatabase } from './src/db/client.ts';
import { figureGroups } from './src/graphql/aggregates/figures.ts';
const db = openDatabase('/tmp/mine-100k.db');
const region = db.$client.prepare("select id from regions where kind='PROVINCE' limit 1").pluck().get() as number;
const filters = [undefined, { regionId: { typename: 'Region', id: region } }, { metric: 'KILLED' as const }];
for (const f of filters) {
  const times = [];
  for (let i = 0; i < 5; i++) { const t = performance.now(); figureGroups(db, f as never); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify(f ?? {}), 'p50', Math.round(times[2]), 'ms');
}
