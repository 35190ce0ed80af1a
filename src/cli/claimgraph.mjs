#!/usr/bin/env node
// The `claimgraph` command (package.json "bin"). --help and --version answer from plain files,
// without loading tsx or the database code; everything else runs the TypeScript CLI through tsx
// in this same process, so signals (Ctrl-C, SIGTERM) reach it directly.
import { readFileSync } from 'node:fs';

const [command] = process.argv.slice(2);
if (command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(readFileSync(new URL('./usage.txt', import.meta.url), 'utf8'));
} else if (command === '--version' || command === '-v' || command === 'version') {
  console.log(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./claimgraph.ts');
}
