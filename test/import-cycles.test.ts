import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles } from './import-cycles.ts';

const src = fileURLToPath(new URL('../src', import.meta.url));

describe('the modules of src/', () => {
  it('import one another in one direction: no cycle, counting every import that loads code', () => {
    const cycles = importCycles(src).map((cycle) => cycle.map((file) => relative(src, file)).join(' -> '));
    expect(cycles).toEqual([]);
  });
});
