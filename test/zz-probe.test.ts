import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { createTestServer } from './helpers.ts';

test('probe', async () => {
  const s = createTestServer();
  const readme = readFileSync('/work/main/README.md', 'utf8');
  const examples = [...readme.slice(readme.indexOf('## Example queries'), readme.indexOf('## How numbers are modelled')).matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  for (const q of examples) {
    s.statements.reset();
    for (let i = 0; i < 50; i++) await s.query(q);
    const n = s.statements.count / 50;
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await s.query(q);
    const ms = (performance.now() - t0) / 200;
    s.statements.reset();
    await s.query(q);
    console.log(q.split('\n')[0], 'stmts', n, 'ms', ms.toFixed(2));
    console.log(s.statements.statements.map(x=>x.slice(0,150)).join('\n'));
  }
  s.close();
}, 120000);
