#!/usr/bin/env node
// The `claimgraph` command (package.json "bin"): runs the TypeScript CLI through tsx in this
// same process, so signals (Ctrl-C, SIGTERM) reach it directly.
import { register } from 'tsx/esm/api';

register();
await import('./claimgraph.ts');
