import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The browser tests only: they start the real server and drive a headless Chromium (npm run test:browser).
export default defineConfig({
  // Node loads graphql's CommonJS build for the libraries; the tests must share that one copy.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/browser/**/*.test.ts'],
    // The GraphiQL bundle is ~5 MB and Chromium needs a moment to start.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time is plenty and keeps a small CI machine calm.
    fileParallelism: false,
  },
});
