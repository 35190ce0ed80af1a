import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CasualtyClaims,
  type CasualtyClaimsData,
  ClaimsPage,
  type ClaimsPageData,
  CreateRegion,
  type CreateRegionData,
  NodeById,
  type NodeByIdData,
  pageSize,
} from './operations.ts';
import { type ClientTestServer, startClientTestServer, testWriteToken } from './server.ts';

let server: ClientTestServer;
beforeAll(async () => (server = await startClientTestServer()));
afterAll(() => server.close());

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
      const query = gql(ClaimsPage);
      server.requests.length = 0;
      // The documented way: a watched query, and fetchMore for each next page.
      const watched = client.watchQuery<ClaimsPageData>({ query, variables: { first: pageSize } });
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
      const cached = client.readQuery<ClaimsPageData>({ query, variables: { first: pageSize } });
      expect(cached!.claims.edges.map((edge) => edge.node.id)).toEqual(server.claimIds);
      expect(cached!.claims.totalCount).toBe(server.claimIds.length);
      expect(server.requests.length).toBe(Math.ceil(server.claimIds.length / pageSize));
      for (const request of server.requests) expect(request.split(' ')[0]).toBe(method);
    });

  it('reads a node by id and a filtered list', async () => {
    const client = createClient();
    const node = await client.query<NodeByIdData>({ query: gql(NodeById), variables: { id: server.claimIds[0] } });
    expect(node.data!.node).toMatchObject({ __typename: 'Claim', id: server.claimIds[0] });
    const filtered = await client.query<CasualtyClaimsData>({ query: gql(CasualtyClaims) });
    expect(filtered.data!.claims.edges.map((edge) => edge.node.id)).toEqual(server.casualtyClaimIds);
  });

  it('creates with the write token, then reads what it created; without the token the code says why', async () => {
    const client = createClient();
    const created = await client.mutate<CreateRegionData>({
      mutation: gql(CreateRegion),
      variables: { name: 'Belgorod Oblast (Apollo)' },
      context: { headers: { authorization: `Bearer ${testWriteToken}` } },
    });
    expect(created.data!.createRegion).toMatchObject({ __typename: 'CreateRegionSuccess', created: true });
    const id = created.data!.createRegion.region!.id;
    const read = await client.query<NodeByIdData>({ query: gql(NodeById), variables: { id } });
    expect(read.data!.node).toEqual({ __typename: 'Region', id, name: 'Belgorod Oblast (Apollo)' });

    const refused = await client
      .mutate({ mutation: gql(CreateRegion), variables: { name: 'Refused Oblast' } })
      .catch((error: { errors?: { extensions?: { code?: string } }[] }) => error);
    expect((refused as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
