import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * A file of the steering repository (`shared/`), which sits beside this repository or beside a
 * folder above it (a git worktree lives deeper than the main checkout). Throws, naming where it
 * looked, when there is none: a test that needs it fails instead of quietly skipping.
 */
export function sharedFile(path: string): string {
  const tried: string[] = [];
  for (let dir = dirname(repositoryRoot); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', path);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `shared/${path} is missing: the steering repository must sit beside this one (looked at ${tried.join(', ')})`,
  );
}
