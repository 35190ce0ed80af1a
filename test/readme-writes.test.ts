import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../src/dataset/load.ts';
import { createTestServer, data } from './helpers.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = (from: string, to: string) =>
  readme.slice(readme.indexOf(from), readme.indexOf(to, readme.indexOf(from)));

describe("the README's write examples", () => {
  const server = createTestServer();
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-readme-'));
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('NewClaim creates the claim it shows', async () => {
    const mutation = /```graphql\n(mutation NewClaim[\s\S]*?)```/.exec(
      section('## Writing data', '## Bulk import'),
    )![1]!;
    const { createClaim } = await data(server.mutate(mutation));
    expect(createClaim).toMatchObject({
      __typename: 'CreateClaimSuccess',
      created: true,
      claim: { claimant: { label: 'Oleksandr Syrskyi' }, quantities: [{ low: 1000, high: 2000 }] },
    });
  });

  it('the NDJSON example is a valid dataset', async () => {
    const example = /```(?:ndjson)?\n(\{"format"[\s\S]*?)```/.exec(
      section('### The dataset format', '## Migrations'),
    )![1]!;
    const empty = createTestServer(null);
    try {
      const summary = await importFile(
        empty.db,
        (() => {
          const file = join(dir, 'readme.ndjson');
          writeFileSync(file, example);
          return file;
        })(),
      );
      expect(summary).toMatchObject({ committed: true, records: 6, inserted: 6, rejected: 0 });
    } finally {
      empty.close();
    }
  });
});
