import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { Client, fetchExchange } from '@urql/core';
import { introspectionFromSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as operations from './operations.ts';
import { clientSchema } from './schema.ts';
import { clientTestServerForFile, testWriteToken } from './server.ts';

const server = clientTestServerForFile();

/** urql as its docs set it up: graphcache with relayPagination, the default fetch exchange (queries by GET). */
const createClient = (headers: Record<string, string> = {}) =>
  new Client({
    url: server.endpoint,
    fetch: server.fetch,
    fetchOptions: { headers },
    exchanges: [
      cacheExchange({
        schema: introspectionFromSchema(clientSchema),
        // Value types without an id live inside their parent.
        keys: { PageInfo: () => null, Quantity: () => null },
        resolvers: { Query: { claims: relayPagination() } },
      }),
      fetchExchange,
    ],
  });

describe('urql with graphcache, as shipped', () => {
  it('pages through every claim by GET; relayPagination merges the pages in the cache', async () => {
    const client = createClient();
    server.requests.length = 0;
    let after: string | null = null;
    let page: operations.ClaimsPageData | undefined;
    do {
      const result = await client
        .query<operations.ClaimsPageData>(operations.ClaimsPage, { first: operations.pageSize, after })
        .toPromise();
      expect(result.error).toBeUndefined();
      page = result.data!;
      after = page.claims.pageInfo.endCursor;
    } while (page.claims.pageInfo.hasNextPage);
    expect(page.claims.edges.map((edge) => edge.node.id)).toEqual(server.claimIds);
    expect(page.claims.totalCount).toBe(server.claimIds.length);
    expect(server.requests.length).toBe(Math.ceil(server.claimIds.length / operations.pageSize));
    for (const request of server.requests) expect(request).toMatch(/^GET \/graphql\?/);
  });

  it('reads a node by id and a filtered list', async () => {
    const client = createClient();
    const node = await client
      .query<operations.NodeByIdData>(operations.NodeById, { id: server.claimIds[0] })
      .toPromise();
    expect(node.error).toBeUndefined();
    expect(node.data!.node).toMatchObject({ __typename: 'Claim', id: server.claimIds[0] });
    expect(node.data!.node!.statement).toEqual(expect.any(String));

    const filtered = await client.query<operations.CasualtyClaimsData>(operations.CasualtyClaims, {}).toPromise();
    expect(filtered.error).toBeUndefined();
    expect(filtered.data!.claims.edges.map((edge) => edge.node.id)).toEqual(server.casualtyClaimIds);
    expect(new Set(filtered.data!.claims.edges.map((edge) => edge.node.kind))).toEqual(new Set(['CASUALTIES']));
  });

  it('creates with the write token (by POST), then reads what it created', async () => {
    server.requests.length = 0;
    const client = createClient({ authorization: `Bearer ${testWriteToken}` });
    const created = await client
      .mutation<operations.CreateRegionData>(operations.CreateRegion, { name: 'Belgorod Oblast (urql)' })
      .toPromise();
    expect(created.error).toBeUndefined();
    expect(created.data!.createRegion).toMatchObject({ __typename: 'CreateRegionSuccess', created: true });
    expect(server.requests).toEqual(['POST /graphql']);
    const id = created.data!.createRegion.region!.id;
    const read = await createClient().query<operations.NodeByIdData>(operations.NodeById, { id }).toPromise();
    expect(read.data!.node).toEqual({ __typename: 'Region', id, name: 'Belgorod Oblast (urql)' });
  });

  it('without the token a mutation is refused with a code, and nothing is written', async () => {
    const result = await createClient().mutation(operations.CreateRegion, { name: 'Refused Oblast' }).toPromise();
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const list = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ regions(first: 100) { edges { node { name } } } }' }),
    });
    expect(JSON.stringify(await list.json())).not.toContain('Refused Oblast');
  });
});
