import { readFileSync } from 'node:fs';
import { ChangeType, CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildClientSchema, buildSchema, getIntrospectionQuery } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, data } from './helpers.ts';
import { sharedFile } from './shared-file.ts';

// The contract lives in the steering repository; a copy is kept so that the diff runs without it.
const copy = new URL('./fixtures/contract.graphql', import.meta.url);
const contractText = readFileSync(copy, 'utf8');
const contract = buildSchema(contractText);

/** Kinds of actor reporting names, and losses of unspecified kind (the claim model). */
const addedOnPurpose = new Set([
  ...['INTELLIGENCE_SERVICE', 'LEGISLATURE', 'MILITARY_UNIT', 'MINISTRY', 'NEWS_AGENCY', 'THINK_TANK'].map(
    (v) => `Enum value '${v}' was added to enum 'ActorKind'`,
  ),
  "Enum value 'LOSSES' was added to enum 'Metric'",
]);

describe('the public read contract', () => {
  const server = createTestServer(null);
  afterAll(() => server.close());

  it('has no breaking or dangerous change against the served schema', async () => {
    // As a client sees it: introspected over HTTP from the running server.
    const served = buildClientSchema(await data(server.query(getIntrospectionQuery())));
    const changes = await diff(contract, served);
    // An optional argument added to a field is "dangerous" to the inspector (a resolver might act
    // differently), but a client that does not pass it gets what the contract promised; a required
    // one is breaking and still caught.
    // Enum values added on purpose are "dangerous" too (a client with an exhaustive switch meets a
    // value it did not know): the richer model needs them, and each is listed here so that no other
    // value slips in unnoticed.
    const risky = changes
      .filter((c) => c.criticality.level !== CriticalityLevel.NonBreaking)
      .filter((c) => !(c.type === ChangeType.FieldArgumentAdded && c.criticality.level === CriticalityLevel.Dangerous))
      .filter((c) => !(c.type === ChangeType.EnumValueAdded && addedOnPurpose.has(c.message)))
      .map((c) => c.message);
    expect(risky).toEqual([]);
  });

  it('keeps its copy of the contract up to date', () => {
    expect(contractText).toBe(readFileSync(sharedFile('contract/schema.graphql'), 'utf8'));
  });

  it('would notice a breaking change (the check itself works)', async () => {
    const renamed = buildSchema(contractText.replace('statement: String!', 'text: String!'));
    const changes = await diff(contract, renamed);
    expect(changes.some((c) => c.criticality.level === CriticalityLevel.Breaking)).toBe(true);
  });

  it('would notice a required argument added (optional ones pass)', async () => {
    const required = buildSchema(contractText.replace('actors(first: Int,', 'actors(must: Int!, first: Int,'));
    const changes = await diff(contract, required);
    expect(
      changes.some(
        (c) => c.type === ChangeType.FieldArgumentAdded && c.criticality.level === CriticalityLevel.Breaking,
      ),
    ).toBe(true);
  });
});
