import { parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { schema } from '../src/graphql/schema.ts';
import { aggregatesAlone } from '../src/server/compiled-aggregates.ts';
import { OperationGenerator, random } from './fuzz/operations.ts';
import { createTestServer, type TestServer } from './helpers.ts';

describe('compiled execution is chosen per operation', () => {
  it('compiles queries that ask for aggregates alone, and leaves pages, mixes, mutations and a bare __typename to graphql-js', () => {
    const compiled = (source: string, operationName?: string) => aggregatesAlone(parse(source), operationName) !== null;
    expect(
      compiled('{ claimStats { count } compareClaims(question: { metric: KILLED }) { comparisons { unit } } }'),
    ).toBe(true);
    expect(compiled('query Q { __typename trackRecords { claims } }')).toBe(true);
    expect(compiled('{ claims(first: 2) { totalCount } }')).toBe(false);
    expect(compiled('{ claimStats { count } claims(first: 2) { totalCount } }')).toBe(false);
    expect(compiled('{ ... on Query { claimStats { count } } }')).toBe(false);
    expect(compiled('query A { claimStats { count } } query B { claims { totalCount } }', 'A')).toBe(true);
    expect(compiled('query A { claimStats { count } } query B { claims { totalCount } }', 'B')).toBe(false);
    expect(compiled('mutation { __typename }')).toBe(false);
    expect(compiled('{ __typename }')).toBe(false);
  });
});

describe('compiled aggregates answer as graphql-js does', () => {
  // Counts the answers graphql-jit serialized (it hands Yoga its own `stringify`), to show the
  // comparison below really compared compiled answers with graphql-js ones.
  let compiledAnswers = 0;
  const countCompiled: Plugin = {
    onExecute: () => ({
      onExecuteDone: ({ result }) => {
        if (typeof (result as { stringify?: unknown }).stringify === 'function') compiledAnswers++;
      },
    }),
  };
  const compiled = createTestServer(undefined, { plugins: [countCompiled] });
  const plain = createTestServer(undefined, {
    config: readConfig({ CLAIMGRAPH_COMPILED_AGGREGATES: 'false' }),
    plugins: [countCompiled],
  });
  afterAll(() => {
    compiled.close();
    plain.close();
  });

  const answer = async (server: TestServer, body: object, accept: string) => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  };

  it('byte for byte, status included, on 400 generated aggregate operations (seed 3): data, errors, bad arguments and variables', async () => {
    const generator = new OperationGenerator(schema, random(3));
    const aggregate =
      /\bf\d+: (claimStats|compareClaims|claimSeries|claimGroups|contradictions|trackRecords|territoryBalance)\(?/;
    const compared: string[] = [];
    while (compared.length < 400) {
      const operation = generator.next();
      if (operation.kind !== 'query' || !aggregate.test(operation.query)) continue;
      const body = { query: operation.query, variables: operation.variables };
      const accept = compared.length % 2 ? 'application/graphql-response+json' : 'application/json';
      const fromPlain = await answer(plain, body, accept);
      const plainAnswers = compiledAnswers;
      expect(await answer(compiled, body, accept), operation.query).toEqual(fromPlain);
      compared.push(`${fromPlain.status} ${plainAnswers === compiledAnswers ? 'graphql-js' : 'compiled'}`);
    }
    console.log(
      `compiled aggregates, seed 3: ${[...new Set(compared)].map((line) => `${line}: ${compared.filter((each) => each === line).length}`).join(', ')}`,
    );
    const tally = (line: string) => compared.filter((each) => each === line).length;
    // Many ran compiled and answered with data (a compiled answer with errors is rebuilt, so it counts
    // as graphql-js here); the rest are refusals, which both answer alike.
    expect(tally('200 compiled')).toBeGreaterThan(100);
    expect(tally('400 graphql-js')).toBeGreaterThan(50);
  }, 120_000);

  it("an aggregate's error keeps its place in the document, and errors come first", async () => {
    const { body } = await answer(compiled, { query: '{ trackRecords(first: -1) { claims } }' }, 'application/json');
    expect(Object.keys(JSON.parse(body))).toEqual(['errors', 'data']);
    expect(JSON.parse(body).errors).toEqual([
      expect.objectContaining({ locations: [{ line: 1, column: 3 }], path: ['trackRecords'] }),
    ]);
  });
});
