import { test } from 'vitest';
import { createTestServer } from './helpers.ts';
import { readConfig } from '../src/config.ts';

test('probe2', async () => {
  for (const config of [undefined, readConfig({ NODE_ENV: 'production' })]) {
    const s = createTestServer(undefined, config ? { config } : {});
    for (const q of ['{ __typename }', '{ node(id: "QWN0b3I6MQ==") { id } }', '{ actors(first: 5) { edges { node { name } } } }']) {
      for (let i = 0; i < 100; i++) await s.query(q);
      const t0 = performance.now();
      for (let i = 0; i < 500; i++) await s.query(q);
      console.log(config ? 'prod' : 'dev', q, ((performance.now() - t0) / 500).toFixed(3));
    }
    s.close();
  }
}, 120000);
