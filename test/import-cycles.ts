import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The relative modules a file loads at run time (`import type` and `export type` load nothing). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const [, clause, target] of source.matchAll(
    /^(?:import|export)\s+([^'";]*?)\s*(?:from\s+)?['"](\.[^'"]+)['"]/gm,
  )) {
    if (/^type\s/.test(clause!)) continue;
    found.push(resolve(dirname(file), target!));
  }
  return found;
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

/** Every import cycle among the TypeScript files under `dir`, each as the files along it (first repeated last). */
export function importCycles(dir: string): string[][] {
  const files = sourceFiles(dir);
  const graph = new Map(files.map((file) => [file, runtimeImports(file).filter((target) => files.includes(target))]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}
