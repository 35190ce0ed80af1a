import { existsSync, readFileSync } from 'node:fs';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildClientSchema, buildSchema, getIntrospectionQuery } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, data } from './helpers.ts';

// The contract lives in the steering repo beside this one; a copy is kept for clones without it.
const shared = new URL('../../shared/contract/schema.graphql', import.meta.url);
const copy = new URL('./fixtures/contract.graphql', import.meta.url);
const contractText = readFileSync(existsSync(shared) ? shared : copy, 'utf8');
const contract = buildSchema(contractText);

describe('the public read contract', () => {
  const server = createTestServer(null);
  afterAll(() => server.close());

  it('has no breaking or dangerous change against the served schema', async () => {
    // As a client sees it: introspected over HTTP from the running server.
    const served = buildClientSchema(await data(server.query(getIntrospectionQuery())));
    const changes = await diff(contract, served);
    const risky = changes.filter((c) => c.criticality.level !== CriticalityLevel.NonBreaking).map((c) => c.message);
    expect(risky).toEqual([]);
  });

  it.runIf(existsSync(shared))('keeps its copy of the contract up to date', () => {
    expect(readFileSync(copy, 'utf8')).toBe(contractText);
  });

  it('would notice a breaking change (the check itself works)', async () => {
    const renamed = buildSchema(contractText.replace('statement: String!', 'text: String!'));
    const changes = await diff(contract, renamed);
    expect(changes.some((c) => c.criticality.level === CriticalityLevel.Breaking)).toBe(true);
  });
});
