// The second half of `npm run build`, after tsc has compiled src/ into dist/: copies what is not
// TypeScript (the example dataset, JSON Schemas, SDL, the worker script, usage text), then bundles
// the server's entry, dist/cli/serve.js, into one file in place. Node resolving and reading some
// 600 module files was half of start-up (1.2 s -> 0.65 s from spawning node to the first answer).
// The bundle stays in dist/cli/, so paths its modules resolve against import.meta.url
// ('../../migrations', '../dataset/...') point where they do from any other dist/ folder.
import { cpSync } from 'node:fs';
import { build } from 'esbuild';

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
  logLevel: 'warning',
});
