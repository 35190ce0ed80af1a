// The second half of `npm run build`, after tsc has compiled src/ into dist/: copies what is not
// TypeScript (the example dataset, JSON Schemas, SDL, the worker script, usage text), then bundles
// the server's entry, dist/cli/serve.js, into one file in place. Node resolving and reading some
// 600 module files was half of start-up (1.2 s -> 0.65 s from spawning node to the first answer).
// The bundle stays in dist/cli/, so paths its modules resolve against import.meta.url
// ('../../migrations', '../dataset/...') point where they do from any other dist/ folder.
import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/**
 * Every import of graphql, deep ones included ('graphql/execution/values'), from its ES modules.
 * graphql ships both module kinds side by side with no exports map, so a deep import (graphql-jit's,
 * graphql-armor's) would otherwise bundle the CommonJS files: a second graphql, whose type checks
 * refuse the schema's types as "from another module or realm" (and, with NODE_ENV=production,
 * silently answer false instead).
 */
const graphqlRoot = dirname(createRequire(import.meta.url).resolve('graphql/package.json'));
const oneGraphql = {
  name: 'one-graphql',
  setup(bundle) {
    bundle.onResolve({ filter: /^graphql(\/|$)/ }, ({ path }) => {
      const module = join(graphqlRoot, path.slice('graphql'.length).replace(/\.m?js$/, '') || 'index');
      return { path: existsSync(`${module}.mjs`) ? `${module}.mjs` : join(module, 'index.mjs') };
    });
  },
};

cpSync('src', 'dist', { recursive: true, filter: (file) => !file.endsWith('.ts') });
await build({
  entryPoints: ['dist/cli/serve.js'],
  outfile: 'dist/cli/serve.js',
  allowOverwrite: true,
  bundle: true,
  // ES modules first where a package ships both (graphql does): a CommonJS package in an ES bundle is
  // reached through a getter per export, and graphql's are read on every field executed (2-3 ms of a
  // 30 ms claimStats answer went to those getters alone).
  mainFields: ['module', 'main'],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // A native addon, loaded by Node from node_modules as usual.
  external: ['better-sqlite3'],
  // Some dependencies are CommonJS and call require(); an ES module bundle has none of its own.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);" },
  plugins: [oneGraphql],
  logLevel: 'warning',
});
