import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { findPostgres } from './postgres-setup.ts';

/**
 * The test files that run a second time with their servers on PostgreSQL (createTestServer), when
 * one answers: everything they ask through the API must come out the same. The others stay on
 * SQLite for a reason each: they test the SQLite file itself (locks, triggers, the kept-answer
 * cache keyed by its data version, list sizes measured from it), import and export on it (the
 * PostgreSQL path is test/postgres-dataset.test.ts), start servers of their own (processes, the CLI,
 * the gateway, subscriptions: test/postgres-server.test.ts and test/postgres-live.test.ts), or need
 * no database at all.
 */
const onBothEngines = [
  'aggregate-rules',
  'aggregate-statements',
  'api-shape',
  'claim-groups',
  'claim-model-read',
  'claim-model-writes',
  'claim-series',
  'claim-stats',
  'committed-writes',
  'compare-claims',
  'comparison-statements',
  'compiled-aggregates',
  'contract',
  'contradictions',
  'conventions',
  'dataset',
  'date-rules',
  'descriptions',
  'error-codes',
  'error-echo',
  'federation',
  'filters',
  'mutations',
  'nested-ordering',
  'page-boundaries',
  'pagination',
  'readme',
  'readme-aggregates',
  'readme-writes',
  'reporting',
  'search',
  'statements',
  'territory-balance',
  'track-records',
];

const { reachable } = await findPostgres();
/** Each project's: it tells the project's tests where PostgreSQL is, and makes their template. */
const globalSetup = ['test/postgres-setup.ts'];

export default defineConfig({
  // Node loads graphql's CommonJS build for the libraries; the tests must share that one copy.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  test: {
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'], globalSetup },
      },
      ...(reachable
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                globalSetup,
                include: onBothEngines.map((name) => `test/${name}.test.ts`),
                env: { CLAIMGRAPH_TEST_ENGINE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
