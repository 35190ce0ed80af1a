import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import * as operations from './operations.ts';
import { clientTestServerForFile, testWriteToken } from './server.ts';

const server = clientTestServerForFile();

/** Apollo Client as its docs set it up: InMemoryCache with relayStylePagination; POST, or GET when asked. */
const createClient = (options: { useGETForQueries?: boolean } = {}) =>
  new ApolloClient({
    link: new HttpLink({ uri: server.endpoint, fetch: server.fetch, ...options }),
    cache: new InMemoryCache({
      possibleTypes: { Node: ['Actor', 'Article', 'Claim', 'Official', 'Region', 'TerritoryChange'] },
      typePolicies: { Query: { fields: { claims: relayStylePagination(['filter']) } } },
    }),
  });

describe('Apollo Client with InMemoryCache, as shipped', () => {
  for (const [method, useGETForQueries] of [
    ['POST', false],
    ['GET', true],
  ] as const)
    it(`pages through every claim by ${method}; relayStylePagination merges the pages in the cache`, async () => {
      const client = createClient({ useGETForQueries });
      const query = gql(operations.ClaimsPage);
      server.requests.length = 0;
      // The documented way: a watched query, and fetchMore for each next page.
      const watched = client.watchQuery<operations.ClaimsPageData>({
        query,
        variables: { first: operations.pageSize },
      });
      const firstPage = firstValueFrom(watched.pipe(filter((result) => result.dataState === 'complete')));
      const subscription = watched.subscribe(() => {});
      try {
        let { data } = await firstPage;
        let pageInfo = data!.claims.pageInfo;
        for (let pages = 1; pageInfo.hasNextPage && pages <= server.claimIds.length; pages++) {
          ({ data } = await watched.fetchMore({ variables: { after: pageInfo.endCursor } }));
          pageInfo = data!.claims.pageInfo;
        }
        expect(pageInfo.hasNextPage).toBe(false);
      } finally {
        subscription.unsubscribe();
      }
      const cached = client.readQuery<operations.ClaimsPageData>({ query, variables: { first: operations.pageSize } });
      expect(cached!.claims.edges.map((edge) => edge.node.id)).toEqual(server.claimIds);
      expect(cached!.claims.totalCount).toBe(server.claimIds.length);
      expect(server.requests.length).toBe(Math.ceil(server.claimIds.length / operations.pageSize));
      for (const request of server.requests) expect(request.split(' ')[0]).toBe(method);
    });

  it('reads a node by id and a filtered list', async () => {
    const client = createClient();
    const node = await client.query<operations.NodeByIdData>({
      query: gql(operations.NodeById),
      variables: { id: server.claimIds[0] },
    });
    expect(node.data!.node).toMatchObject({ __typename: 'Claim', id: server.claimIds[0] });
    const filtered = await client.query<operations.CasualtyClaimsData>({ query: gql(operations.CasualtyClaims) });
    expect(filtered.data!.claims.edges.map((edge) => edge.node.id)).toEqual(server.casualtyClaimIds);
  });

  it('creates with the write token, then reads what it created; without the token the code says why', async () => {
    const client = createClient();
    const created = await client.mutate<operations.CreateRegionData>({
      mutation: gql(operations.CreateRegion),
      variables: { name: 'Belgorod Oblast (Apollo)' },
      context: { headers: { authorization: `Bearer ${testWriteToken}` } },
    });
    expect(created.data!.createRegion).toMatchObject({ __typename: 'CreateRegionSuccess', created: true });
    const id = created.data!.createRegion.region!.id;
    const read = await client.query<operations.NodeByIdData>({ query: gql(operations.NodeById), variables: { id } });
    expect(read.data!.node).toEqual({ __typename: 'Region', id, name: 'Belgorod Oblast (Apollo)' });

    const refused = await client
      .mutate({ mutation: gql(operations.CreateRegion), variables: { name: 'Refused Oblast' } })
      .catch((error: { errors?: { extensions?: { code?: string } }[] }) => error);
    expect((refused as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
