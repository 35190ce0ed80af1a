import type { Target } from './target.ts';

/**
 * Every target, in the order the tables show them, each loaded only by the process that runs it
 * (the floor's process must not carry claimgraph's schema in its memory figure).
 */
const loaders = {
  claimgraph: () => import('./claimgraph.ts').then((m) => m.claimgraph),
  'claimgraph-jit': () => import('./claimgraph.ts').then((m) => m.claimgraphJit),
  floor: () => import('./floor.ts').then((m) => m.floor),
  'floor-json': () => import('./floor-json.ts').then((m) => m.floorJson),
  naive: () => import('./naive.ts').then((m) => m.naive),
  ceiling: () => import('./ceiling.ts').then((m) => m.ceiling),
} satisfies Record<string, () => Promise<Target>>;

export type TargetName = keyof typeof loaders;
export const targetNames = Object.keys(loaders) as TargetName[];

/** The ceiling answers only `{ hello }`; the others answer the whole mix. */
export const answersMix = (name: TargetName) => name !== 'ceiling';

export function isTargetName(name: string): name is TargetName {
  return name in loaders;
}

export function loadTarget(name: string): Promise<Target> {
  if (!isTargetName(name)) throw new Error(`no bench target "${name}"; the targets are ${targetNames.join(', ')}`);
  return loaders[name]();
}
